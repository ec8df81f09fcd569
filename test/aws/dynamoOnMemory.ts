import { DynamoDBClient, DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  DeleteCommand,
  type DeleteCommandInput,
  DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { MemoryTable } from '../../src/adapters/memory/dynamodb/memoryTable.js';
import { PortError, ServiceUnavailable, TransactionCanceled } from '../../src/ports/errors.js';
import type { BatchWriteRequest, IndexName, TableKey, TransactAction } from '../../src/ports/table.js';
import type { Item } from '../../src/ports/values.js';
import { ExpressionReader, type Placeholders } from './dynamoExpressionParser.js';

/**
 * A stateful DynamoDB behind aws-sdk-client-mock: every DocumentClient command the DynamoTable adapter
 * sends is parsed back (expression strings and placeholders, dynamoExpressionParser.ts) and answered by
 * the in-memory table, and the table's errors go back as the exceptions DynamoDB sends (name, status,
 * fault, CancellationReasons). The Table contract then checks, case by case, that the adapter's rendered
 * requests and its mapping of responses and errors keep the port's semantics.
 */
export function documentClientOnMemory(table: MemoryTable): DynamoDBDocumentClient {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'mock', secretAccessKey: 'mock' } }),
  );
  const mock = mockClient(client);
  const answer =
    <I, O>(call: (input: I) => Promise<O>) =>
    async (input: I): Promise<O> => {
      try {
        return await call(input);
      } catch (error) {
        throw wireError(error);
      }
    };

  mock.on(PutCommand).callsFake(
    answer(async (input: PutCommandInput) => {
      const reader = new ExpressionReader(input);
      const condition = optionalCondition(reader, input.ConditionExpression);
      await table.putItem({ item: input.Item as Item, ...condition });
      return {};
    }),
  );
  mock.on(GetCommand).callsFake(
    answer(async (input: GetCommandInput) => {
      const item = await table.getItem({ key: input.Key as TableKey, consistentRead: input.ConsistentRead === true });
      return item === undefined ? {} : { Item: item };
    }),
  );
  mock.on(UpdateCommand).callsFake(
    answer(async (input: UpdateCommandInput) => {
      const reader = new ExpressionReader(input);
      const update = input.UpdateExpression === undefined ? {} : reader.update(input.UpdateExpression);
      const condition = optionalCondition(reader, input.ConditionExpression);
      const returnNew = input.ReturnValues === 'ALL_NEW';
      const item = await table.updateItem({ key: input.Key as TableKey, update, ...condition, returnNew });
      return item === undefined ? {} : { Attributes: item };
    }),
  );
  mock.on(DeleteCommand).callsFake(
    answer(async (input: DeleteCommandInput) => {
      const condition = optionalCondition(new ExpressionReader(input), input.ConditionExpression);
      const old = await table.deleteItem({ key: input.Key as TableKey, ...condition });
      return old === undefined || input.ReturnValues !== 'ALL_OLD' ? {} : { Attributes: old };
    }),
  );
  mock.on(QueryCommand).callsFake(
    answer(async (input: QueryCommandInput) => {
      const reader = new ExpressionReader(input);
      const key = reader.keyCondition(input.KeyConditionExpression!);
      const filter = input.FilterExpression === undefined ? {} : { filter: reader.condition(input.FilterExpression) };
      reader.finish();
      const page = await table.query({
        key,
        ...filter,
        ...(input.IndexName === undefined ? {} : { index: input.IndexName as IndexName }),
        ...(input.Limit === undefined ? {} : { limit: input.Limit }),
        ...(input.ExclusiveStartKey === undefined ? {} : { exclusiveStartKey: input.ExclusiveStartKey as Item }),
        ...(input.ScanIndexForward === undefined ? {} : { scanIndexForward: input.ScanIndexForward }),
        consistentRead: input.ConsistentRead === true,
      });
      const items = [...page.items];
      return { Items: items, Count: items.length, ...(page.lastEvaluatedKey === undefined ? {} : { LastEvaluatedKey: page.lastEvaluatedKey }) };
    }),
  );
  mock.on(TransactWriteCommand).callsFake(
    answer(async (input: TransactWriteCommandInput) => {
      await table.transactWriteItems((input.TransactItems ?? []).map(transactAction));
      return {};
    }),
  );
  mock.on(BatchWriteCommand).callsFake(
    answer(async (input: BatchWriteCommandInput) => {
      const requests = (input.RequestItems?.[table.name] ?? []).map(
        (request): BatchWriteRequest =>
          request.PutRequest !== undefined ? { kind: 'put', item: request.PutRequest.Item as Item } : { kind: 'delete', key: request.DeleteRequest!.Key as TableKey },
      );
      const { unprocessed } = await table.batchWriteItem(requests);
      const back = unprocessed.map((r) => (r.kind === 'put' ? { PutRequest: { Item: r.item } } : { DeleteRequest: { Key: r.key } }));
      return { UnprocessedItems: back.length === 0 ? {} : { [table.name]: back } };
    }),
  );
  return client;
}

function optionalCondition(reader: ExpressionReader, expression: string | undefined) {
  const condition = expression === undefined ? {} : { condition: reader.condition(expression) };
  reader.finish();
  return condition;
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

function transactAction(item: TransactItem): TransactAction {
  const part = item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck!;
  const reader = new ExpressionReader(part as Placeholders);
  if (item.Put !== undefined) return { kind: 'put', item: item.Put.Item as Item, ...optionalCondition(reader, item.Put.ConditionExpression) };
  if (item.Update !== undefined) {
    const update = reader.update(item.Update.UpdateExpression!);
    return { kind: 'update', key: item.Update.Key as TableKey, update, ...optionalCondition(reader, item.Update.ConditionExpression) };
  }
  if (item.Delete !== undefined) return { kind: 'delete', key: item.Delete.Key as TableKey, ...optionalCondition(reader, item.Delete.ConditionExpression) };
  const check = item.ConditionCheck!;
  const condition = reader.condition(check.ConditionExpression!);
  reader.finish();
  return { kind: 'conditionCheck', key: check.Key as TableKey, condition };
}

/** A port error of the in-memory table as the DynamoDB exception the wire carries. */
function wireError(error: unknown): unknown {
  if (!(error instanceof PortError)) return error;
  const status = error instanceof ServiceUnavailable ? 500 : 400;
  const wire = new DynamoDBServiceException({
    name: error.code,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    message: error.message,
  });
  return error instanceof TransactionCanceled ? Object.assign(wire, { CancellationReasons: error.reasons.map((Code) => ({ Code })) }) : wire;
}
