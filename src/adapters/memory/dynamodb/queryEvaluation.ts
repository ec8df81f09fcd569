import { ValidationError } from '../../../ports/errors.js';
import type { QueryPage, QueryRequest } from '../../../ports/table.js';
import type { Item } from '../../../ports/values.js';
import { itemSizeBytes } from './attributeValues.js';
import { conditionPaths, evaluateCondition, validateCondition } from './expressionEvaluation.js';
import {
  compareIndexPositions,
  type IndexSchema,
  matchesKeyCondition,
  positionKey,
  schemaOf,
  validateKeyCondition,
  validateStartKey,
} from './tableIndexes.js';

/**
 * Query as DynamoDB evaluates it: the key condition selects one partition of the table or an index,
 * items come in index order (reversed when `scanIndexForward` is false) after `exclusiveStartKey`, and a
 * page ends after `limit` items were *evaluated* or about `pageSizeBytes` were read; the filter is applied
 * to the evaluated items afterwards, so a page can be short or empty and still have a next page.
 */
export interface QueryPlan {
  readonly request: QueryRequest;
  readonly schema: IndexSchema;
}

/** What DynamoDB rejects before reading anything. */
export function planQuery(request: QueryRequest): QueryPlan {
  const schema = schemaOf(request.index);
  validateKeyCondition(request.key, schema);
  if (request.index !== undefined && request.consistentRead === true) {
    throw new ValidationError('Consistent reads are not supported on global secondary indexes');
  }
  if (request.limit !== undefined && (!Number.isInteger(request.limit) || request.limit < 1)) {
    throw new ValidationError(`Limit must be a positive integer, got ${request.limit}`);
  }
  if (request.exclusiveStartKey !== undefined) validateStartKey(request.exclusiveStartKey, schema);
  if (request.filter !== undefined) {
    validateCondition(request.filter);
    const keyNames = [schema.hashKey, schema.rangeKey];
    const keyPath = conditionPaths(request.filter).find((path) => keyNames.includes(path));
    if (keyPath !== undefined) {
      throw new ValidationError(`Filter Expression can only contain non-primary key attributes: ${keyPath}`);
    }
  }
  return { request, schema };
}

/** The versions a query may see of each item it considers, and the choice among them. */
export interface QuerySource {
  /** Per item: the versions the read may return, newest first (one when the read is consistent). */
  readonly itemVersions: Iterable<readonly (Item | undefined)[]>;
  /** Index of the version to use among `count` (0 = newest); only asked when count > 1. */
  choose(count: number): number;
}

export interface QueryOutcome {
  readonly page: QueryPage;
  /** How many items were read at a version older than the newest. */
  readonly staleItems: number;
}

export function evaluateQuery(plan: QueryPlan, source: QuerySource, pageSizeBytes: number): QueryOutcome {
  const { request, schema } = plan;
  const matches = (item: Item | undefined): item is Item =>
    item !== undefined && matchesKeyCondition(item, schema, request.key);
  const visible: Item[] = [];
  let staleItems = 0;
  for (const versions of source.itemVersions) {
    if (!versions.some(matches)) continue;
    const chosen = versions.length > 1 ? source.choose(versions.length) : 0;
    if (chosen > 0) staleItems++;
    const item = versions[chosen];
    if (matches(item)) visible.push(item);
  }
  const direction = request.scanIndexForward === false ? -1 : 1;
  visible.sort((a, b) => direction * compareIndexPositions(a, b, schema));
  const start = request.exclusiveStartKey;
  const remaining =
    start === undefined ? visible : visible.filter((item) => direction * compareIndexPositions(item, start, schema) > 0);

  const items: Item[] = [];
  let evaluated = 0;
  let bytes = 0;
  for (const item of remaining) {
    evaluated++;
    bytes += itemSizeBytes(item);
    if (request.filter === undefined || evaluateCondition(request.filter, item)) items.push(item);
    if (evaluated === request.limit || bytes >= pageSizeBytes) {
      return { page: { items, lastEvaluatedKey: positionKey(item, schema) }, staleItems };
    }
  }
  return { page: { items }, staleItems };
}
