import { ValidationError } from '../../../ports/errors.js';
import type { Condition, Update } from '../../../ports/expressions.js';
import type { BatchWriteRequest, TableKey, TransactAction } from '../../../ports/table.js';
import type { Item } from '../../../ports/values.js';
import { freezeItem, itemSizeBytes, maximumItemSizeBytes } from './attributeValues.js';
import { validateCondition, validateUpdate } from './expressionEvaluation.js';
import { keyId, validateItemKeys, validateKey } from './tableIndexes.js';

/**
 * Requests are checked and copied when the caller makes them (as the SDK serialises them), but a
 * rejection surfaces inside the request's step, like the service's 400 answer.
 */
export function prepare<T>(build: () => T): () => T {
  try {
    const value = build();
    return () => value;
  } catch (error) {
    return () => {
      throw error;
    };
  }
}

/** A frozen copy of an item to store, after the checks DynamoDB makes on it. */
export function storableItem(item: Item): { readonly key: TableKey; readonly item: Item } {
  const frozen = freezeItem(item);
  const key = validateItemKeys(frozen);
  if (itemSizeBytes(frozen) > maximumItemSizeBytes) {
    throw new ValidationError('Item size has exceeded the maximum allowed size');
  }
  return { key, item: frozen };
}

/** A checked copy of an update, so that later changes to the caller's values do not leak in. */
export function storableUpdate(update: Update): Update {
  validateUpdate(update);
  return update.set === undefined ? update : { ...update, set: freezeItem(update.set) };
}

export function checkedCondition(condition: Condition | undefined): Condition | undefined {
  if (condition !== undefined) validateCondition(condition);
  return condition;
}

function requireDistinct(keys: readonly TableKey[], message: string): void {
  const ids = new Set(keys.map(keyId));
  if (ids.size !== keys.length) throw new ValidationError(message);
}

/** A transaction action after validation: its key, and for a put the stored copy of its item. */
export type PreparedAction = TransactAction & { readonly target: TableKey; readonly stored?: Item };

export function prepareTransaction(actions: readonly TransactAction[]): PreparedAction[] {
  if (actions.length === 0 || actions.length > 100) {
    throw new ValidationError(`TransactItems must have between 1 and 100 actions, got ${actions.length}`);
  }
  const prepared = actions.map((action): PreparedAction => {
    checkedCondition(action.condition);
    if (action.kind === 'put') {
      const { key, item } = storableItem(action.item);
      return { ...action, target: key, stored: item };
    }
    if (action.kind === 'update') return { ...action, update: storableUpdate(action.update), target: validateKey(action.key) };
    return { ...action, target: validateKey(action.key) };
  });
  requireDistinct(
    prepared.map((a) => a.target),
    'Transaction request cannot include multiple operations on one item',
  );
  return prepared;
}

/** A batch request after validation: the key it writes and the stored item (undefined for a delete). */
export interface PreparedBatchWrite {
  readonly request: BatchWriteRequest;
  readonly key: TableKey;
  readonly item: Item | undefined;
}

export function prepareBatch(requests: readonly BatchWriteRequest[]): PreparedBatchWrite[] {
  if (requests.length === 0 || requests.length > 25) {
    throw new ValidationError(`BatchWriteItem takes between 1 and 25 requests, got ${requests.length}`);
  }
  const prepared = requests.map((request): PreparedBatchWrite => {
    if (request.kind === 'delete') return { request, key: validateKey(request.key), item: undefined };
    const { key, item } = storableItem(request.item);
    return { request, key, item };
  });
  requireDistinct(
    prepared.map((p) => p.key),
    'Provided list of item keys contains duplicates',
  );
  return prepared;
}
