import type { Clock } from '../../ports/clock.js';
import { CORE_LABELS } from '../entities/coreLabels.js';
import { type Draw, chance, pick } from '../ingest/draw.js';
import {
  type AnalysisInput,
  type LabelDecision,
  type LabelProposal,
  type LabelToValidate,
  LlmUnavailable,
  type ReceiptAnalysis,
  type ReceiptLlm,
} from './receiptLlm.js';

/**
 * The LLM stand-in: every answer comes from the injected integer source, so a run is reproducible and
 * shrinkable, and with value 0 everywhere the model finds no mismatch, proposes no label and fails
 * nothing. Rates (probabilities; 0 and 1 draw nothing):
 * - `failure`: per call, the call raises LlmUnavailable (drawn first);
 * - `merchantMismatch`: per analysis, a critical mismatch is found and the merchant is corrected to the
 *   receipt's first non-noise line (the printed name, which always differs from the Places name);
 * - `labelPerWord`: per non-noise word, a label is proposed (a CORE_LABELS name, value 0 = the first);
 * - `verified`: per proposal, the graph verified it;
 * - `invalid`: per label to validate, the decision is INVALID (else VALID).
 * `latencyMs` is slept on `clock` per call (an analysis took 20–30 s in seed 000).
 */
export interface LlmRates {
  readonly failure: number;
  readonly merchantMismatch: number;
  readonly labelPerWord: number;
  readonly verified: number;
  readonly invalid: number;
}

export interface DeterministicLlmOptions {
  readonly draw: Draw;
  readonly rates?: Partial<LlmRates>;
  readonly clock?: Clock;
  readonly latencyMs?: { readonly analyze?: number; readonly validate?: number };
}

export const labelProposer = 'simple_receipt_analyzer';

const noRates: LlmRates = { failure: 0, merchantMismatch: 0, labelPerWord: 0, verified: 0, invalid: 0 };

export class DeterministicLlm implements ReceiptLlm {
  readonly rates: LlmRates;

  constructor(private readonly options: DeterministicLlmOptions) {
    this.rates = { ...noRates, ...options.rates };
  }

  async analyzeReceipt(input: AnalysisInput): Promise<ReceiptAnalysis> {
    await this.think(this.options.latencyMs?.analyze);
    this.failMaybe('analyze_receipt');
    const { draw } = this.options;
    const header = input.lines.find((l) => !l.is_noise);
    const mismatch = header !== undefined && chance(draw, this.rates.merchantMismatch);
    const proposals: LabelProposal[] = [];
    const words = input.words.filter((w) => !w.is_noise).sort((a, b) => a.line_id - b.line_id || a.word_id - b.word_id);
    for (const word of words) {
      if (!chance(draw, this.rates.labelPerWord)) continue;
      const label = pick(draw, CORE_LABELS);
      proposals.push({
        line_id: word.line_id,
        word_id: word.word_id,
        label,
        reasoning: `"${word.text}" reads as ${label}`,
        label_proposed_by: labelProposer,
        label_consolidated_from: null,
        verified: chance(draw, this.rates.verified),
      });
    }
    if (!mismatch) return { proposals };
    return {
      proposals,
      merchantCorrection: {
        merchant_name: header.text,
        reasoning: `The receipt header reads "${header.text}", not "${input.merchant_name}"`,
      },
    };
  }

  async validateLabels(input: { readonly labels: readonly LabelToValidate[] }): Promise<LabelDecision[]> {
    await this.think(this.options.latencyMs?.validate);
    this.failMaybe('validate_labels');
    return input.labels.map((label) => {
      const invalid = chance(this.options.draw, this.rates.invalid);
      return {
        line_id: label.line_id,
        word_id: label.word_id,
        label: label.label,
        validation_status: invalid ? 'INVALID' : 'VALID',
        reasoning: `"${label.text}" ${invalid ? 'is not' : 'is'} ${label.label}`,
      };
    });
  }

  private async think(latencyMs: number | undefined): Promise<void> {
    if (this.options.clock !== undefined && latencyMs !== undefined && latencyMs > 0) await this.options.clock.sleep(latencyMs);
  }

  private failMaybe(call: string): void {
    if (chance(this.options.draw, this.rates.failure)) throw new LlmUnavailable(`${call}: the model call failed`);
  }
}
