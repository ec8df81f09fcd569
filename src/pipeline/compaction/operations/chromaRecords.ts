import type { AttributeValue } from '../../../ports/values.js';
import type { Metadata, MetadataValue, Where } from '../../../ports/vectorStore.js';
import type { ReceiptRef } from './messageFields.js';

/** Chroma-side helpers shared by the update steps (spec §3.7–§3.9, §3.11, §3.12). */

/** `{"$and":[{"image_id":{"$eq":img}},{"receipt_id":{"$eq":rid}}]}`: one top-level operator, as Chroma Cloud requires. */
export function receiptWhere(receipt: ReceiptRef): Where {
  return { $and: [{ image_id: { $eq: receipt.image_id } }, { receipt_id: { $eq: receipt.receipt_id } }] };
}

/**
 * The line ids of a LINES row (§3.7): its `row_line_ids` (a JSON string list); a legacy row (one record per
 * line) has none and stands for `[line_id]`.
 */
export function rowLineIds(metadata: Metadata | null): number[] {
  const listed = metadata?.row_line_ids;
  if (typeof listed === 'string') return (JSON.parse(listed) as unknown[]).map(Number);
  const lineId = metadata?.line_id;
  return typeof lineId === 'number' ? [lineId] : [];
}

/**
 * A change value as Chroma metadata: scalars as they are; a list or map (no Chroma-relevant field holds one)
 * as its JSON text, since Chroma metadata values are flat.
 */
export function metadataValue(value: AttributeValue): MetadataValue {
  return value === null || typeof value !== 'object' ? value : JSON.stringify(value);
}

/** A mutable copy of a record's metadata. */
export function copyMetadata(metadata: Metadata | null | undefined): Record<string, MetadataValue> {
  return { ...(metadata ?? {}) };
}

/** The metadata without the given keys (dropped from an outgoing object, they keep their stored values). */
export function omitKeys(metadata: Readonly<Record<string, MetadataValue>>, keys: ReadonlySet<string>): Record<string, MetadataValue> {
  return Object.fromEntries(Object.entries(metadata).filter(([key]) => !keys.has(key)));
}
