import { createHash } from 'node:crypto';
import { PortError, ValidationError } from '../../../ports/errors.js';
import type {
  GetRecordsResult,
  ShardDescription,
  ShardIteratorType,
  StreamEventName,
  StreamRecord,
  StreamSource,
} from '../../../ports/stream.js';
import type { TableKey } from '../../../ports/table.js';
import type { Item } from '../../../ports/values.js';
import type { Simulation } from '../../../sim/simulation.js';
import { stableHash } from './stableHash.js';
import { type AppendedRecord, StreamShard } from './streamShard.js';

/**
 * DynamoDB Streams (view type NEW_AND_OLD_IMAGES) of the in-memory table.
 *
 * Modelled: every write that changes an item appends one record (INSERT, MODIFY or REMOVE, with the old
 * and new images) to the open shard of the item's lineage, chosen by a stable hash of PK over
 * `shardCount` lineages, so records of one key stay in order. Sequence numbers increase across the
 * stream; event ids are unique and deterministic; `approximateCreationTime` is the service's clock
 * rounded down to the second (the host clock skew of the writer does not leak into it). Records older
 * than 24 h are trimmed; a closed shard is forgotten 24 h after it closed and all its records are gone.
 * Iterators expire after 15 minutes (ExpiredIteratorException); reading before the trim horizon fails
 * with TrimmedDataAccessException. Reading a closed shard to its end returns no next iterator.
 *
 * Not modelled: the periodic (about 4-hourly) rollovers of real shards (only the fault below rolls a
 * shard over), shard splits into two children, and the 1 MB limit of GetRecords.
 *
 * Faults:
 * - `stream.shardRollover` (per stream record): the lineage's open shard closes and a child shard
 *   (its `parentShardId` set) takes this record and the ones after it.
 * - `stream.recordDelay` (per stream record): the record becomes visible to the event source mapping 1,
 *   5, 15, 30 or 60 s late (magnitude bucket); records behind it in its shard wait for it, since a
 *   shard is read in order. GetRecords is not delayed.
 */
export interface MemoryStreamOptions {
  /** Number of shard lineages (open shards at any time); default 1. */
  readonly shardCount?: number;
  /** Names the stream in event ids and actor names; default `stream`. */
  readonly name?: string;
}

export interface StreamChange {
  readonly keys: TableKey;
  readonly oldImage?: Item;
  readonly newImage?: Item;
}

export const streamRetentionMs = 24 * 3600 * 1000;
const iteratorLifetimeMs = 15 * 60 * 1000;
const recordDelayBucketsMs = [1_000, 5_000, 15_000, 30_000, 60_000];
const maximumGetRecordsLimit = 1000;

export class MemoryStream implements StreamSource {
  readonly name: string;
  readonly shardCount: number;
  private readonly shards: StreamShard[] = [];
  private readonly openShards: StreamShard[] = [];
  private readonly listeners: ((record: AppendedRecord) => void)[] = [];
  private sequence = 0;
  private shardSequence = 0;

  constructor(
    private readonly sim: Simulation,
    options: MemoryStreamOptions = {},
  ) {
    this.name = options.name ?? 'stream';
    this.shardCount = options.shardCount ?? 1;
    if (!Number.isInteger(this.shardCount) || this.shardCount < 1) {
      throw new ValidationError(`shardCount must be a positive integer, got ${this.shardCount}`);
    }
    for (let lineage = 0; lineage < this.shardCount; lineage++) this.openShards.push(this.openShard(lineage, undefined));
  }

  /** Called by the table inside its write step; returns the record's event id. */
  append(change: StreamChange): string {
    this.trim();
    const lineage = stableHash(change.keys.PK) % this.shardCount;
    let shard = this.openShards[lineage]!;
    if (this.sim.faults.fire('stream.shardRollover')) {
      shard.closedAt = this.sim.now;
      shard = this.openShard(lineage, shard.shardId);
      this.openShards[lineage] = shard;
    }
    let visibleAt = this.sim.now;
    if (this.sim.faults.fire('stream.recordDelay')) {
      visibleAt += recordDelayBucketsMs[this.sim.faults.magnitude(recordDelayBucketsMs.length)]!;
    }
    const sequence = ++this.sequence;
    const eventID = createHash('sha256').update(`${this.name}:${sequence}`).digest('hex').slice(0, 32);
    const appended: AppendedRecord = {
      record: Object.freeze(this.record(eventID, sequence, change)),
      shardId: shard.shardId,
      lineage,
      appendedAt: this.sim.now,
      visibleAt: Math.max(visibleAt, shard.lastVisibleAt),
      // The write's step is recorded right after its effect returns, so it gets the next step number.
      writeStep: this.sim.trace.length,
    };
    shard.append(appended);
    for (const listener of this.listeners) listener(appended);
    return eventID;
  }

