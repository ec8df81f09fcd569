import type { StreamBatch } from '../../../ports/stream.js';
import type { Simulation } from '../../../sim/simulation.js';
import { StepContext } from '../../../sim/stepContext.js';
import { Waitable } from '../../../sim/waitable.js';
import type { Invoker } from '../lambda/invocation.js';
import type { StreamMappingConfig } from './streamMapping.js';
import type { AppendedRecord } from './streamShard.js';

/** A shard as the mapping sees it: its records split by lane, and which lanes are done with it. */
export class MappingShard {
  readonly laneRecords: AppendedRecord[][];
  finishedLanes = 0;
  readonly allLanesFinished: Waitable;

  constructor(
    readonly shardId: string,
    lanes: number,
  ) {
    this.laneRecords = Array.from({ length: lanes }, () => []);
    this.allLanesFinished = new Waitable(`${shardId}.finished`);
  }
}

/** The chain of shards of one lineage, parents first, and the signals that wake its lanes. */
export class MappingLineage {
  readonly shards: MappingShard[] = [];
  readonly laneSignals: Waitable[];

  constructor(
    readonly index: number,
    lanes: number,
  ) {
    this.laneSignals = Array.from({ length: lanes }, (_, lane) => new Waitable(`esm.shard${index}.lane${lane}`));
  }

  wakeAll(): void {
    for (const signal of this.laneSignals) signal.signal();
  }
}

export interface LaneContext {
  readonly sim: Simulation;
  readonly config: StreamMappingConfig;
  readonly invoke: Invoker<StreamBatch, unknown>;
  readonly maximumAgeMs: number;
  isClosed(shardId: string): boolean;
  /** Records processed successfully or discarded. */
  settle(count: number): void;
}

interface PendingBatch {
  readonly records: readonly AppendedRecord[];
  readonly retries: number;
}

const maximumThrottleBackoffMs = 60_000;

/**
 * One poller of the mapping: walks the shards of its lineage in order and delivers the records of its
 * lane, batch by batch, as described in streamMapping.ts.
 */
export class MappingLane {
  private shardIndex = 0;
  private cursor = 0;
  private readonly signal: Waitable;

  constructor(
    private readonly context: LaneContext,
    private readonly lineage: MappingLineage,
    private readonly lane: number,
  ) {
    this.signal = lineage.laneSignals[lane]!;
  }

  private get sim(): Simulation {
    return this.context.sim;
  }

  async run(): Promise<void> {
    for (;;) {
      const shard = this.lineage.shards[this.shardIndex];
      if (shard === undefined) {
        await this.sim.block(this.signal);
        continue;
      }
      const queue = shard.laneRecords[this.lane]!;
      const first = queue[this.cursor];
      if (first === undefined) {
        if (this.context.isClosed(shard.shardId)) await this.leave(shard);
        else await this.sim.block(this.signal);
        continue;
      }
      if (first.visibleAt > this.sim.now) {
        await this.sim.block(this.signal, first.visibleAt - this.sim.now);
        continue;
      }
      await this.gather(shard, queue, first.visibleAt + this.context.config.batchingWindowMs);
      const batch = await this.take(shard, queue);
      await this.deliver(batch, this.sim.current?.lastStep ?? undefined);
    }
  }

  /** Waits until the batch is full, the window has passed, or the closed shard has nothing more. */
  private async gather(shard: MappingShard, queue: readonly AppendedRecord[], windowEnd: number): Promise<void> {
    for (;;) {
      const visible = this.visibleCount(queue);
      const complete = this.context.isClosed(shard.shardId) && this.cursor + visible === queue.length;
      if (visible >= this.context.config.batchSize || this.sim.now >= windowEnd || complete) return;
      await this.sim.block(this.signal, windowEnd - this.sim.now);
    }
  }

  private take(shard: MappingShard, queue: readonly AppendedRecord[]): Promise<AppendedRecord[]> {
    return this.sim.io({ op: 'esm.getRecords', latency: 'dynamodbStream', entities: [shard.shardId] }, (step) => {
      const batch = queue.slice(this.cursor, this.cursor + this.visibleCount(queue));
      this.cursor += batch.length;
      step.causedBy(batch[0]!.writeStep).detail('records', batch.length);
      return batch;
    });
  }

  private visibleCount(queue: readonly AppendedRecord[]): number {
    const limit = Math.min(queue.length, this.cursor + this.context.config.batchSize);
    let end = this.cursor;
    while (end < limit && queue[end]!.visibleAt <= this.sim.now) end++;
    return end - this.cursor;
  }

  /** Marks this lane done with a closed shard and waits for the other lanes before moving to the child. */
  private async leave(shard: MappingShard): Promise<void> {
    shard.finishedLanes++;
    if (shard.finishedLanes === this.context.config.parallelizationFactor) shard.allLanesFinished.signal();
    while (shard.finishedLanes < this.context.config.parallelizationFactor) await this.sim.block(shard.allLanesFinished);
    this.shardIndex++;
    this.cursor = 0;
  }

  /** Halves of a bisected batch run first-half-first, so a key's records keep their order. */
  private async deliver(records: readonly AppendedRecord[], takeStep: number | undefined): Promise<void> {
    const batches: PendingBatch[] = [{ records, retries: 0 }];
    for (let next = batches.shift(); next !== undefined; next = batches.shift()) {
      batches.unshift(...(await this.attempt(next, takeStep)));
    }
  }

  /** Invokes until the batch succeeds or is discarded; returns the halves to process when it bisects. */
  private async attempt(batch: PendingBatch, takeStep: number | undefined): Promise<PendingBatch[]> {
    const { config } = this.context;
    let records = batch.records;
    let retries = batch.retries;
    for (let throttles = 0; ; ) {
      records = this.dropExpired(records);
      if (records.length === 0) return [];
      const outcome = await this.context.invoke({ records: records.map((r) => r.record) }, { causedBy: takeStep });
      if (outcome.kind === 'success') {
        this.context.settle(records.length);
        return [];
      }
      if (outcome.kind === 'throttled') {
        await this.sim.sleep(Math.min(1_000 * 2 ** throttles++, maximumThrottleBackoffMs));
        continue;
      }
      if (retries >= config.maximumRetryAttempts) {
        this.discard(records, 'retriesExhausted');
        return [];
      }
      retries++;
      if (config.bisectBatchOnFunctionError && records.length > 1) {
        const half = Math.ceil(records.length / 2);
        return [
          { records: records.slice(0, half), retries },
          { records: records.slice(half), retries },
        ];
      }
    }
  }

  private dropExpired(records: readonly AppendedRecord[]): readonly AppendedRecord[] {
    const oldest = this.sim.now - this.context.maximumAgeMs;
    const expired = records.filter((r) => r.appendedAt < oldest);
    if (expired.length === 0) return records;
    this.discard(expired, 'maximumRecordAge');
    return records.filter((r) => r.appendedAt >= oldest);
  }

  private discard(records: readonly AppendedRecord[], reason: 'retriesExhausted' | 'maximumRecordAge'): void {
    const keys = new Set(records.map((r) => `${r.record.keys.PK}|${r.record.keys.SK}`));
    const step = new StepContext([...keys])
      .setOutcome('discarded')
      .detail('reason', reason)
      .detail(
        'eventIDs',
        records.map((r) => r.record.eventID),
      );
    this.sim.note('esm.discard', step);
    this.context.settle(records.length);
  }
}
