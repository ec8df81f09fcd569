import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { PortError } from '../../ports/errors.js';
import type { GetRecordsResult, ShardDescription, ShardIteratorType, StreamSource } from '../../ports/stream.js';
import type { AwsClientConfig } from './awsConfig.js';
import { createDynamoStreamsClient } from './dynamoClients.js';
import { dynamoCall } from './dynamoErrors.js';
import { defaultRetryPolicy, type RetryPolicy } from './retry.js';
import { toStreamRecord } from './dynamoStreamRecords.js';

/**
 * The StreamSource port on DynamoDB Streams. `listShards` follows DescribeStream's pages
 * (LastEvaluatedShardId) and lists parents before their children, so a reader that walks the list in
 * order finishes a parent before it starts the children. A closed shard is one with an ending sequence
 * number; GetRecords without NextShardIterator is the end of a closed shard. Expired iterators
 * (ExpiredIteratorException) and reads before the trim horizon (TrimmedDataAccessException) surface as
 * PortErrors with those codes, as the in-memory stream raises them; the caller asks for a new iterator.
 * Throttling (LimitExceededException, Streams' "rate too high") is retried with backoff.
 */
export interface DynamoStreamReaderOptions {
  readonly streamArn: string;
  /** Default: a client from `config` (standard credential chain and region). */
  readonly client?: DynamoDBStreamsClient;
  readonly config?: AwsClientConfig;
  readonly retry?: Partial<RetryPolicy>;
}

function description(shard: Shard): ShardDescription {
  if (shard.ShardId === undefined) throw new PortError('MalformedStreamDescription', 'DescribeStream returned a shard without id');
  const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
  return shard.ParentShardId === undefined
    ? { shardId: shard.ShardId, closed }
    : { shardId: shard.ShardId, parentShardId: shard.ParentShardId, closed };
}

/** Parents (when still listed) before their children, otherwise in listing order. */
function lineageOrder(shards: readonly ShardDescription[]): ShardDescription[] {
  const byId = new Map(shards.map((shard) => [shard.shardId, shard]));
  const ordered: ShardDescription[] = [];
  const placed = new Set<string>();
  const place = (shard: ShardDescription): void => {
    if (placed.has(shard.shardId)) return;
    placed.add(shard.shardId);
    const parent = shard.parentShardId === undefined ? undefined : byId.get(shard.parentShardId);
    if (parent !== undefined) place(parent);
    ordered.push(shard);
  };
  shards.forEach(place);
  return ordered;
}

export class DynamoStreamReader implements StreamSource {
  readonly streamArn: string;
  readonly client: DynamoDBStreamsClient;
  private readonly retry: RetryPolicy;

  constructor(options: DynamoStreamReaderOptions) {
    this.streamArn = options.streamArn;
    this.client = options.client ?? createDynamoStreamsClient(options.config);
    this.retry = { ...defaultRetryPolicy, ...options.retry };
  }

  async listShards(): Promise<readonly ShardDescription[]> {
    const shards: ShardDescription[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const command = new DescribeStreamCommand({
        StreamArn: this.streamArn,
        ...(exclusiveStartShardId === undefined ? {} : { ExclusiveStartShardId: exclusiveStartShardId }),
      });
      const output = await dynamoCall(this.retry, () => this.client.send(command));
      shards.push(...(output.StreamDescription?.Shards ?? []).map(description));
      exclusiveStartShardId = output.StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId !== undefined);
    return lineageOrder(shards);
  }

  async getShardIterator(shardId: string, type: ShardIteratorType, sequenceNumber?: string): Promise<string> {
    const command = new GetShardIteratorCommand({
      StreamArn: this.streamArn,
      ShardId: shardId,
      ShardIteratorType: type,
      ...(sequenceNumber === undefined ? {} : { SequenceNumber: sequenceNumber }),
    });
    const output = await dynamoCall(this.retry, () => this.client.send(command));
    if (output.ShardIterator === undefined) throw new PortError('ResourceNotFoundException', `No iterator for shard ${shardId}`);
    return output.ShardIterator;
  }

  async getRecords(iterator: string, limit?: number): Promise<GetRecordsResult> {
    const command = new GetRecordsCommand({ ShardIterator: iterator, ...(limit === undefined ? {} : { Limit: limit }) });
    const output = await dynamoCall(this.retry, () => this.client.send(command));
    const records = (output.Records ?? []).map(toStreamRecord);
    return output.NextShardIterator === undefined ? { records } : { records, nextIterator: output.NextShardIterator };
  }
}
