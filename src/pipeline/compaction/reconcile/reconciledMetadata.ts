import type { Metadata, MetadataValue } from '../../../ports/vectorStore.js';
import type { ReceiptPlace } from '../../entities/receiptPlace.js';
import type { ReceiptWordLabel } from '../../entities/receiptWordLabel.js';
import { titleCase } from '../../ingest/embedRecords.js';
import { rowLabelEnrichment } from '../../ingest/labelEnrichment.js';
import { reconstructLabelMetadata } from '../operations/labelMetadata.js';
import { rowLabelMetadata } from '../operations/rowLabelUpdates.js';

/**
 * The merchant and label metadata a vector gets from the current DynamoDB state under `chromaReconcile`
 * (ours), as a patch for Chroma's merging `update` (§3.12: a key set to null is deleted). Every key the
 * pipeline derives from the place or the labels is stated, so stale values of earlier updates cannot
 * survive a merge:
 *
 * Words (one vector per ReceiptWord):
 * - merchant keys as §3.6 writes them from a ReceiptPlace (`merchant_name`, `merchant_category`,
 *   `address` = `formatted_address`, `phone_number`, `place_id`); without a place, `merchant_name` ""
 *   (§3.11) and the others absent; `canonical_merchant_name` (seed era only) absent;
 * - label keys as §3.7 `update_word_labels` rebuilds them from all the word's labels, keys it leaves out
 *   (no PENDING or VALID label) absent, and every other `label_*` key absent.
 * Rows (one vector per visual row, keyed by its primary line):
 * - merchant keys as for words but `merchant_name` title-cased and absent without a place (§3.11);
 * - the §3.7 LINES flags `label_{LABEL}` and `label_status` over the labels of the row's lines (stale
 *   flags absent), and the embed-time `valid_labels_array` / `invalid_labels_array` of §3.11 over the same
 *   labels (absent when empty).
 */
export type MetadataPatch = Record<string, MetadataValue>;

const optionalWordLabelKeys = ['label_confidence', 'label_proposed_by', 'label_validated_at'] as const;

export function wordMetadataPatch(existing: Metadata | null, place: ReceiptPlace | undefined, labels: readonly ReceiptWordLabel[]): MetadataPatch {
  const labelKeys: MetadataPatch = { ...Object.fromEntries(optionalWordLabelKeys.map((k) => [k, null])), ...reconstructLabelMetadata(labels, 'head') };
  return { ...staleLabelKeys(existing, labelKeys), ...labelKeys, ...merchantKeys(place, 'word') };
}

export function rowMetadataPatch(existing: Metadata | null, place: ReceiptPlace | undefined, rowLabels: readonly ReceiptWordLabel[]): MetadataPatch {
  const flags: MetadataPatch = {};
  for (const [key, value] of Object.entries(rowLabelMetadata(null, rowLabels))) if (key.startsWith('label_')) flags[key] = value;
  const enrichment = rowLabelEnrichment(rowLabels);
  const labelKeys: MetadataPatch = {
    ...flags,
    valid_labels_array: enrichment.valid_labels_array ?? null,
    invalid_labels_array: enrichment.invalid_labels_array ?? null,
  };
  return { ...staleLabelKeys(existing, labelKeys), ...labelKeys, ...merchantKeys(place, 'row') };
}

/** True when applying the patch would change the stored metadata. */
export function patchChanges(existing: Metadata | null, patch: MetadataPatch): boolean {
  return Object.entries(patch).some(([key, value]) => (existing?.[key] ?? null) !== value);
}

function merchantKeys(place: ReceiptPlace | undefined, record: 'word' | 'row'): MetadataPatch {
  if (place === undefined) {
    return { merchant_name: record === 'word' ? '' : null, merchant_category: null, address: null, phone_number: null, place_id: null, canonical_merchant_name: null };
  }
  return {
    merchant_name: record === 'word' ? place.merchant_name : titleCase(place.merchant_name),
    merchant_category: place.merchant_category,
    address: place.formatted_address,
    phone_number: place.phone_number,
    place_id: place.place_id,
    canonical_merchant_name: null,
  };
}

/** Every stored `label_*` key the new label keys do not set, as null (deleted). */
function staleLabelKeys(existing: Metadata | null, labelKeys: MetadataPatch): MetadataPatch {
  const stale: MetadataPatch = {};
  for (const key of Object.keys(existing ?? {})) if (key.startsWith('label_') && !Object.hasOwn(labelKeys, key)) stale[key] = null;
  return stale;
}
