import { ValidationError } from '../../../ports/errors.js';
import type { Comparator, Condition, Update } from '../../../ports/expressions.js';
import type { TableKey } from '../../../ports/table.js';
import type { AttributeValue, Item } from '../../../ports/values.js';
import { orderOf, valuesEqual } from './attributeValues.js';

/**
 * Condition and update expressions evaluated as DynamoDB does. A missing item is an item without
 * attributes (so `attribute_not_exists` holds on it). A comparison with a missing attribute or a value of
 * another type is false, except `<>`, which is the negation of `=`. Ordering comparisons take strings
 * and numbers only.
 */
export function validateCondition(condition: Condition): void {
  switch (condition.kind) {
    case 'attributeExists':
    case 'attributeNotExists':
    case 'beginsWith':
      requirePath(condition.path);
      return;
    case 'compare':
      requirePath(condition.path);
      if (condition.op !== '=' && condition.op !== '<>' && typeof condition.value !== 'string' && typeof condition.value !== 'number') {
        throw new ValidationError(`Invalid ConditionExpression: Incorrect operand type for operator or function; operator: ${condition.op}`);
      }
      return;
    case 'and':
    case 'or':
      if (condition.conditions.length === 0) throw new ValidationError(`Invalid ConditionExpression: empty ${condition.kind}`);
      condition.conditions.forEach(validateCondition);
      return;
    case 'not':
      validateCondition(condition.condition);
  }
}

export function evaluateCondition(condition: Condition, item: Item | undefined): boolean {
  const attributes: Item = item ?? {};
  switch (condition.kind) {
    case 'attributeExists':
      return Object.hasOwn(attributes, condition.path);
    case 'attributeNotExists':
      return !Object.hasOwn(attributes, condition.path);
    case 'compare':
      return compareAttribute(attributes[condition.path], condition.op, condition.value);
    case 'beginsWith': {
      const value = attributes[condition.path];
      return typeof value === 'string' && value.startsWith(condition.prefix);
    }
    case 'and':
      return condition.conditions.every((c) => evaluateCondition(c, item));
    case 'or':
      return condition.conditions.some((c) => evaluateCondition(c, item));
    case 'not':
      return !evaluateCondition(condition.condition, item);
  }
}

/** The attribute names a condition reads. */
export function conditionPaths(condition: Condition): string[] {
  switch (condition.kind) {
    case 'and':
    case 'or':
      return condition.conditions.flatMap(conditionPaths);
    case 'not':
      return conditionPaths(condition.condition);
    default:
      return [condition.path];
  }
}

function compareAttribute(actual: AttributeValue | undefined, op: Comparator, expected: AttributeValue): boolean {
  if (op === '=') return actual !== undefined && valuesEqual(actual, expected);
  if (op === '<>') return actual === undefined || !valuesEqual(actual, expected);
  if (actual === undefined) return false;
  const order = orderOf(actual, expected);
  if (order === undefined) return false;
  switch (op) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}

function requirePath(path: string): void {
  if (path === '') throw new ValidationError('Invalid expression: an attribute name is empty');
}

/** Checks what DynamoDB rejects before looking at the item: key attributes, overlapping paths, ADD operands. */
export function validateUpdate(update: Update): void {
  const seen = new Set<string>();
  const paths = [...Object.keys(update.set ?? {}), ...(update.remove ?? []), ...Object.keys(update.add ?? {})];
  for (const path of paths) {
    requirePath(path);
    if (path === 'PK' || path === 'SK') {
      throw new ValidationError(`Cannot update attribute ${path}. This attribute is part of the key`);
    }
    if (seen.has(path)) throw new ValidationError(`Invalid UpdateExpression: Two document paths overlap: ${path}`);
    seen.add(path);
  }
  for (const [path, amount] of Object.entries(update.add ?? {})) {
    if (!Number.isFinite(amount)) throw new ValidationError(`Invalid UpdateExpression: ADD ${path} needs a number`);
  }
}

/** The item after `SET … REMOVE … ADD …`; a missing item starts as its key (UpdateItem upserts). */
export function applyUpdate(current: Item | undefined, key: TableKey, update: Update): Item {
  const removed = new Set(update.remove ?? []);
  const next: Record<string, AttributeValue> = {};
  for (const [path, value] of Object.entries(current ?? { PK: key.PK, SK: key.SK })) {
    if (!removed.has(path)) next[path] = value;
  }
  for (const [path, value] of Object.entries(update.set ?? {})) next[path] = value;
  for (const [path, amount] of Object.entries(update.add ?? {})) {
    const existing = next[path];
    if (existing !== undefined && typeof existing !== 'number') {
      throw new ValidationError('An operand in the update expression has an incorrect data type');
    }
    next[path] = (existing ?? 0) + amount;
  }
  return next;
}
