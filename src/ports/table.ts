import type { Condition, KeyCondition, Update } from './expressions.js';
import type { Item } from './values.js';

/**
 * The single DynamoDB table of the spec (§1.1): hash key `PK`, range key `SK`, GSIs `GSI1`..`GSI4`
 * (keys `GSInPK`/`GSInSK`) and `GSITYPE` (hash `TYPE`). Reads are eventually consistent unless
 * `consistentRead` is set; GSI reads are always eventually consistent.
 */
export interface TableKey {
  readonly PK: string;
  readonly SK: string;
}

export type IndexName = 'GSI1' | 'GSI2' | 'GSI3' | 'GSI4' | 'GSITYPE';

export interface PutRequest {
  readonly item: Item;
  readonly condition?: Condition;
}

export interface GetRequest {
  readonly key: TableKey;
  readonly consistentRead?: boolean;
}

export interface UpdateRequest {
  readonly key: TableKey;
  readonly update: Update;
  readonly condition?: Condition;
  /** Return the item as it is after the update (UpdateItem ReturnValues=ALL_NEW). */
  readonly returnNew?: boolean;
}

export interface DeleteRequest {
  readonly key: TableKey;
  readonly condition?: Condition;
}

export interface QueryRequest {
  readonly index?: IndexName;
  readonly key: KeyCondition;
  readonly filter?: Condition;
  /** Maximum items evaluated in this page (DynamoDB `Limit`). */
  readonly limit?: number;
  readonly exclusiveStartKey?: Item;
  readonly scanIndexForward?: boolean;
  readonly consistentRead?: boolean;
}

export interface QueryPage {
  readonly items: readonly Item[];
  /** Present when more pages follow; pass it back as `exclusiveStartKey`. */
  readonly lastEvaluatedKey?: Item;
}

export type TransactAction =
  | { readonly kind: 'put'; readonly item: Item; readonly condition?: Condition }
  | { readonly kind: 'update'; readonly key: TableKey; readonly update: Update; readonly condition?: Condition }
  | { readonly kind: 'delete'; readonly key: TableKey; readonly condition?: Condition }
  | { readonly kind: 'conditionCheck'; readonly key: TableKey; readonly condition: Condition };

export type BatchWriteRequest =
  | { readonly kind: 'put'; readonly item: Item }
  | { readonly kind: 'delete'; readonly key: TableKey };

export interface BatchWriteResult {
  /** Requests DynamoDB did not process (throttling); the caller retries them. */
  readonly unprocessed: readonly BatchWriteRequest[];
}

export interface Table {
  readonly name: string;
  putItem(request: PutRequest): Promise<void>;
  getItem(request: GetRequest): Promise<Item | undefined>;
  updateItem(request: UpdateRequest): Promise<Item | undefined>;
  /** Returns the deleted item, if there was one. */
  deleteItem(request: DeleteRequest): Promise<Item | undefined>;
  /** One page. Use `queryAll` to follow `lastEvaluatedKey`. */
  query(request: QueryRequest): Promise<QueryPage>;
  /** All-or-nothing, at most 100 actions, no two on the same item. */
  transactWriteItems(actions: readonly TransactAction[]): Promise<void>;
  /** At most 25 requests, no conditions; some may come back unprocessed. */
  batchWriteItem(requests: readonly BatchWriteRequest[]): Promise<BatchWriteResult>;
}

/** Query helper of §1.1: follows `lastEvaluatedKey` until the result is exhausted. */
export async function queryAll(table: Table, request: QueryRequest): Promise<Item[]> {
  const items: Item[] = [];
  let exclusiveStartKey = request.exclusiveStartKey;
  for (;;) {
    const page = await table.query({ ...request, exclusiveStartKey });
    items.push(...page.items);
    if (page.lastEvaluatedKey === undefined) return items;
    exclusiveStartKey = page.lastEvaluatedKey;
  }
}
