import { describe, expect, it } from 'vitest';
import { compareStrings, freezeItem, itemsEqual, itemSizeBytes, orderOf } from '../../../../src/adapters/memory/dynamodb/attributeValues.js';
import { ValidationError } from '../../../../src/ports/errors.js';

describe('attribute values as DynamoDB sees them', () => {
  it('orders strings by UTF-8 bytes: a character above U+FFFF sorts after U+FFFF', () => {
    expect('\u{1F600}' < '\uFFFF').toBe(true);
    expect(compareStrings('\u{1F600}', '\uFFFF')).toBe(1);
    expect(compareStrings('RECEIPT#00001', 'RECEIPT#00001#LINE')).toBe(-1);
    expect(compareStrings('b', 'a')).toBe(1);
    expect(compareStrings('a', 'a')).toBe(0);
  });

  it('orders numbers numerically and refuses to order values of different types', () => {
    expect(orderOf(9, 10)).toBe(-1);
    expect(orderOf('9', '10')).toBe(1);
    expect(orderOf('9', 10)).toBeUndefined();
    expect(orderOf(true, false)).toBeUndefined();
  });

  it('compares maps regardless of key order and lists in order', () => {
    expect(itemsEqual({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(itemsEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(itemsEqual({ a: '1' }, { a: 1 })).toBe(false);
    expect(itemsEqual(undefined, {})).toBe(false);
  });

  it('stores deep-frozen copies and rejects values DynamoDB cannot hold', () => {
    const source = { PK: 'A', nested: { list: [{ x: 1 }] } };
    const stored = freezeItem(source);
    expect(stored).toEqual(source);
    expect(stored).not.toBe(source);
    expect(Object.isFrozen((stored.nested as { list: readonly object[] }).list[0])).toBe(true);
    expect(() => freezeItem({ n: Number.NaN })).toThrow(ValidationError);
  });

  it('counts attribute names and UTF-8 bytes of values in the item size', () => {
    expect(itemSizeBytes({ ab: 'xyz' })).toBe(5);
    expect(itemSizeBytes({ s: 'é' })).toBe(3);
  });
});
