import type {
  BatchWriteCommandInput,
  DeleteCommandInput,
  GetCommandInput,
  PutCommandInput,
  QueryCommandInput,
  TransactWriteCommandInput,
  TransactWriteItem,
  UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../ports/errors.js';
import type { Condition, Update } from '../../ports/expressions.js';
import type {
  BatchWriteRequest,
  DeleteRequest,
  GetRequest,
  PutRequest,
  QueryRequest,
  TableKey,
  TransactAction,
  UpdateRequest,
} from '../../ports/table.js';
import type { Item } from '../../ports/values.js';
import { ExpressionPlaceholders, renderCondition, renderKeyCondition, renderUpdate } from './dynamoExpressions.js';

/**
 * Port requests as DocumentClient command inputs. Inputs are deep copies made when the caller makes the
 * request, so a caller changing its objects afterwards (before the SDK serialises them) changes nothing.
 * Checks that need the table (key types, key updates, index names) are left to DynamoDB: its
 * ValidationException becomes the port's ValidationError.
 */
const copy = <T>(value: T): T => structuredClone(value);

function keyOf(key: TableKey): TableKey {
  return { PK: key.PK, SK: key.SK };
}

function conditionFields(condition: Condition | undefined, placeholders: ExpressionPlaceholders) {
  return condition === undefined ? {} : { ConditionExpression: renderCondition(condition, placeholders) };
}

function updateFields(request: { readonly update: Update; readonly condition?: Condition }) {
  const placeholders = new ExpressionPlaceholders();
  const expression = renderUpdate(request.update, placeholders);
  const condition = conditionFields(request.condition, placeholders);
  return { ...(expression === undefined ? {} : { UpdateExpression: expression }), ...condition, ...placeholders.fields() };
}

/** A transaction's Update needs an expression (a plain UpdateItem without one just creates the key). */
function transactUpdate(table: string, key: TableKey, request: { readonly update: Update; readonly condition?: Condition }) {
  const { UpdateExpression, ...rest } = updateFields(request);
  if (UpdateExpression === undefined) throw new ValidationError('A transaction update needs at least one SET, REMOVE or ADD clause');
  return { TableName: table, Key: keyOf(key), UpdateExpression, ...rest };
}

function conditionOnly(condition: Condition | undefined) {
  const placeholders = new ExpressionPlaceholders();
  return { ...conditionFields(condition, placeholders), ...placeholders.fields() };
}

export function putInput(table: string, request: PutRequest): PutCommandInput {
  return copy({ TableName: table, Item: request.item, ...conditionOnly(request.condition) });
}

export function getInput(table: string, request: GetRequest): GetCommandInput {
  return copy({ TableName: table, Key: keyOf(request.key), ...(request.consistentRead === true ? { ConsistentRead: true } : {}) });
}

export function updateInput(table: string, request: UpdateRequest): UpdateCommandInput {
  return copy({
    TableName: table,
    Key: keyOf(request.key),
    ...updateFields(request),
    ...(request.returnNew === true ? { ReturnValues: 'ALL_NEW' as const } : {}),
  });
}

export function deleteInput(table: string, request: DeleteRequest): DeleteCommandInput {
  return copy({ TableName: table, Key: keyOf(request.key), ...conditionOnly(request.condition), ReturnValues: 'ALL_OLD' });
}

export function queryInput(table: string, request: QueryRequest): QueryCommandInput {
  const placeholders = new ExpressionPlaceholders();
  const keyCondition = renderKeyCondition(request.key, placeholders);
  const filter = request.filter === undefined ? {} : { FilterExpression: renderCondition(request.filter, placeholders) };
  return copy({
    TableName: table,
    ...(request.index === undefined ? {} : { IndexName: request.index }),
    KeyConditionExpression: keyCondition,
    ...filter,
    ...placeholders.fields(),
    ...(request.limit === undefined ? {} : { Limit: request.limit }),
    ...(request.exclusiveStartKey === undefined ? {} : { ExclusiveStartKey: request.exclusiveStartKey }),
    ...(request.scanIndexForward === undefined ? {} : { ScanIndexForward: request.scanIndexForward }),
    ...(request.consistentRead === true ? { ConsistentRead: true } : {}),
  });
}

function transactItem(table: string, action: TransactAction): TransactWriteItem {
  switch (action.kind) {
    case 'put':
      return { Put: { TableName: table, Item: action.item, ...conditionOnly(action.condition) } };
    case 'update':
      return { Update: transactUpdate(table, action.key, action) };
    case 'delete':
      return { Delete: { TableName: table, Key: keyOf(action.key), ...conditionOnly(action.condition) } };
    case 'conditionCheck': {
      const placeholders = new ExpressionPlaceholders();
      const ConditionExpression = renderCondition(action.condition, placeholders);
      return { ConditionCheck: { TableName: table, Key: keyOf(action.key), ConditionExpression, ...placeholders.fields() } };
    }
  }
}

export function transactInput(table: string, actions: readonly TransactAction[]): TransactWriteCommandInput {
  return copy({ TransactItems: actions.map((action) => transactItem(table, action)) });
}

export type WriteRequestInput = NonNullable<BatchWriteCommandInput['RequestItems']>[string][number];

export function batchWriteItem(request: BatchWriteRequest): WriteRequestInput {
  return copy(request.kind === 'put' ? { PutRequest: { Item: request.item } } : { DeleteRequest: { Key: keyOf(request.key) } });
}

/** The table key a batch write request addresses, as a map key. */
export function writeRequestKey(request: WriteRequestInput): string {
  const key = (request.PutRequest?.Item ?? request.DeleteRequest?.Key ?? {}) as Item;
  return `${String(key.PK)}\u0000${String(key.SK)}`;
}
