import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { probeCapabilities, requireCapabilities } from '../../src/adapters/aws/capabilities.js';
import { dynamoCapabilityProbe, tableStreamArn } from '../../src/adapters/aws/dynamoCapabilities.js';
import { UsageError } from '../../src/sim/errors.js';
import { createLocalTable, localDynamoClient } from './dynamoLocal.js';
import { dynamoError, mockedTable } from './dynamoMocks.js';

const stream = 'arn:aws:dynamodb:us-east-1:000000000000:table/receipts/stream/2025-11-14T12:00:00.000';
const probeKey = { PK: 'PROBE#receipt-sim', SK: 'CAPABILITIES#run-1' };

describe('DynamoDB capability probe', () => {
  it('finds conditional writes, transactions and the stream on a target that has them, and deletes its item before and after', async () => {
    const { table, mock } = mockedTable();
    mock.on(PutCommand).resolvesOnce({}).rejects(dynamoError('ConditionalCheckFailedException'));
    mock.on(TransactWriteCommand).rejects(dynamoError('TransactionCanceledException', { CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] }));
    mock.on(DeleteCommand).resolves({});
    mock.on(DescribeTableCommand).resolves({ Table: { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' }, LatestStreamArn: stream } });
    const capabilities = await probeCapabilities([dynamoCapabilityProbe(table, 'run-1')]);
    expect([...capabilities.values()].map((finding) => [finding.capability, finding.present])).toEqual([
      ['dynamodb.conditionalWrites', true],
      ['dynamodb.transactions', true],
      ['dynamodb.streams', true],
    ]);
    expect(mock.commandCalls(PutCommand)[0]!.args[0].input.Item).toMatchObject(probeKey);
    expect(mock.commandCalls(DeleteCommand).map((call) => call.args[0].input.Key)).toEqual([probeKey, probeKey]);
  });

  it('reports ignored conditions, an unknown TransactWriteItems and a stream of another view type, and refuses a profile that needs them', async () => {
    const { table, mock } = mockedTable();
    mock.on(PutCommand).resolves({});
    mock.on(TransactWriteCommand).rejects(dynamoError('UnknownOperationException'));
    mock.on(DeleteCommand).resolves({});
    mock.on(DescribeTableCommand).resolves({ Table: { StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' }, LatestStreamArn: stream } });
    const capabilities = await probeCapabilities([dynamoCapabilityProbe(table, 'run-1')]);
    expect([...capabilities.values()].filter((finding) => finding.present)).toEqual([]);
    expect(capabilities.get('dynamodb.transactions')?.evidence).toContain('unknown operation');
    const refuse = () => requireCapabilities({ profile: 'head', capabilities: ['dynamodb.conditionalWrites', 'dynamodb.streams'] }, capabilities);
    expect(refuse).toThrow(UsageError);
    expect(refuse).toThrow(/conditional DynamoDB writes.*accepted.*DynamoDB Streams.*no NEW_AND_OLD_IMAGES stream/);
  });

  it('fails rather than guesses when the target throttles the probe past its retries', async () => {
    const { table, mock } = mockedTable(2);
    mock.on(PutCommand).rejects(dynamoError('ThrottlingException'));
    mock.on(DeleteCommand).resolves({});
    await expect(dynamoCapabilityProbe(table, 'run-1').probe()).rejects.toMatchObject({ code: 'ThrottlingException' });
  });

  it('on dynalite finds conditional writes only (no TransactWriteItems, no Streams: toolchain.md) and leaves no probe item', async () => {
    const table = await createLocalTable(localDynamoClient(), 'capabilities');
    const findings = await dynamoCapabilityProbe(table, 'run-1').probe();
    expect(findings.map((finding) => [finding.capability, finding.present])).toEqual([
      ['dynamodb.conditionalWrites', true],
      ['dynamodb.transactions', false],
      ['dynamodb.streams', false],
    ]);
    expect(await tableStreamArn(table)).toBeUndefined();
    expect(await table.getItem({ key: probeKey, consistentRead: true })).toBeUndefined();
  });
});
