import type { AttributeValue, Item } from '../../ports/values.js';
import type { StreamEntityType } from './parsers.js';

/**
 * Change detection (spec §2.4, §2.5): a field is changed when its old and new values differ, a missing
 * entity counting as all fields null. For a REMOVE (no new entity) every non-null old field therefore
 * appears with `new: null`.
 */
export const RELEVANT_FIELDS: Readonly<Record<StreamEntityType, readonly string[]>> = {
  RECEIPT_PLACE: ['merchant_name', 'merchant_category', 'formatted_address', 'phone_number', 'place_id'],
  RECEIPT_WORD_LABEL: ['label', 'reasoning', 'validation_status', 'label_proposed_by', 'label_consolidated_from'],
  RECEIPT_SECTION: ['section_type', 'line_ids', 'confidence', 'validation_status'],
  RECEIPT_SUMMARY: ['timestamp_computed'],
  RECEIPT_METADATA: ['canonical_merchant_name', 'merchant_name', 'merchant_category', 'address', 'phone_number', 'place_id'],
  COMPACTION_RUN: [],
  RECEIPT_WORD: [],
  RECEIPT_LINE: [],
  RECEIPT: [],
};

export interface FieldChange {
  readonly old: AttributeValue;
  readonly new: AttributeValue;
}

export type Changes = Readonly<Record<string, FieldChange>>;

export function detectChanges(entityType: StreamEntityType, oldEntity: Item | null, newEntity: Item | null): Changes {
  const changes: Record<string, FieldChange> = {};
  for (const field of RELEVANT_FIELDS[entityType]) {
    const before = oldEntity?.[field] ?? null;
    const after = newEntity?.[field] ?? null;
    if (!valuesEqual(before, after)) changes[field] = { old: before, new: after };
  }
  return changes;
}

/** Python's `==` on the JSON-like values entities hold. */
function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((value: AttributeValue, i) => valuesEqual(value, (b as readonly AttributeValue[])[i]!));
  }
  const mapA = a as { readonly [key: string]: AttributeValue };
  const mapB = b as { readonly [key: string]: AttributeValue };
  const keys = Object.keys(mapA);
  return keys.length === Object.keys(mapB).length && keys.every((key) => Object.hasOwn(mapB, key) && valuesEqual(mapA[key]!, mapB[key]!));
}
