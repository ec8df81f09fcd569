import type { Clock } from '../../ports/clock.js';
import type { Draw } from '../../pipeline/ingest/draw.js';
import type { AnalysisInput, LabelDecision, ReceiptAnalysis, ReceiptLlm } from '../../pipeline/validation/receiptLlm.js';

/**
 * How long the model takes to answer, drawn per call from buckets (a `service` choice: value 0 = the
 * fastest bucket) and slept on the caller's clock before the wrapped stand-in answers. Seed 000 saw an
 * analysis take 20–30 s; validation calls are shorter.
 */
export interface LlmLatencyBuckets {
  readonly analyzeMs: readonly number[];
  readonly validateMs: readonly number[];
}

export const defaultLlmLatencyBuckets: LlmLatencyBuckets = {
  analyzeMs: [2_000, 5_000, 10_000, 20_000, 30_000],
  validateMs: [1_000, 3_000, 8_000, 15_000, 30_000],
};

export class DrawnLatencyLlm implements ReceiptLlm {
  constructor(
    private readonly inner: ReceiptLlm,
    private readonly draw: Draw,
    private readonly clock: Clock,
    private readonly buckets: LlmLatencyBuckets = defaultLlmLatencyBuckets,
  ) {}

  async analyzeReceipt(input: AnalysisInput): Promise<ReceiptAnalysis> {
    await this.think(this.buckets.analyzeMs);
    return this.inner.analyzeReceipt(input);
  }

  async validateLabels(input: Parameters<ReceiptLlm['validateLabels']>[0]): Promise<LabelDecision[]> {
    await this.think(this.buckets.validateMs);
    return this.inner.validateLabels(input);
  }

  private async think(bucketsMs: readonly number[]): Promise<void> {
    if (bucketsMs.length === 0) return;
    await this.clock.sleep(bucketsMs[this.draw(bucketsMs.length)]!);
  }
}
