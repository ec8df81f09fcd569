import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/ports/errors.js';
import { and, attributeExists, attributeNotExists, beginsWith, compare, equals, not, or } from '../../src/ports/expressions.js';
import { queryAll } from '../../src/ports/table.js';
import type { AttributeValue } from '../../src/ports/values.js';
import { mockedTable } from './dynamoMocks.js';

const key = { PK: 'LOCK#lines#compaction', SK: 'LOCK' };

describe('DynamoTable requests (aws-sdk-client-mock)', () => {
  it('putItem sends the item with its condition rendered through name placeholders', async () => {
    const { table, mock } = mockedTable();
    mock.on(PutCommand).resolves({});
    const guard = or(attributeNotExists('PK'), compare('expires', '<', '2025-11-14T10:00:00.000Z'));
    await table.putItem({ item: { ...key, owner: 'a', expires: '2025-11-14T10:05:00.000Z' }, condition: guard });
    expect(mock.commandCalls(PutCommand)[0]!.args[0].input).toEqual({
      TableName: 'receipts',
      Item: { ...key, owner: 'a', expires: '2025-11-14T10:05:00.000Z' },
      ConditionExpression: 'attribute_not_exists(#n0) OR #n1 < :v0',
      ExpressionAttributeNames: { '#n0': 'PK', '#n1': 'expires' },
      ExpressionAttributeValues: { ':v0': '2025-11-14T10:00:00.000Z' },
    });
  });

  it('copies the request when it is made: later changes to the caller objects are not sent', async () => {
    const { table, mock } = mockedTable();
    mock.on(PutCommand).resolves({});
    const list = ['before'];
    const item: Record<string, AttributeValue> = { ...key, list };
    const write = table.putItem({ item });
    list.push('after');
    item.owner = 'changed';
    await write;
    expect(mock.commandCalls(PutCommand)[0]!.args[0].input.Item).toEqual({ ...key, list: ['before'] });
  });

  it('getItem asks for a consistent read only when the request does', async () => {
    const { table, mock } = mockedTable();
    mock.on(GetCommand).resolvesOnce({ Item: { ...key, owner: 'a' } }).resolvesOnce({});
    expect(await table.getItem({ key, consistentRead: true })).toEqual({ ...key, owner: 'a' });
    expect(await table.getItem({ key })).toBeUndefined();
    const inputs = mock.commandCalls(GetCommand).map((call) => call.args[0].input);
    expect(inputs).toEqual([{ TableName: 'receipts', Key: key, ConsistentRead: true }, { TableName: 'receipts', Key: key }]);
  });

  it('updateItem renders SET, REMOVE and ADD and its condition with one set of placeholders', async () => {
    const { table, mock } = mockedTable();
    mock.on(UpdateCommand).resolves({ Attributes: { ...key, status: 'DONE', count: 3 } });
    const updated = await table.updateItem({
      key,
      update: { set: { status: 'DONE', heartbeat: null }, remove: ['expires'], add: { count: 1 } },
      condition: and(equals('owner', 'me'), not(attributeExists('released')), beginsWith('status', 'RUN')),
      returnNew: true,
    });
    expect(updated).toEqual({ ...key, status: 'DONE', count: 3 });
    expect(mock.commandCalls(UpdateCommand)[0]!.args[0].input).toEqual({
      TableName: 'receipts',
      Key: key,
      UpdateExpression: 'SET #n0 = :v0, #n1 = :v1 REMOVE #n2 ADD #n3 :v2',
      ConditionExpression: '#n4 = :v3 AND NOT (attribute_exists(#n5)) AND begins_with(#n0, :v4)',
      ExpressionAttributeNames: { '#n0': 'status', '#n1': 'heartbeat', '#n2': 'expires', '#n3': 'count', '#n4': 'owner', '#n5': 'released' },
      ExpressionAttributeValues: { ':v0': 'DONE', ':v1': null, ':v2': 1, ':v3': 'me', ':v4': 'RUN' },
      ReturnValues: 'ALL_NEW',
    });
  });

  it('updateItem returns nothing unless asked, whatever the service answers', async () => {
    const { table, mock } = mockedTable();
    mock.on(UpdateCommand).resolves({ Attributes: { ...key } });
    expect(await table.updateItem({ key, update: { add: { probes: 1 } } })).toBeUndefined();
    expect(mock.commandCalls(UpdateCommand)[0]!.args[0].input.ReturnValues).toBeUndefined();
  });

  it('deleteItem asks for the old item and returns it, or undefined when there was none', async () => {
    const { table, mock } = mockedTable();
    mock.on(DeleteCommand).resolvesOnce({ Attributes: { ...key, owner: 'a' } }).resolvesOnce({});
    expect(await table.deleteItem({ key, condition: equals('owner', 'a') })).toEqual({ ...key, owner: 'a' });
    expect(await table.deleteItem({ key })).toBeUndefined();
    expect(mock.commandCalls(DeleteCommand).map((call) => call.args[0].input)).toEqual([
      {
        TableName: 'receipts',
        Key: key,
        ConditionExpression: '#n0 = :v0',
        ExpressionAttributeNames: { '#n0': 'owner' },
        ExpressionAttributeValues: { ':v0': 'a' },
        ReturnValues: 'ALL_OLD',
      },
      { TableName: 'receipts', Key: key, ReturnValues: 'ALL_OLD' },
    ]);
  });

  it('query renders the key condition of an index, the filter, the limit, the start key and the direction', async () => {
    const { table, mock } = mockedTable();
    const last = { PK: 'LOCK#lines#a', SK: 'LOCK', GSI1PK: 'LOCK#lines', GSI1SK: 'EXPIRES#2' };
    mock.on(QueryCommand).resolves({ Items: [{ ...last, owner: 'a' }], LastEvaluatedKey: last });
    const page = await table.query({
      index: 'GSI1',
      key: {
        partitionKey: { name: 'GSI1PK', value: 'LOCK#lines' },
        sortKey: { name: 'GSI1SK', condition: { op: 'between', low: 'EXPIRES#1', high: 'EXPIRES#3' } },
      },
      filter: attributeExists('owner'),
      limit: 1,
      exclusiveStartKey: { PK: 'LOCK#lines#0', SK: 'LOCK', GSI1PK: 'LOCK#lines', GSI1SK: 'EXPIRES#1' },
      scanIndexForward: false,
    });
    expect(page).toEqual({ items: [{ ...last, owner: 'a' }], lastEvaluatedKey: last });
    expect(mock.commandCalls(QueryCommand)[0]!.args[0].input).toEqual({
      TableName: 'receipts',
      IndexName: 'GSI1',
      KeyConditionExpression: '#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2',
      FilterExpression: 'attribute_exists(#n2)',
      ExpressionAttributeNames: { '#n0': 'GSI1PK', '#n1': 'GSI1SK', '#n2': 'owner' },
      ExpressionAttributeValues: { ':v0': 'LOCK#lines', ':v1': 'EXPIRES#1', ':v2': 'EXPIRES#3' },
      Limit: 1,
      ExclusiveStartKey: { PK: 'LOCK#lines#0', SK: 'LOCK', GSI1PK: 'LOCK#lines', GSI1SK: 'EXPIRES#1' },
      ScanIndexForward: false,
    });
  });

  it('renders begins_with and comparisons on the sort key, and a consistent table query', async () => {
    const { table, mock } = mockedTable();
    mock.on(QueryCommand).resolves({ Items: [] });
    const partitionKey = { name: 'PK', value: 'IMAGE#1' };
    await table.query({ key: { partitionKey, sortKey: { name: 'SK', condition: { op: 'beginsWith', prefix: 'RECEIPT#00001#' } } }, consistentRead: true });
    await table.query({ key: { partitionKey, sortKey: { name: 'SK', condition: { op: '>=', value: 'RECEIPT#00002' } } } });
    const inputs = mock.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(inputs.map((input) => input.KeyConditionExpression)).toEqual(['#n0 = :v0 AND begins_with(#n1, :v1)', '#n0 = :v0 AND #n1 >= :v1']);
    expect(inputs.map((input) => input.ConsistentRead)).toEqual([true, undefined]);
  });

  it('queryAll follows LastEvaluatedKey page after page and returns every item in order', async () => {
    const { table, mock } = mockedTable();
    const item = (sk: string) => ({ PK: 'IMAGE#1', SK: sk });
    mock
      .on(QueryCommand)
      .resolvesOnce({ Items: [item('A'), item('B')], LastEvaluatedKey: item('B') })
      .resolvesOnce({ Items: [], LastEvaluatedKey: item('C') })
      .resolvesOnce({ Items: [item('D')] });
    const all = await queryAll(table, { key: { partitionKey: { name: 'PK', value: 'IMAGE#1' } }, limit: 2 });
    expect(all).toEqual([item('A'), item('B'), item('D')]);
    const starts = mock.commandCalls(QueryCommand).map((call) => call.args[0].input.ExclusiveStartKey);
    expect(starts).toEqual([undefined, item('B'), item('C')]);
  });

  it('transactWriteItems renders every action with placeholders of its own', async () => {
    const { table, mock } = mockedTable();
    mock.on(TransactWriteCommand).resolves({});
    await table.transactWriteItems([
      { kind: 'put', item: { PK: 'P', SK: '1', v: 1 }, condition: attributeNotExists('PK') },
      { kind: 'update', key: { PK: 'P', SK: '2' }, update: { add: { v: 1 } }, condition: attributeExists('PK') },
      { kind: 'delete', key: { PK: 'P', SK: '3' } },
      { kind: 'conditionCheck', key: { PK: 'P', SK: '4' }, condition: equals('status', 'VALID') },
    ]);
    expect(mock.commandCalls(TransactWriteCommand)[0]!.args[0].input).toEqual({
      TransactItems: [
        {
          Put: {
            TableName: 'receipts',
            Item: { PK: 'P', SK: '1', v: 1 },
            ConditionExpression: 'attribute_not_exists(#n0)',
            ExpressionAttributeNames: { '#n0': 'PK' },
          },
        },
        {
          Update: {
            TableName: 'receipts',
            Key: { PK: 'P', SK: '2' },
            UpdateExpression: 'ADD #n0 :v0',
            ConditionExpression: 'attribute_exists(#n1)',
            ExpressionAttributeNames: { '#n0': 'v', '#n1': 'PK' },
            ExpressionAttributeValues: { ':v0': 1 },
          },
        },
        { Delete: { TableName: 'receipts', Key: { PK: 'P', SK: '3' } } },
        {
          ConditionCheck: {
            TableName: 'receipts',
            Key: { PK: 'P', SK: '4' },
            ConditionExpression: '#n0 = :v0',
            ExpressionAttributeNames: { '#n0': 'status' },
            ExpressionAttributeValues: { ':v0': 'VALID' },
          },
        },
      ],
    });
  });

  it('refuses a transaction update without clauses before sending anything', async () => {
    const { table, mock } = mockedTable();
    const error = await table.transactWriteItems([{ kind: 'update', key, update: {} }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(mock.calls()).toHaveLength(0);
  });
});
