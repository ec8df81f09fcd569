import { BatchWriteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  ConditionalCheckFailed,
  PortError,
  ServiceUnavailable,
  Throttled,
  TransactionCanceled,
  ValidationError,
} from '../../src/ports/errors.js';
import { attributeNotExists } from '../../src/ports/expressions.js';
import type { BatchWriteRequest } from '../../src/ports/table.js';
import { dynamoError, mockedTable } from './dynamoMocks.js';

const key = { PK: 'IMAGE#1', SK: 'RECEIPT#00001' };
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

describe('DynamoTable error mapping (aws-sdk-client-mock)', () => {
  it('ConditionalCheckFailedException becomes ConditionalCheckFailed, sent once', async () => {
    const { table, mock } = mockedTable();
    mock.on(PutCommand).rejects(dynamoError('ConditionalCheckFailedException'));
    const error = await failure(table.putItem({ item: key, condition: attributeNotExists('PK') }));
    expect(error).toBeInstanceOf(ConditionalCheckFailed);
    expect(mock.commandCalls(PutCommand)).toHaveLength(1);
  });

  it('ValidationException becomes ValidationError with the service message', async () => {
    const { table, mock } = mockedTable();
    mock.on(UpdateCommand).rejects(dynamoError('ValidationException'));
    const error = await failure(table.updateItem({ key, update: { set: { SK: 'x' } } }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe('ValidationException (mocked)');
  });

  it('TransactionCanceledException keeps one reason per action, in order', async () => {
    const { table, mock } = mockedTable();
    const reasons = [{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }, { Code: 'TransactionConflict' }];
    mock.on(TransactWriteCommand).rejects(dynamoError('TransactionCanceledException', { CancellationReasons: reasons }));
    const error = await failure(table.transactWriteItems([1, 2, 3].map((i) => ({ kind: 'delete' as const, key: { PK: 'P', SK: `${i}` } }))));
    expect(error).toBeInstanceOf(TransactionCanceled);
    expect((error as TransactionCanceled).reasons).toEqual(['None', 'ConditionalCheckFailed', 'TransactionConflict']);
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('a transaction cancelled because an action was throttled is retried; one refused as invalid is not', async () => {
    const { table, mock, delays } = mockedTable();
    mock
      .on(TransactWriteCommand)
      .rejectsOnce(dynamoError('TransactionCanceledException', { CancellationReasons: [{ Code: 'ThrottlingError' }] }))
      .resolvesOnce({})
      .rejects(dynamoError('TransactionCanceledException', { CancellationReasons: [{ Code: 'ValidationError' }] }));
    await table.transactWriteItems([{ kind: 'delete', key }]);
    expect(delays).toEqual([50]);
    expect(await failure(table.transactWriteItems([{ kind: 'delete', key }]))).toBeInstanceOf(ValidationError);
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });

  it('retries throttling with exponential backoff and succeeds when the service recovers', async () => {
    const { table, mock, delays } = mockedTable();
    mock
      .on(GetCommand)
      .rejectsOnce(dynamoError('ProvisionedThroughputExceededException'))
      .rejectsOnce(dynamoError('ThrottlingException'))
      .resolves({ Item: { ...key, v: 1 } });
    expect(await table.getItem({ key })).toEqual({ ...key, v: 1 });
    expect(mock.commandCalls(GetCommand)).toHaveLength(3);
    expect(delays).toEqual([50, 100]);
  });

  it('maps throttling to Throttled, with the AWS error name, once the attempts run out', async () => {
    const { table, mock, delays } = mockedTable(5);
    mock.on(PutCommand).rejects(dynamoError('ProvisionedThroughputExceededException'));
    const error = await failure(table.putItem({ item: key }));
    expect(error).toBeInstanceOf(Throttled);
    expect((error as Throttled).code).toBe('ProvisionedThroughputExceededException');
    expect(mock.commandCalls(PutCommand)).toHaveLength(5);
    expect(delays).toEqual([50, 100, 200, 400]);
  });

  it('a server fault becomes ServiceUnavailable and is not retried, since a write may have been applied', async () => {
    const { table, mock } = mockedTable();
    mock.on(PutCommand).rejects(dynamoError('InternalServerError', { status: 500 }));
    const error = await failure(table.putItem({ item: key }));
    expect(error).toBeInstanceOf(ServiceUnavailable);
    expect(mock.commandCalls(PutCommand)).toHaveLength(1);
  });

  it('other service errors keep their AWS name as code, a reset connection is ServiceUnavailable, a bug passes through', async () => {
    const { table, mock } = mockedTable();
    const bug = new TypeError('not a service error');
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    mock.on(GetCommand).rejectsOnce(dynamoError('ResourceNotFoundException')).rejectsOnce(reset).rejectsOnce(bug);
    const missing = await failure(table.getItem({ key }));
    expect(missing).toBeInstanceOf(PortError);
    expect((missing as PortError).code).toBe('ResourceNotFoundException');
    expect(await failure(table.getItem({ key }))).toBeInstanceOf(ServiceUnavailable);
    expect(await failure(table.getItem({ key }))).toBe(bug);
  });
});

describe('DynamoTable batch writes (aws-sdk-client-mock)', () => {
  const requests: BatchWriteRequest[] = [
    { kind: 'put', item: { PK: 'P', SK: '1', v: 1 } },
    { kind: 'put', item: { PK: 'P', SK: '2', v: 2 } },
    { kind: 'delete', key: { PK: 'P', SK: '3' } },
  ];

  it('re-sends only the UnprocessedItems, with backoff, until every request is processed', async () => {
    const { table, mock, delays } = mockedTable();
    mock
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { receipts: [{ PutRequest: { Item: { PK: 'P', SK: '2', v: 2 } } }, { DeleteRequest: { Key: { PK: 'P', SK: '3' } } }] } })
      .resolvesOnce({ UnprocessedItems: { receipts: [{ DeleteRequest: { Key: { PK: 'P', SK: '3' } } }] } })
      .resolves({ UnprocessedItems: {} });
    expect(await table.batchWriteItem(requests)).toEqual({ unprocessed: [] });
    const sent = mock.commandCalls(BatchWriteCommand).map((call) => call.args[0].input.RequestItems);
    expect(sent).toEqual([
      {
        receipts: [
          { PutRequest: { Item: { PK: 'P', SK: '1', v: 1 } } },
          { PutRequest: { Item: { PK: 'P', SK: '2', v: 2 } } },
          { DeleteRequest: { Key: { PK: 'P', SK: '3' } } },
        ],
      },
      { receipts: [{ PutRequest: { Item: { PK: 'P', SK: '2', v: 2 } } }, { DeleteRequest: { Key: { PK: 'P', SK: '3' } } }] },
      { receipts: [{ DeleteRequest: { Key: { PK: 'P', SK: '3' } } }] },
    ]);
    expect(delays).toEqual([50, 100]);
  });

  it("hands back the caller's own requests that are still unprocessed after the last attempt", async () => {
    const { table, mock } = mockedTable(3);
    mock.on(BatchWriteCommand).resolves({ UnprocessedItems: { receipts: [{ DeleteRequest: { Key: { PK: 'P', SK: '3' } } }] } });
    const result = await table.batchWriteItem(requests);
    expect(result.unprocessed).toHaveLength(1);
    expect(result.unprocessed[0]).toBe(requests[2]);
    expect(mock.commandCalls(BatchWriteCommand)).toHaveLength(3);
  });

  it('retries a batch throttled as a whole like any other request', async () => {
    const { table, mock } = mockedTable();
    mock.on(BatchWriteCommand).rejectsOnce(dynamoError('ProvisionedThroughputExceededException')).resolves({});
    expect(await table.batchWriteItem(requests)).toEqual({ unprocessed: [] });
    expect(mock.commandCalls(BatchWriteCommand)).toHaveLength(2);
  });
});
