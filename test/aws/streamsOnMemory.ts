import {
  type _Record,
  type AttributeValue as WireValue,
  DescribeStreamCommand,
  type DescribeStreamCommandInput,
  DynamoDBStreamsClient,
  DynamoDBStreamsServiceException,
  GetRecordsCommand,
  type GetRecordsCommandInput,
  GetShardIteratorCommand,
  type GetShardIteratorCommandInput,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { mockClient } from 'aws-sdk-client-mock';
import type { MemoryStream } from '../../src/adapters/memory/dynamodb/memoryStream.js';
import { PortError } from '../../src/ports/errors.js';
import type { ShardIteratorType, StreamRecord } from '../../src/ports/stream.js';
import type { AttributeValue, Item } from '../../src/ports/values.js';

/**
 * A stateful DynamoDB Streams behind aws-sdk-client-mock, answered by the in-memory stream: DescribeStream
 * in pages of `pageSize` shards (LastEvaluatedShardId), GetShardIterator, and GetRecords with records in
 * the wire format (marshalled images, Date creation times, no NextShardIterator at the end of a closed
 * shard). The stream's shard tree (lineages, rollovers into child shards) is scripted by its options and
 * faults. Its errors go back as the Streams exceptions (ExpiredIteratorException, ...).
 */
export const streamArn = 'arn:aws:dynamodb:us-east-1:000000000000:table/receipts/stream/2025-11-14T12:00:00.000';

export function streamsClientOnMemory(stream: MemoryStream, pageSize: number): DynamoDBStreamsClient {
  const client = new DynamoDBStreamsClient({ region: 'us-east-1', credentials: { accessKeyId: 'mock', secretAccessKey: 'mock' } });
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
  mock.on(DescribeStreamCommand).callsFake(
    answer(async (input: DescribeStreamCommandInput) => {
      const shards = await stream.listShards();
      const start = input.ExclusiveStartShardId === undefined ? 0 : shards.findIndex((s) => s.shardId === input.ExclusiveStartShardId) + 1;
      const page = shards.slice(start, start + pageSize);
      const more = start + pageSize < shards.length;
      return {
        StreamDescription: {
          StreamArn: input.StreamArn,
          StreamStatus: 'ENABLED',
          StreamViewType: 'NEW_AND_OLD_IMAGES',
          Shards: page.map((s) => wireShard(stream, s.shardId)),
          ...(more ? { LastEvaluatedShardId: page[page.length - 1]!.shardId } : {}),
        },
      };
    }),
  );
  mock.on(GetShardIteratorCommand).callsFake(
    answer(async (input: GetShardIteratorCommandInput) => ({
      ShardIterator: await stream.getShardIterator(input.ShardId!, input.ShardIteratorType as ShardIteratorType, input.SequenceNumber),
    })),
  );
  mock.on(GetRecordsCommand).callsFake(
    answer(async (input: GetRecordsCommandInput) => {
      const result = await stream.getRecords(input.ShardIterator!, input.Limit);
      return {
        Records: result.records.map(wireRecord),
        ...(result.nextIterator === undefined ? {} : { NextShardIterator: result.nextIterator }),
      };
    }),
  );
  return client;
}

function wireShard(stream: MemoryStream, shardId: string): Shard {
  const shard = stream.retainedShards().find((s) => s.shardId === shardId)!;
  const sequences = shard.records.map((r) => r.record.sequenceNumber);
  const range = {
    StartingSequenceNumber: sequences[0] ?? '0',
    ...(shard.closed ? { EndingSequenceNumber: sequences[sequences.length - 1] ?? '0' } : {}),
  };
  return { ShardId: shardId, SequenceNumberRange: range, ...(shard.parentShardId === undefined ? {} : { ParentShardId: shard.parentShardId }) };
}

function toWireValue(value: AttributeValue): WireValue {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (value === null) return { NULL: true };
  if (Array.isArray(value)) return { L: value.map(toWireValue) };
  return { M: toWireItem(value as Item) };
}

function toWireItem(item: Item): Record<string, WireValue> {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, toWireValue(value)]));
}

export function wireRecord(record: StreamRecord): _Record {
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion,
    dynamodb: {
      ApproximateCreationDateTime: new Date(record.approximateCreationTime),
      Keys: toWireItem(record.keys),
      ...(record.newImage === undefined ? {} : { NewImage: toWireItem(record.newImage) }),
      ...(record.oldImage === undefined ? {} : { OldImage: toWireItem(record.oldImage) }),
      SequenceNumber: record.sequenceNumber,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

function wireError(error: unknown): unknown {
  if (!(error instanceof PortError)) return error;
  return new DynamoDBStreamsServiceException({
    name: error.code,
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message: error.message,
  });
}
