import { InvalidEntity } from './invalidEntity.js';

/** The value checks entity constructors share (spec §1.3, §1.4). Each returns the value it accepted. */
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidV4Pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const isoPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/;

export function checkUuid(entity: string, field: string, value: string): string {
  if (!uuidPattern.test(value)) throw new InvalidEntity(entity, `${field} must be a UUID, got ${JSON.stringify(value)}`);
  return value;
}

export function checkUuidV4(entity: string, field: string, value: string): string {
  if (!uuidV4Pattern.test(value)) throw new InvalidEntity(entity, `${field} must be a UUID v4, got ${JSON.stringify(value)}`);
  return value;
}

export function checkPositiveInteger(entity: string, field: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new InvalidEntity(entity, `${field} must be a positive integer, got ${value}`);
  return value;
}

export function checkNonNegativeInteger(entity: string, field: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new InvalidEntity(entity, `${field} must be an integer >= 0, got ${value}`);
  return value;
}

export function checkNonEmpty(entity: string, field: string, value: string): string {
  if (value.length === 0) throw new InvalidEntity(entity, `${field} must not be empty`);
  return value;
}

export function checkIsoTimestamp(entity: string, field: string, value: string): string {
  if (!isoPattern.test(value) || Number.isNaN(Date.parse(value))) {
    throw new InvalidEntity(entity, `${field} must be an ISO-8601 timestamp, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function checkFinite(entity: string, field: string, value: number): number {
  if (!Number.isFinite(value)) throw new InvalidEntity(entity, `${field} must be a finite number, got ${value}`);
  return value;
}

/** `low <= value <= high`, or `low < value` when `lowExclusive`. */
export function checkRange(entity: string, field: string, value: number, low: number, high: number, lowExclusive = false): number {
  const aboveLow = lowExclusive ? value > low : value >= low;
  if (!Number.isFinite(value) || !aboveLow || value > high) {
    throw new InvalidEntity(entity, `${field} must be in ${lowExclusive ? '(' : '['}${low}, ${high}], got ${value}`);
  }
  return value;
}

export function checkOneOf<T extends string>(entity: string, field: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new InvalidEntity(entity, `${field} must be one of ${allowed.join('|')}, got ${JSON.stringify(value)}`);
  return found;
}