  /** The listener runs inside the write step of every record appended from now on. */
  subscribe(listener: (record: AppendedRecord) => void): void {
    this.listeners.push(listener);
  }

  /** Retained shards in creation order (parents before their children). */
  retainedShards(): readonly StreamShard[] {
    this.trim();
    return this.shards;
  }

  isClosed(shardId: string): boolean {
    return this.shards.find((s) => s.shardId === shardId)?.closed ?? true;
  }

  listShards(): Promise<readonly ShardDescription[]> {
    return this.sim.io({ op: 'dynamodbstreams.DescribeStream', latency: 'dynamodbStream' }, () => {
      this.trim();
      return this.shards.map((s) => s.describe());
    });
  }

  getShardIterator(shardId: string, type: ShardIteratorType, sequenceNumber?: string): Promise<string> {
    return this.sim.io({ op: 'dynamodbstreams.GetShardIterator', latency: 'dynamodbStream', entities: [shardId] }, () => {
      this.trim();
      const shard = this.shard(shardId);
      if (type === 'TRIM_HORIZON') return this.iterator(shard, shard.trimHorizon);
      if (type === 'LATEST') return this.iterator(shard, shard.end);
      if (sequenceNumber === undefined || !/^\d+$/.test(sequenceNumber)) {
        throw new ValidationError(`${type} needs a valid sequence number`);
      }
      return this.iterator(shard, shard.positionOf(sequenceNumber, type === 'AFTER_SEQUENCE_NUMBER'));
    });
  }

  getRecords(iterator: string, limit = maximumGetRecordsLimit): Promise<GetRecordsResult> {
    const match = /^(.+):(\d+):(\d+)$/.exec(iterator);
    const shardId = match?.[1] ?? '';
    return this.sim.io({ op: 'dynamodbstreams.GetRecords', latency: 'dynamodbStream', entities: [shardId] }, (step) => {
      if (match === null) throw new ValidationError('Invalid ShardIterator');
      if (!Number.isInteger(limit) || limit < 1 || limit > maximumGetRecordsLimit) {
        throw new ValidationError(`Limit must be within 1..${maximumGetRecordsLimit}, got ${limit}`);
      }
      if (this.sim.now - Number(match[3]) > iteratorLifetimeMs) {
        throw new PortError('ExpiredIteratorException', 'Iterator expired');
      }
      this.trim();
      const shard = this.shard(shardId);
      const position = Number(match[2]);
      if (position < shard.trimHorizon) {
        throw new PortError('TrimmedDataAccessException', 'The iterator points before the trim horizon');
      }
      const records = shard.read(position, limit);
      step.detail('records', records.length);
      const next = position + records.length;
      if (shard.closed && next >= shard.end) return { records: records.map((r) => r.record) };
      return { records: records.map((r) => r.record), nextIterator: this.iterator(shard, next) };
    });
  }

  private record(eventID: string, sequence: number, change: StreamChange): StreamRecord {
    const eventName: StreamEventName =
      change.oldImage === undefined ? 'INSERT' : change.newImage === undefined ? 'REMOVE' : 'MODIFY';
    return {
      eventID,
      eventName,
      awsRegion: 'us-east-1',
      keys: { PK: change.keys.PK, SK: change.keys.SK },
      ...(change.newImage === undefined ? {} : { newImage: change.newImage }),
      ...(change.oldImage === undefined ? {} : { oldImage: change.oldImage }),
      sequenceNumber: String(sequence * 100).padStart(21, '0'),
      approximateCreationTime: Math.floor((this.sim.epochMs + this.sim.now) / 1000) * 1000,
    };
  }

  private openShard(lineage: number, parentShardId: string | undefined): StreamShard {
    const serial = ++this.shardSequence;
    const shardId = `shardId-${String(serial).padStart(20, '0')}-${lineage.toString(16).padStart(8, '0')}`;
    const shard = new StreamShard(shardId, lineage, parentShardId);
    this.shards.push(shard);
    return shard;
  }

  private shard(shardId: string): StreamShard {
    const shard = this.shards.find((s) => s.shardId === shardId);
    if (shard === undefined) throw new PortError('ResourceNotFoundException', `Shard not found: ${shardId}`);
    return shard;
  }

  private iterator(shard: StreamShard, position: number): string {
    return `${shard.shardId}:${position}:${Math.floor(this.sim.now)}`;
  }

  private trim(): void {
    const horizon = this.sim.now - streamRetentionMs;
    if (horizon <= 0) return;
    for (const shard of this.shards) shard.trim(horizon);
    for (let i = this.shards.length - 1; i >= 0; i--) {
      const shard = this.shards[i]!;
      if (shard.closedAt !== undefined && shard.closedAt < horizon && shard.records.length === 0) this.shards.splice(i, 1);
    }
  }
}
