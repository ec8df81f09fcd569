import { ValidationError } from '../../../ports/errors.js';
import type { KeyCondition, SortKeyCondition } from '../../../ports/expressions.js';
import type { IndexName, TableKey } from '../../../ports/table.js';
import type { AttributeValue, Item } from '../../../ports/values.js';
import { compareStrings } from './attributeValues.js';

/**
 * The key schema of the table (§1.1) and its GSIs. GSIs are sparse: an item belongs to an index only
 * when it carries every key attribute of that index. Items with equal index keys are ordered by their
 * table key, so pagination over an index is total.
 */
export interface IndexSchema {
  readonly name: IndexName | 'table';
  readonly hashKey: string;
  readonly rangeKey?: string;
}

const tableSchema: IndexSchema = { name: 'table', hashKey: 'PK', rangeKey: 'SK' };

const globalIndexes: readonly IndexSchema[] = [
  { name: 'GSI1', hashKey: 'GSI1PK', rangeKey: 'GSI1SK' },
  { name: 'GSI2', hashKey: 'GSI2PK', rangeKey: 'GSI2SK' },
  { name: 'GSI3', hashKey: 'GSI3PK', rangeKey: 'GSI3SK' },
  { name: 'GSI4', hashKey: 'GSI4PK', rangeKey: 'GSI4SK' },
  { name: 'GSITYPE', hashKey: 'TYPE' },
];

export function schemaOf(index: IndexName | undefined): IndexSchema {
  if (index === undefined) return tableSchema;
  const schema = globalIndexes.find((s) => s.name === index);
  if (schema === undefined) throw new ValidationError(`The table does not have the specified index: ${index}`);
  return schema;
}

export function keyId(key: TableKey): string {
  return `${key.PK}|${key.SK}`;
}

/** The table key of an item, unchecked (for naming the entity of a request before it is validated). */
export function looseKeyId(item: Item): string {
  return `${String(item.PK)}|${String(item.SK)}`;
}

function requireKeyString(value: AttributeValue | undefined, name: string): string {
  if (typeof value !== 'string') throw new ValidationError(`One or more parameter values were invalid: key ${name} must be a string`);
  if (value === '') throw new ValidationError(`One or more parameter values are not valid: key ${name} is an empty string`);
  return value;
}

export function validateKey(key: TableKey): TableKey {
  return { PK: requireKeyString(key.PK, 'PK'), SK: requireKeyString(key.SK, 'SK') };
}

/** The table key of an item to write, after checking that every key attribute it carries is valid. */
export function validateItemKeys(item: Item): TableKey {
  const key = { PK: requireKeyString(item.PK, 'PK'), SK: requireKeyString(item.SK, 'SK') };
  for (const schema of globalIndexes) {
    for (const name of [schema.hashKey, schema.rangeKey]) {
      if (name !== undefined && Object.hasOwn(item, name)) requireKeyString(item[name], name);
    }
  }
  return key;
}

export function inIndex(item: Item, schema: IndexSchema): boolean {
  return Object.hasOwn(item, schema.hashKey) && (schema.rangeKey === undefined || Object.hasOwn(item, schema.rangeKey));
}

export function validateKeyCondition(condition: KeyCondition, schema: IndexSchema): void {
  if (condition.partitionKey.name !== schema.hashKey) {
    throw new ValidationError(`Query condition missed key schema element: ${schema.hashKey}`);
  }
  const sortKey = condition.sortKey;
  if (sortKey === undefined) return;
  if (sortKey.name !== schema.rangeKey) {
    throw new ValidationError(`Query key condition not supported: ${sortKey.name} is not the range key of ${schema.name}`);
  }
  const c = sortKey.condition;
  if (c.op === 'between' && compareStrings(c.low, c.high) > 0) {
    throw new ValidationError('Invalid KeyConditionExpression: the BETWEEN lower bound is greater than the upper bound');
  }
}

function sortKeyMatches(value: string, condition: SortKeyCondition): boolean {
  switch (condition.op) {
    case 'beginsWith':
      return value.startsWith(condition.prefix);
    case 'between':
      return compareStrings(value, condition.low) >= 0 && compareStrings(value, condition.high) <= 0;
    case '=':
      return value === condition.value;
    case '<':
      return compareStrings(value, condition.value) < 0;
    case '<=':
      return compareStrings(value, condition.value) <= 0;
    case '>':
      return compareStrings(value, condition.value) > 0;
    case '>=':
      return compareStrings(value, condition.value) >= 0;
  }
}

export function matchesKeyCondition(item: Item, schema: IndexSchema, condition: KeyCondition): boolean {
  if (!inIndex(item, schema) || item[schema.hashKey] !== condition.partitionKey.value) return false;
  const sortKey = condition.sortKey;
  if (sortKey === undefined) return true;
  const value = item[sortKey.name];
  return typeof value === 'string' && sortKeyMatches(value, sortKey.condition);
}

/** Ascending index order within one partition: range key, then table key. */
export function compareIndexPositions(a: Item, b: Item, schema: IndexSchema): number {
  const names = schema.rangeKey === undefined || schema.rangeKey === 'SK' ? ['PK', 'SK'] : [schema.rangeKey, 'PK', 'SK'];
  for (const name of names) {
    const order = compareStrings(String(a[name]), String(b[name]));
    if (order !== 0) return order;
  }
  return 0;
}

/** LastEvaluatedKey: the table key plus the index key of the last item evaluated. */
export function positionKey(item: Item, schema: IndexSchema): Item {
  const key: Record<string, AttributeValue> = { PK: item.PK!, SK: item.SK! };
  key[schema.hashKey] = item[schema.hashKey]!;
  if (schema.rangeKey !== undefined) key[schema.rangeKey] = item[schema.rangeKey]!;
  return Object.freeze(key);
}

export function validateStartKey(startKey: Item, schema: IndexSchema): void {
  for (const name of ['PK', 'SK', schema.hashKey, schema.rangeKey]) {
    if (name !== undefined && typeof startKey[name] !== 'string') {
      throw new ValidationError(`The provided starting key is invalid: ${name} is missing`);
    }
  }
}
