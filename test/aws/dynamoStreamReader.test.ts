import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  DynamoDBStreamsServiceException,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { DynamoStreamReader } from '../../src/adapters/aws/dynamoStreamReader.js';
import { PortError, Throttled } from '../../src/ports/errors.js';
import { recordingRetryPolicy } from './retryPolicies.js';
import { streamArn, wireRecord } from './streamsOnMemory.js';

/** A Streams reader on a client whose answers each test scripts. */
function scriptedReader(maxAttempts = 4) {
  const client = new DynamoDBStreamsClient({ region: 'us-east-1', credentials: { accessKeyId: 'mock', secretAccessKey: 'mock' } });
  const mock = mockClient(client);
  const retry = recordingRetryPolicy(maxAttempts);
  return { reader: new DynamoStreamReader({ streamArn, client, retry }), mock, delays: retry.delays };
}

const streamsError = (name: string) =>
  new DynamoDBStreamsServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message: `${name} (mocked)` });

const shard = (id: string, parent?: string, ending?: string) => ({
  ShardId: id,
  SequenceNumberRange: { StartingSequenceNumber: '100', ...(ending === undefined ? {} : { EndingSequenceNumber: ending }) },
  ...(parent === undefined ? {} : { ParentShardId: parent }),
});

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

describe('DynamoStreamReader (aws-sdk-client-mock, scripted shard trees)', () => {
  it('follows DescribeStream pages and lists parents before their children; closed shards have an ending sequence number', async () => {
    const { reader, mock } = scriptedReader();
    mock
      .on(DescribeStreamCommand)
      .resolvesOnce({ StreamDescription: { Shards: [shard('child-a', 'root'), shard('grandchild', 'child-b')], LastEvaluatedShardId: 'grandchild' } })
      .resolvesOnce({ StreamDescription: { Shards: [shard('child-b', 'root', '400'), shard('gone-parent-child', 'trimmed')], LastEvaluatedShardId: 'gone-parent-child' } })
      .resolvesOnce({ StreamDescription: { Shards: [shard('root', undefined, '300')] } });
    expect(await reader.listShards()).toEqual([
      { shardId: 'root', closed: true },
      { shardId: 'child-a', parentShardId: 'root', closed: false },
      { shardId: 'child-b', parentShardId: 'root', closed: true },
      { shardId: 'grandchild', parentShardId: 'child-b', closed: false },
      { shardId: 'gone-parent-child', parentShardId: 'trimmed', closed: false },
    ]);
    const starts = mock.commandCalls(DescribeStreamCommand).map((call) => call.args[0].input);
    expect(starts).toEqual([
      { StreamArn: streamArn },
      { StreamArn: streamArn, ExclusiveStartShardId: 'grandchild' },
      { StreamArn: streamArn, ExclusiveStartShardId: 'gone-parent-child' },
    ]);
  });

  it('asks for TRIM_HORIZON iterators without and AFTER_SEQUENCE_NUMBER iterators with a sequence number', async () => {
    const { reader, mock } = scriptedReader();
    mock.on(GetShardIteratorCommand).resolvesOnce({ ShardIterator: 'it-1' }).resolvesOnce({ ShardIterator: 'it-2' });
    expect(await reader.getShardIterator('shard-1', 'TRIM_HORIZON')).toBe('it-1');
    expect(await reader.getShardIterator('shard-1', 'AFTER_SEQUENCE_NUMBER', '000000000000000000300')).toBe('it-2');
    expect(mock.commandCalls(GetShardIteratorCommand).map((call) => call.args[0].input)).toEqual([
      { StreamArn: streamArn, ShardId: 'shard-1', ShardIteratorType: 'TRIM_HORIZON' },
      { StreamArn: streamArn, ShardId: 'shard-1', ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: '000000000000000000300' },
    ]);
  });

  it('converts records to unmarshalled images in shard order, and ends a closed shard without a next iterator', async () => {
    const { reader, mock } = scriptedReader();
    const keys = { PK: 'IMAGE#1', SK: 'RECEIPT#00001' };
    const insert = {
      eventID: 'e1',
      eventName: 'INSERT' as const,
      awsRegion: 'eu-west-1',
      keys,
      newImage: { ...keys, n: 1.5, flags: [true, null, 'x'], nested: { deep: { v: -2 } } },
      sequenceNumber: '000000000000000000100',
      approximateCreationTime: Date.UTC(2025, 10, 14, 12, 0, 1),
    };
    const modify = { ...insert, eventID: 'e2', eventName: 'MODIFY' as const, oldImage: insert.newImage, newImage: { ...keys }, sequenceNumber: '000000000000000000200' };
    mock
      .on(GetRecordsCommand)
      .resolvesOnce({ Records: [wireRecord(insert)], NextShardIterator: 'it-2' })
      .resolvesOnce({ Records: [wireRecord(modify)] });
    expect(await reader.getRecords('it-1', 1)).toEqual({ records: [insert], nextIterator: 'it-2' });
    expect(await reader.getRecords('it-2')).toEqual({ records: [modify] });
    expect(mock.commandCalls(GetRecordsCommand).map((call) => call.args[0].input)).toEqual([{ ShardIterator: 'it-1', Limit: 1 }, { ShardIterator: 'it-2' }]);
  });

  it('reports expired iterators and trimmed positions as port errors with their AWS names, without retrying', async () => {
    const { reader, mock } = scriptedReader();
    mock.on(GetRecordsCommand).rejectsOnce(streamsError('ExpiredIteratorException')).rejectsOnce(streamsError('TrimmedDataAccessException'));
    const expired = await failure(reader.getRecords('old'));
    const trimmed = await failure(reader.getRecords('older'));
    expect([expired, trimmed].map((e) => (e instanceof PortError ? e.code : e))).toEqual(['ExpiredIteratorException', 'TrimmedDataAccessException']);
    expect(mock.commandCalls(GetRecordsCommand)).toHaveLength(2);
  });

  it('retries LimitExceededException (request rate too high) with backoff, then reports Throttled', async () => {
    const { reader, mock, delays } = scriptedReader(3);
    mock.on(DescribeStreamCommand).rejectsOnce(streamsError('LimitExceededException')).resolvesOnce({ StreamDescription: { Shards: [] } });
    expect(await reader.listShards()).toEqual([]);
    expect(delays).toEqual([50]);
    mock.on(GetRecordsCommand).rejects(streamsError('LimitExceededException'));
    expect(await failure(reader.getRecords('it'))).toBeInstanceOf(Throttled);
    expect(mock.commandCalls(GetRecordsCommand)).toHaveLength(3);
  });

  it('refuses a record holding an attribute type the pipeline never stores (a string set)', async () => {
    const { reader, mock } = scriptedReader();
    const record = wireRecord({
      eventID: 'e1',
      eventName: 'INSERT',
      awsRegion: 'us-east-1',
      keys: { PK: 'P', SK: 'S' },
      sequenceNumber: '1',
      approximateCreationTime: 0,
    });
    record.dynamodb!.NewImage = { PK: { S: 'P' }, SK: { S: 'S' }, tags: { SS: ['a', 'b'] } };
    mock.on(GetRecordsCommand).resolves({ Records: [record], NextShardIterator: 'next' });
    const error = await failure(reader.getRecords('it'));
    expect(error).toBeInstanceOf(PortError);
    expect((error as PortError).code).toBe('MalformedStreamRecord');
  });
});
