import type { Item } from './values.js';

/**
 * DynamoDB Streams with view type NEW_AND_OLD_IMAGES. A record is produced for every write that changes
 * an item (a write that leaves the item identical produces none). Records are ordered per item key within
 * a shard; shards roll over (a parent closes, a child opens) and a reader must finish a parent first.
 */
export type StreamEventName = 'INSERT' | 'MODIFY' | 'REMOVE';

export interface StreamRecord {
  readonly eventID: string;
  readonly eventName: StreamEventName;
  readonly awsRegion: string;
  readonly keys: { readonly PK: string; readonly SK: string };
  readonly newImage?: Item;
  readonly oldImage?: Item;
  readonly sequenceNumber: string;
  /** Epoch milliseconds at which the write happened. */
  readonly approximateCreationTime: number;
}

export interface ShardDescription {
  readonly shardId: string;
  readonly parentShardId?: string;
  /** True when the shard is closed: once its records are read, reading moves to its children. */
  readonly closed: boolean;
}

export type ShardIteratorType = 'TRIM_HORIZON' | 'LATEST' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER';

export interface GetRecordsResult {
  readonly records: readonly StreamRecord[];
  /** Absent when the shard is closed and fully read (the end of the shard). */
  readonly nextIterator?: string;
}

/** The reader side of a stream, as the AWS soak poller and the contract suite use it. */
export interface StreamSource {
  listShards(): Promise<readonly ShardDescription[]>;
  getShardIterator(shardId: string, type: ShardIteratorType, sequenceNumber?: string): Promise<string>;
  getRecords(iterator: string, limit?: number): Promise<GetRecordsResult>;
}

/** The event a stream event source mapping passes to its function: one batch of records of one shard. */
export interface StreamBatch {
  readonly records: readonly StreamRecord[];
}
