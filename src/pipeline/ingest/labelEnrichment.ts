import type { Metadata, MetadataValue } from '../../ports/vectorStore.js';
import { isCoreLabel } from '../entities/coreLabels.js';
import type { ReceiptWordLabel } from '../entities/receiptWordLabel.js';

/**
 * Embed-time label metadata (spec §3.11). Chroma metadata values are scalars, so the label arrays are
 * stored as JSON strings of the sorted names (as `row_line_ids` is); `labelArrayValue` is the one
 * encoding. An empty array is left out of the record.
 *
 * - `label_status` (as §3.7): `validated` if any label is VALID, else `auto_suggested` if any is PENDING,
 *   else `unvalidated`.
 * - words: `label_confidence` and `label_proposed_by` of the newest PENDING label (only when non-null),
 *   `valid_labels_array` / `invalid_labels_array` with CORE_LABELS only and the invalid names minus the
 *   valid ones, `label_validated_at` of the newest VALID label.
 * - rows: the same arrays over the labels of the row's lines; `label_status` is `validated` when any
 *   VALID or INVALID core label was seen (the rule compaction's LINES path uses), else as above.
 */
export function labelArrayValue(names: readonly string[]): string {
  return JSON.stringify([...new Set(names)].sort());
}

export function wordLabelStatus(labels: readonly ReceiptWordLabel[]): string {
  if (labels.some((l) => l.validation_status === 'VALID')) return 'validated';
  if (labels.some((l) => l.validation_status === 'PENDING')) return 'auto_suggested';
  return 'unvalidated';
}

export function wordLabelEnrichment(labels: readonly ReceiptWordLabel[]): Metadata {
  const metadata: Record<string, MetadataValue> = { label_status: wordLabelStatus(labels), ...labelArrays(labels) };
  const newestPending = newest(labels.filter((l) => l.validation_status === 'PENDING'));
  if (newestPending?.confidence !== null && newestPending?.confidence !== undefined) metadata.label_confidence = newestPending.confidence;
  if (newestPending?.label_proposed_by !== null && newestPending?.label_proposed_by !== undefined) {
    metadata.label_proposed_by = newestPending.label_proposed_by;
  }
  const newestValid = newest(labels.filter((l) => l.validation_status === 'VALID'));
  if (newestValid !== undefined) metadata.label_validated_at = newestValid.timestamp_added;
  return metadata;
}

export function rowLabelEnrichment(labels: readonly ReceiptWordLabel[]): Metadata {
  const core = labels.filter((l) => isCoreLabel(l.label));
  const validated = core.some((l) => l.validation_status === 'VALID' || l.validation_status === 'INVALID');
  const pending = core.some((l) => l.validation_status === 'PENDING');
  return { label_status: validated ? 'validated' : pending ? 'auto_suggested' : 'unvalidated', ...labelArrays(labels) };
}

function labelArrays(labels: readonly ReceiptWordLabel[]): Metadata {
  const core = labels.filter((l) => isCoreLabel(l.label));
  const valid = new Set(core.filter((l) => l.validation_status === 'VALID').map((l) => l.label));
  const invalid = core.filter((l) => l.validation_status === 'INVALID' && !valid.has(l.label)).map((l) => l.label);
  return {
    ...(valid.size === 0 ? {} : { valid_labels_array: labelArrayValue([...valid]) }),
    ...(invalid.length === 0 ? {} : { invalid_labels_array: labelArrayValue(invalid) }),
  };
}

function newest(labels: readonly ReceiptWordLabel[]): ReceiptWordLabel | undefined {
  let found: ReceiptWordLabel | undefined;
  for (const label of labels) if (found === undefined || label.timestamp_added > found.timestamp_added) found = label;
  return found;
}
