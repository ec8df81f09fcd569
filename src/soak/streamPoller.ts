import type { Clock } from '../ports/clock.js';
import type { StreamRecord, StreamSource } from '../ports/stream.js';
import type { Invocations, SoakContainer } from './invocations.js';
import { asActor } from './soakActor.js';
import type { WriteFeedTable } from './writeFeedTable.js';

/**
 * The stream event source mapping of a soak run (§2.1): batches of at most 10 records, in order, to the
 * stream processor; a failed batch is retried (after 1 s) up to `maximumRetryAttempts` times, then
 * discarded and counted, as the mapping discards it (no on-failure destination). Two sources:
 * - `feedSource`: the client-side write feed (writeFeedTable.ts, `--target local`; not a real stream);
 * - `streamSource`: DynamoDB Streams on AWS, every shard from TRIM_HORIZON, parents before children.
 * `idle` says whether the last look found nothing to deliver, which the drain waits for. The poller's own
 * requests are those of the actor `stream-poller`.
 */
export interface StreamDelivery {
  readonly invoke: (records: readonly StreamRecord[], container: SoakContainer) => Promise<unknown>;
  readonly container: SoakContainer;
  readonly invocations: Invocations;
  readonly clock: Clock;
  readonly maximumRetryAttempts: number;
  readonly stop: AbortSignal;
}

export interface StreamPoller {
  readonly run: Promise<void>;
  idle(): boolean;
  readonly discarded: () => number;
}

const batchSize = 10;
const emptyPollMs = 500;
const pollerActor = 'stream-poller';

export function feedSource(feed: WriteFeedTable, delivery: StreamDelivery): StreamPoller {
  let idle = true;
  let discarded = 0;
  const run = asActor(pollerActor, async () => {
    while (!delivery.stop.aborted) {
      const records = feed.take(batchSize);
      idle = records.length === 0;
      if (idle) {
        await delivery.clock.sleep(emptyPollMs);
        continue;
      }
      if (!(await deliver(records, delivery))) discarded += records.length;
    }
  });
  return { run, idle: () => idle && feed.backlog === 0, discarded: () => discarded };
}

export function streamSource(source: StreamSource, delivery: StreamDelivery): StreamPoller {
  let idle = false;
  let discarded = 0;
  const finished = new Set<string>();
  const iterators = new Map<string, string>();
  const lastSequence = new Map<string, string>();
  const iteratorOf = async (shardId: string): Promise<string> => {
    const after = lastSequence.get(shardId);
    return iterators.get(shardId) ?? (after === undefined ? source.getShardIterator(shardId, 'TRIM_HORIZON') : source.getShardIterator(shardId, 'AFTER_SEQUENCE_NUMBER', after));
  };
  const run = asActor(pollerActor, async () => {
    while (!delivery.stop.aborted) {
      let delivered = 0;
      try {
        const shards = await source.listShards();
        const listed = new Set(shards.map((s) => s.shardId));
        for (const shard of shards) {
          const parent = shard.parentShardId;
          if (finished.has(shard.shardId) || (parent !== undefined && listed.has(parent) && !finished.has(parent))) continue;
          const page = await source.getRecords(await iteratorOf(shard.shardId), 100);
          for (let i = 0; i < page.records.length; i += batchSize) {
            const batch = page.records.slice(i, i + batchSize);
            if (!(await deliver(batch, delivery))) discarded += batch.length;
            lastSequence.set(shard.shardId, batch[batch.length - 1]!.sequenceNumber);
          }
          delivered += page.records.length;
          if (page.nextIterator === undefined) {
            finished.add(shard.shardId);
            iterators.delete(shard.shardId);
          } else iterators.set(shard.shardId, page.nextIterator);
        }
      } catch (error) {
        if (delivery.stop.aborted) return;
        delivery.invocations.noteError('stream poller', error);
        iterators.clear();
      }
      idle = delivered === 0;
      if (idle) await delivery.clock.sleep(emptyPollMs * 2);
    }
  });
  return { run, idle: () => idle, discarded: () => discarded };
}

/** True when the batch was processed; false when it was discarded after its retries. */
async function deliver(records: readonly StreamRecord[], delivery: StreamDelivery): Promise<boolean> {
  for (let attempt = 0; attempt <= delivery.maximumRetryAttempts; attempt++) {
    if (attempt > 0) await delivery.clock.sleep(1_000);
    const { error } = await delivery.invocations.run('stream-processor', () => delivery.invoke(records, delivery.container));
    if (error === undefined) return true;
    if (delivery.stop.aborted) return false;
  }
  return false;
}
