import type { MetadataValue } from '../../../ports/vectorStore.js';
import type { Era } from '../../config/flags.js';
import type { ReceiptWordLabel } from '../../entities/receiptWordLabel.js';

/**
 * The label metadata of a word reconstructed from all its ReceiptWordLabels (spec §3.7 `update_word_labels`,
 * §8.3 labels bullet): a pure function, so the convergence checker can state the expected metadata with it.
 * Only the keys written are returned (`last_label_update` is the caller's).
 *
 * Head:
 * - `label_status` = `validated` if any label is VALID, else `auto_suggested` if any is PENDING, else
 *   `unvalidated`;
 * - `label_confidence`, `label_proposed_by` of the PENDING label with the greatest `timestamp_added`, each
 *   only when non-null;
 * - `valid_labels_array` / `invalid_labels_array`: the sorted, de-duplicated, trimmed, upper-cased names of
 *   the VALID / INVALID labels, both always written, null when empty (no CORE_LABELS filter);
 * - `label_validated_at` = `timestamp_added` of the latest VALID label, only when there is one.
 * Seed: labels taken in ascending label name; `label_status` as head; `label_proposed_by` of the newest
 * PENDING label if non-null; no `label_confidence`; `validated_labels` / `invalid_labels` = the names as
 * stored joined with a leading and trailing comma (`,DATE,TAX,`) or `""`, both always written;
 * `label_validated_at` of the newest VALID label.
 */
export type LabelStatus = 'validated' | 'auto_suggested' | 'unvalidated';

export function reconstructLabelMetadata(labels: readonly ReceiptWordLabel[], era: Era): Record<string, MetadataValue> {
  const ordered = era === 'seed' ? [...labels].sort((a, b) => compareText(a.label, b.label)) : labels;
  const valid = ordered.filter((l) => l.validation_status === 'VALID');
  const invalid = ordered.filter((l) => l.validation_status === 'INVALID');
  const newestPending = newest(ordered.filter((l) => l.validation_status === 'PENDING'));
  const newestValid = newest(valid);
  const metadata: Record<string, MetadataValue> = { label_status: labelStatus(ordered) };
  if (era === 'head' && newestPending?.confidence != null) metadata.label_confidence = newestPending.confidence;
  if (newestPending?.label_proposed_by != null) metadata.label_proposed_by = newestPending.label_proposed_by;
  if (era === 'head') {
    metadata.valid_labels_array = encodeLabelArray(normalisedNames(valid));
    metadata.invalid_labels_array = encodeLabelArray(normalisedNames(invalid));
  } else {
    metadata.validated_labels = joinedNames(valid);
    metadata.invalid_labels = joinedNames(invalid);
  }
  if (newestValid !== undefined) metadata.label_validated_at = newestValid.timestamp_added;
  return metadata;
}

/** The keys a label REMOVE clears besides every other `label_*` key (§3.7, §8.3). */
export function removedLabelKeys(era: Era): readonly string[] {
  const arrays = era === 'head' ? ['valid_labels_array', 'invalid_labels_array'] : ['validated_labels', 'invalid_labels'];
  return ['label_status', 'label_confidence', 'label_proposed_by', ...arrays, 'label_validated_at'];
}

export function labelStatus(labels: readonly ReceiptWordLabel[]): LabelStatus {
  if (labels.some((l) => l.validation_status === 'VALID')) return 'validated';
  if (labels.some((l) => l.validation_status === 'PENDING')) return 'auto_suggested';
  return 'unvalidated';
}

/**
 * A label list as Chroma metadata. Chroma metadata values are flat in the VectorStore port, so the list is
 * stored as its JSON text (`["DATE","TAX"]`), and an empty list as null (§3.7).
 */
export function encodeLabelArray(names: readonly string[]): string | null {
  return names.length === 0 ? null : JSON.stringify(names);
}

/** The inverse of `encodeLabelArray`. */
export function decodeLabelArray(value: MetadataValue | undefined): string[] {
  return typeof value === 'string' ? (JSON.parse(value) as string[]) : [];
}

/** The first label with the greatest `timestamp_added` (as Python's `max`). */
function newest(labels: readonly ReceiptWordLabel[]): ReceiptWordLabel | undefined {
  let best: ReceiptWordLabel | undefined;
  for (const label of labels) if (best === undefined || label.timestamp_added > best.timestamp_added) best = label;
  return best;
}

function normalisedNames(labels: readonly ReceiptWordLabel[]): string[] {
  return [...new Set(labels.map((l) => l.label.trim().toUpperCase()))].sort(compareText);
}

function joinedNames(labels: readonly ReceiptWordLabel[]): string {
  return labels.length === 0 ? '' : `,${labels.map((l) => l.label).join(',')},`;
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
