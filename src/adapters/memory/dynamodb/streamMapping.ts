import { ValidationError } from '../../../ports/errors.js';
import type { StreamBatch } from '../../../ports/stream.js';
import { HarnessError } from '../../../sim/errors.js';
import type { Simulation } from '../../../sim/simulation.js';
import type { Invoker } from '../lambda/invocation.js';
import { MappingLane, MappingLineage, MappingShard } from './mappingLane.js';
import { type MemoryStream, streamRetentionMs } from './memoryStream.js';
import { stableHash } from './stableHash.js';
import type { AppendedRecord } from './streamShard.js';

/**
 * The Lambda event source mapping of a DynamoDB stream (spec §2.1), run by the Lambda service.
 *
 * Modelled: one poller actor per lane; each shard's records are split into `parallelizationFactor`
 * lanes by a stable hash of the item key (PK|SK), so one key's records stay in order while different
 * keys run concurrently. A lane gathers up to `batchSize` records, or fewer once the batching window has
 * passed since its first record became visible, and invokes the function. On `error`, `timeout` or
 * `crash` it retries the batch, bisecting it when enabled (each half then counts its own retries,
 * starting from the count of the batch it came from); after `maximumRetryAttempts` retries the records
 * are discarded (there is no on-failure destination), as are records older than `maximumRecordAgeMs`
 * (or than the 24 h retention) before any invocation. A throttled invocation is retried after an
 * exponential backoff (1 s doubling up to 60 s) without counting as a retry. Every lane of a parent
 * shard finishes it before any lane starts its child. Idle lanes block on a waitable: a run with no
 * records ends.
 *
 * Not modelled: partial batch responses (ReportBatchItemFailures; the spec's processor does not use
 * them), tumbling windows, filters, the 6 MB payload limit, and infinite retries or ages (-1).
 *
 * Faults: none of its own. `stream.recordDelay` (see MemoryStream) delays when a record becomes visible
 * here; `esm.invokeThrottle` and Lambda's crashes and timeouts come back through the invoker's outcome.
 */
export interface StreamMappingConfig {
  readonly batchSize: number;
  readonly batchingWindowMs: number;
  readonly parallelizationFactor: number;
  readonly maximumRetryAttempts: number;
  readonly maximumRecordAgeMs: number;
  readonly bisectBatchOnFunctionError: boolean;
  readonly startingPosition: 'LATEST' | 'TRIM_HORIZON';
}

/** The stream processor's mapping of spec §2.1. */
export const streamProcessorMappingConfig: StreamMappingConfig = {
  batchSize: 10,
  batchingWindowMs: 5_000,
  parallelizationFactor: 5,
  maximumRetryAttempts: 3,
  maximumRecordAgeMs: 3_600_000,
  bisectBatchOnFunctionError: true,
  startingPosition: 'LATEST',
};

function validate(config: StreamMappingConfig): void {
  const ranges: [keyof StreamMappingConfig, number, number][] = [
    ['batchSize', 1, 10_000],
    ['batchingWindowMs', 0, 300_000],
    ['parallelizationFactor', 1, 10],
    ['maximumRetryAttempts', 0, 10_000],
    ['maximumRecordAgeMs', 1, 604_800_000],
  ];
  for (const [name, low, high] of ranges) {
    const value = config[name] as number;
    if (!Number.isInteger(value) || value < low || value > high) {
      throw new ValidationError(`${name} must be an integer within ${low}..${high}, got ${value}`);
    }
  }
}

export class StreamEventSourceMapping {
  readonly config: StreamMappingConfig;
  private readonly lineages: MappingLineage[] = [];
  private started = false;
  private pending = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly stream: MemoryStream,
    private readonly invoke: Invoker<StreamBatch, unknown>,
    config: Partial<StreamMappingConfig> = {},
  ) {
    this.config = { ...streamProcessorMappingConfig, ...config };
    validate(this.config);
  }

  /** Records taken into the mapping and not yet processed successfully or discarded. */
  pendingRecords(): number {
    return this.pending;
  }

  /** Spawns the pollers; records written from now on (and the retained ones for TRIM_HORIZON) flow. */
  start(): void {
    if (this.started) throw new HarnessError('the stream event source mapping was started twice');
    this.started = true;
    const factor = this.config.parallelizationFactor;
    for (let lineage = 0; lineage < this.stream.shardCount; lineage++) this.lineages.push(new MappingLineage(lineage, factor));
    if (this.config.startingPosition === 'TRIM_HORIZON') {
      for (const shard of this.stream.retainedShards()) for (const record of shard.records) this.accept(record);
    }
    this.stream.subscribe((record) => this.accept(record));
    const context = {
      sim: this.sim,
      config: this.config,
      invoke: this.invoke,
      maximumAgeMs: Math.min(this.config.maximumRecordAgeMs, streamRetentionMs),
      isClosed: (shardId: string) => this.stream.isClosed(shardId),
      settle: (count: number) => {
        this.pending -= count;
      },
    };
    for (const lineage of this.lineages) {
      for (let lane = 0; lane < factor; lane++) {
        const mappingLane = new MappingLane(context, lineage, lane);
        this.sim.spawn(`esm.${this.stream.name}.shard${lineage.index}.lane${lane}`, () => mappingLane.run(), {
          pausable: false,
        });
      }
    }
  }

  private accept(appended: AppendedRecord): void {
    const lineage = this.lineages[appended.lineage]!;
    let shard = lineage.shards[lineage.shards.length - 1];
    if (shard?.shardId !== appended.shardId) {
      shard = new MappingShard(appended.shardId, this.config.parallelizationFactor);
      lineage.shards.push(shard);
      // The previous shard may just have closed: every lane must look again.
      lineage.wakeAll();
    }
    const { PK, SK } = appended.record.keys;
    const lane = stableHash(`${PK}|${SK}`) % this.config.parallelizationFactor;
    shard.laneRecords[lane]!.push(appended);
    this.pending++;
    lineage.laneSignals[lane]!.signal();
  }
}
