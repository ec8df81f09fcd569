import type { ReceiptLine } from '../entities/receiptLine.js';
import type { ReceiptWord } from '../entities/receiptWord.js';

/**
 * The LLM calls of validation (spec §6.2, §6.3): the LangGraph receipt analysis (label proposals and a
 * merchant check) and the label validation of the async consumer. The pipeline depends only on this
 * interface; `DeterministicLlm` is the simulation's stand-in.
 */
export interface LabelProposal {
  readonly line_id: number;
  readonly word_id: number;
  /** Upper-cased label name. */
  readonly label: string;
  readonly reasoning: string;
  readonly label_proposed_by: string;
  readonly label_consolidated_from: string | null;
  /** The graph's own check confirmed the proposal (§8.6: a verified proposal is saved VALID). */
  readonly verified: boolean;
}

/** A critical merchant mismatch: the name read from the receipt, with the explanation the update stores. */
export interface MerchantCorrection {
  readonly merchant_name: string;
  readonly reasoning: string;
}

export interface ReceiptAnalysis {
  readonly proposals: readonly LabelProposal[];
  readonly merchantCorrection?: MerchantCorrection;
}

export interface AnalysisInput {
  readonly image_id: string;
  readonly receipt_id: number;
  readonly lines: readonly ReceiptLine[];
  readonly words: readonly ReceiptWord[];
  /** The merchant name the stored merchant record holds ("" when there is none). */
  readonly merchant_name: string;
}

export interface LabelToValidate {
  readonly line_id: number;
  readonly word_id: number;
  readonly label: string;
  readonly text: string;
}

export interface LabelDecision {
  readonly line_id: number;
  readonly word_id: number;
  readonly label: string;
  readonly validation_status: 'VALID' | 'INVALID';
  readonly reasoning: string;
}

export interface ReceiptLlm {
  analyzeReceipt(input: AnalysisInput): Promise<ReceiptAnalysis>;
  /** Raises LlmUnavailable when the model call fails. */
  validateLabels(input: { readonly image_id: string; readonly receipt_id: number; readonly labels: readonly LabelToValidate[] }): Promise<LabelDecision[]>;
}

/** The model call failed (timeout, rate limit, malformed output). */
export class LlmUnavailable extends Error {
  override readonly name = 'LlmUnavailable';
}
