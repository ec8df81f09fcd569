/**
 * What each update step of spec §3.3 reports back to `process_collection`: results carry the ids the
 * failure mapping of §3.10 needs and an `error` when the step failed in a way that fails messages.
 */
export interface DeltaMergeResult {
  readonly run_id: string;
  readonly image_id: string;
  readonly receipt_id: number;
  readonly merged_count: number;
  readonly error: string | null;
  /** The SQS message id of the run's message (used to fail exactly that message). */
  readonly record_id: string;
}

/** `reconcile`: a receipt brought in line with DynamoDB under `chromaReconcile` (reported with the place updates). */
export interface ReceiptUpdateResult {
  readonly kind: 'place' | 'section' | 'reconcile';
  readonly image_id: string;
  readonly receipt_id: number;
  readonly updated: number;
  readonly error: string | null;
}

export interface LabelUpdateResult {
  /** The Chroma id the update targeted (a word id, or a row id for LINES). */
  readonly chroma_id: string;
  readonly updated: number;
  readonly error: string | null;
}

export interface DeletionResult {
  readonly entity_type: string;
  readonly image_id: string;
  readonly receipt_id: number;
  readonly deleted: number;
  readonly error: string | null;
}

export interface CollectionUpdateResults {
  readonly deltaMerges: readonly DeltaMergeResult[];
  readonly placeUpdates: readonly ReceiptUpdateResult[];
  readonly labelUpdates: readonly LabelUpdateResult[];
  readonly sectionUpdates: readonly ReceiptUpdateResult[];
  readonly deletions: readonly DeletionResult[];
}
