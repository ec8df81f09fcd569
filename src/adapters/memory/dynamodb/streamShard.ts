import type { ShardDescription, StreamRecord } from '../../../ports/stream.js';

/** A stream record as the fake keeps it: where it lives and when it was written and becomes visible. */
export interface AppendedRecord {
  readonly record: StreamRecord;
  readonly shardId: string;
  /** The shard lineage (hash of PK modulo the shard count) the record belongs to. */
  readonly lineage: number;
  /** Virtual time of the write. */
  readonly appendedAt: number;
  /** Virtual time from which the event source mapping sees the record (later under `stream.recordDelay`). */
  readonly visibleAt: number;
  /** Trace step of the write that produced the record. */
  readonly writeStep: number;
}

/**
 * One shard: an append-only log of records addressed by absolute position (trimmed records keep their
 * positions), open until a rollover closes it and a child shard takes over its lineage.
 */
export class StreamShard {
  private retained: AppendedRecord[] = [];
  private trimmedCount = 0;
  closedAt: number | undefined;

  constructor(
    readonly shardId: string,
    readonly lineage: number,
    readonly parentShardId: string | undefined,
  ) {}

  get closed(): boolean {
    return this.closedAt !== undefined;
  }

  get records(): readonly AppendedRecord[] {
    return this.retained;
  }

  /** Position of the oldest retained record. */
  get trimHorizon(): number {
    return this.trimmedCount;
  }

  /** Position after the newest record. */
  get end(): number {
    return this.trimmedCount + this.retained.length;
  }

  get lastVisibleAt(): number {
    return this.retained[this.retained.length - 1]?.visibleAt ?? -Infinity;
  }

  append(record: AppendedRecord): void {
    this.retained.push(record);
  }

  read(position: number, limit: number): AppendedRecord[] {
    const from = position - this.trimmedCount;
    return this.retained.slice(from, from + limit);
  }

  /** Position of the first record at (or after) the sequence number. */
  positionOf(sequenceNumber: string, after: boolean): number {
    const target = BigInt(sequenceNumber);
    const index = this.retained.findIndex((r) => {
      const sequence = BigInt(r.record.sequenceNumber);
      return after ? sequence > target : sequence >= target;
    });
    return index === -1 ? this.end : this.trimmedCount + index;
  }

  /** Drops the records written before `time`. */
  trim(time: number): void {
    let count = 0;
    while (count < this.retained.length && this.retained[count]!.appendedAt < time) count++;
    if (count === 0) return;
    this.retained = this.retained.slice(count);
    this.trimmedCount += count;
  }

  describe(): ShardDescription {
    return this.parentShardId === undefined
      ? { shardId: this.shardId, closed: this.closed }
      : { shardId: this.shardId, parentShardId: this.parentShardId, closed: this.closed };
  }
}
