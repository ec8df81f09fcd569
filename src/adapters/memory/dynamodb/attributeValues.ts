import { ValidationError } from '../../../ports/errors.js';
import type { AttributeValue, Item } from '../../../ports/values.js';

/**
 * DynamoDB's view of attribute values: their types, equality, ordering and approximate stored size.
 * Strings order by their UTF-8 bytes (code point order), numbers numerically; values of different
 * types are never equal and never ordered.
 */
export type AttributeType = 'S' | 'N' | 'BOOL' | 'NULL' | 'L' | 'M';

export function typeOf(value: AttributeValue): AttributeType {
  if (typeof value === 'string') return 'S';
  if (typeof value === 'number') return 'N';
  if (typeof value === 'boolean') return 'BOOL';
  if (value === null) return 'NULL';
  return Array.isArray(value) ? 'L' : 'M';
}

function isSurrogate(codeUnit: number): boolean {
  return codeUnit >= 0xd800 && codeUnit <= 0xdfff;
}

/** Code point order, which is the UTF-8 byte order DynamoDB uses (JS `<` compares UTF-16 units). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate encodes a code point above U+FFFF, which sorts after U+E000..U+FFFF.
    if (isSurrogate(x) !== isSurrogate(y)) return isSurrogate(x) ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}

/** The order of two scalars of one type (S or N); undefined when DynamoDB does not order them. */
export function orderOf(a: AttributeValue, b: AttributeValue): number | undefined {
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'number' && typeof b === 'number') return a === b ? 0 : a < b ? -1 : 1;
  return undefined;
}

export function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  if (a === b) return true;
  const type = typeOf(a);
  if (type !== typeOf(b)) return false;
  if (type === 'L') {
    const left = a as readonly AttributeValue[];
    const right = b as readonly AttributeValue[];
    return left.length === right.length && left.every((value, i) => valuesEqual(value, right[i]!));
  }
  if (type === 'M') return itemsEqual(a as Item, b as Item);
  return false;
}

/** Map equality regardless of key order; `undefined` stands for a missing item. */
export function itemsEqual(a: Item | undefined, b: Item | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && valuesEqual(a[key]!, b[key]!));
}

function frozenCopy(value: AttributeValue, path: string): AttributeValue {
  if (value === undefined) throw new ValidationError(`Attribute ${path} has no value (undefined)`);
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new ValidationError(`Attribute ${path} is not a finite number: ${value}`);
  }
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return Object.freeze(value.map((v: AttributeValue, i) => frozenCopy(v, `${path}[${i}]`)));
  return freezeItem(value as Item, `${path}.`);
}

/** A deep, frozen copy of an item: what the table stores and hands out. */
export function freezeItem(item: Item, prefix = ''): Item {
  const copy: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(item)) copy[name] = frozenCopy(value, `${prefix}${name}`);
  return Object.freeze(copy);
}

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function valueSizeBytes(value: AttributeValue): number {
  if (typeof value === 'string') return utf8Bytes(value);
  if (typeof value === 'number') return Math.ceil(String(Math.abs(value)).replace(/[.e+-]/g, '').length / 2) + 1;
  if (value === null || typeof value === 'boolean') return 1;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v: AttributeValue) => sum + 1 + valueSizeBytes(v), 0);
  return 3 + itemSizeBytes(value as Item) + Object.keys(value).length;
}

/** Approximate stored size as DynamoDB counts it: attribute names plus values. */
export function itemSizeBytes(item: Item): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) size += utf8Bytes(name) + valueSizeBytes(value);
  return size;
}

export const maximumItemSizeBytes = 400 * 1024;
