import type { Metadata, MetadataValue } from '../../ports/vectorStore.js';

/**
 * Metadata values as Chroma stores them: one row per key with the value in the column of its type.
 * JavaScript has one number type; an integer goes to `int_value` (as JSON `1` reaches Chroma as an int)
 * and any other number to `float_value`.
 */
export interface TypedValue {
  readonly string_value: string | null;
  readonly int_value: number | null;
  readonly float_value: number | null;
  readonly bool_value: number | null;
}

export interface MetadataRow extends TypedValue {
  readonly id: number;
  readonly key: string;
}

export function typedValue(value: Exclude<MetadataValue, null>): TypedValue {
  if (typeof value === 'string') return { string_value: value, int_value: null, float_value: null, bool_value: null };
  if (typeof value === 'boolean') return { string_value: null, int_value: null, float_value: null, bool_value: value ? 1 : 0 };
  if (Number.isSafeInteger(value)) return { string_value: null, int_value: value, float_value: null, bool_value: null };
  return { string_value: null, int_value: null, float_value: value, bool_value: null };
}

export function valueOf(row: TypedValue): Exclude<MetadataValue, null> {
  if (row.string_value !== null) return row.string_value;
  if (row.bool_value !== null) return row.bool_value !== 0;
  if (row.int_value !== null) return row.int_value;
  return row.float_value ?? 0;
}

/** Groups metadata rows by record row id; a record without rows has null metadata, as in Chroma. */
export function metadataByRow(rows: readonly MetadataRow[]): Map<number, Metadata> {
  const result = new Map<number, Record<string, Exclude<MetadataValue, null>>>();
  for (const row of rows) {
    let metadata = result.get(row.id);
    if (metadata === undefined) {
      metadata = {};
      result.set(row.id, metadata);
    }
    metadata[row.key] = valueOf(row);
  }
  return result;
}
