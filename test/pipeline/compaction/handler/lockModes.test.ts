import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LockModeFlag } from '../../../../src/pipeline/config/flags.js';
import type { CompactionFlags } from '../../../../src/pipeline/compaction/compactionHandlerConfig.js';
import { compactionHandler } from '../../../../src/pipeline/compaction/compactionHandler.js';
import { lockAcquisitionFailedMetric } from '../../../../src/pipeline/compaction/processCollection.js';
import { fenceTokenMetadataKey } from '../../../../src/pipeline/lock/fencing/fencedPointerGuard.js';
import { pointerKey } from '../../../../src/pipeline/snapshot/layout.js';
import type { SqsBatch, SqsBatchResponse } from '../../../../src/ports/queue.js';
import { createSimulation } from '../../../../src/sim/createSimulation.js';
import { simulate, testEpochMs } from '../../../support/simulate.js';
import { type CompactionWorld, compactionWorld, receiveBatch } from './compactionWorld.js';
import { SkewedClock, failedIds, invokeConcurrently } from './concurrency.js';
import { type IngestedRun, ignoredMessage, ingestRun, readRun, runMessage, send, snapshotIds } from './runFixtures.js';

/**
 * Two compactions of the `words` collection running at once (§4.4, §4.5), each with one run: A's and B's
 * invocations start together on their own containers, from the same snapshot. Reads of the lock row are
 * strongly consistent here so that only the lock protocol decides the outcome.
 */
interface Race {
  readonly runs: readonly [IngestedRun, IngestedRun];
  readonly messageIds: readonly [string, string];
  readonly batches: readonly [SqsBatch, SqsBatch];
  readonly responses: SqsBatchResponse[];
}

const seeds = fc.integer({ min: 1, max: 2 ** 31 - 1 });

async function race(world: CompactionWorld, flags: Partial<CompactionFlags>, hostB: (flags: Partial<CompactionFlags>) => ReturnType<CompactionWorld['handler']> = (f) => world.handler('head', f)): Promise<Race> {
  await send(world, 'words', [ignoredMessage(100, 'words')]);
  expect(await world.handler('head', flags)(await receiveBatch(world, 'words'), world.context('baseline'))).toEqual({ batchItemFailures: [] });
  const runs = [await ingestRun(world, 1), await ingestRun(world, 2)] as const;
  const [idA] = await send(world, 'words', [runMessage(runs[0], 'words')]);
  const batchA = await receiveBatch(world, 'words');
  const [idB] = await send(world, 'words', [runMessage(runs[1], 'words')]);
  const batchB = await receiveBatch(world, 'words');
  // perInvocation ids carry the acquiring second: start both just after a second boundary.
  await world.sim.sleep(1_000 - (world.sim.wallClock() % 1_000) + 50);
  const responses = await invokeConcurrently(world, [
    { handler: world.handler('head', flags), batch: batchA },
    { handler: hostB(flags), batch: batchB },
  ]);
  return { runs, messageIds: [idA!, idB!], batches: [batchA, batchB], responses };
}

/** Redelivers whatever failed (as SQS does after the visibility timeout) until nothing fails. */
async function retryFailures(world: CompactionWorld, flags: Partial<CompactionFlags>, result: Race): Promise<number> {
  let retries = 0;
  let pending = result.batches.filter((_, i) => failedIds(result.responses[i]).length > 0);
  while (pending.length > 0 && retries < 5) {
    retries++;
    await world.sim.sleep(900_000);
    const next: SqsBatch[] = [];
    for (const batch of pending) if (failedIds(await world.handler('head', flags)(batch, world.context(`retry-${retries}`))).length > 0) next.push(batch);
    pending = next;
  }
  return retries;
}

const ids = (runs: readonly IngestedRun[]): string[] => runs.flatMap((r) => r.ids.words).sort();

const consistent = (sim: Parameters<typeof compactionWorld>[0]): CompactionWorld => compactionWorld(sim, { consistentReads: true });

describe('two concurrent compactions of one collection, head era, per lockMode', () => {
  it('none: both succeed and both runs are COMPLETED, but the later promotion drops the other run (lost update)', async () => {
    await fc.assert(
      fc.asyncProperty(seeds, async (seed) => {
        await simulate({ seed }, consistent, async (world) => {
          const { runs, responses } = await race(world, { lockMode: 'none' });
          expect(responses.map(failedIds)).toEqual([[], []]);
          for (const run of runs) expect((await readRun(world, run)).words_state).toBe('COMPLETED');
          const present = await snapshotIds(world, 'words');
          const survivors = runs.filter((r) => r.ids.words.every((id) => present!.includes(id)));
          expect(survivors).toHaveLength(1);
        });
      }),
      { numRuns: 20 },
    );
  });

  it('none with conditionalPut: the later promotion is refused and its message fails; redelivered, both runs land', async () => {
    await fc.assert(
      fc.asyncProperty(seeds, async (seed) => {
        await simulate({ seed }, consistent, async (world) => {
          const flags = { lockMode: 'none', pointerPromotion: 'conditionalPut' } as const;
          const result = await race(world, flags);
          expect(result.responses.map(failedIds).flat()).toHaveLength(1);
          await retryFailures(world, flags, result);
          expect(await snapshotIds(world, 'words')).toEqual(ids(result.runs));
        });
      }),
      { numRuns: 20 },
    );
  });

  it('perInvocation: hosts whose clocks read different seconds take different lock rows and lose an update', async () => {
    await simulate({}, consistent, async (world) => {
      const skewed = compactionHandler({ ...world.ports, clock: new SkewedClock(world.ports.clock, 1_000) }, world.config('head', { lockMode: 'perInvocation' }));
      const { runs, responses } = await race(world, { lockMode: 'perInvocation' }, () => skewed);
      expect(responses.map(failedIds)).toEqual([[], []]);
      expect(world.recorder.counts.get(lockAcquisitionFailedMetric)).toBeUndefined();
      const present = (await snapshotIds(world, 'words'))!;
      expect(runs.filter((r) => r.ids.words.every((id) => present.includes(id)))).toHaveLength(1);
    });
  });

  const exclusive: readonly LockModeFlag[] = ['perInvocation', 'staticUpdate', 'singleHeartbeat', 'leaseFencing'];
  for (const lockMode of exclusive) {
    it(`${lockMode}: compactions starting together exclude each other (busy → all ids fail + metric) and, redelivered, lose nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(seeds, async (seed) => {
          await simulate({ seed }, consistent, async (world) => {
            const result = await race(world, { lockMode });
            const failed = result.responses.map(failedIds);
            expect(world.recorder.counts.get(lockAcquisitionFailedMetric)).toBe(1);
            expect(failed.flat()).toHaveLength(1);
            expect(failed.flat()).toEqual(result.messageIds.filter((_, i) => failed[i]!.length > 0));
            await retryFailures(world, { lockMode }, result);
            expect(await snapshotIds(world, 'words')).toEqual(ids(result.runs));
            for (const run of result.runs) expect((await readRun(world, run)).words_state).toBe('COMPLETED');
            if (lockMode === 'leaseFencing') expect(Number(world.bucket.peek(pointerKey('words'))?.metadata[fenceTokenMetadataKey])).toBeGreaterThan(1);
          });
        }),
        { numRuns: 15 },
      );
    });
  }

  it('twoPhase is the seed-era protocol: the head handler refuses it', () => {
    expect(() => simulateConfig('head', 'twoPhase')).toThrow(/seed-era protocol/);
    expect(() => simulateConfig('seed', 'singleHeartbeat')).toThrow(/two-phase protocol/);
  });
});

describe('two concurrent compactions of one collection, seed era (two-phase, EFS)', () => {
  it('never lose an update: the second publisher finds the pointer moved in phase 3 and fails; redelivered, both runs land', async () => {
    await fc.assert(
      fc.asyncProperty(seeds, async (seed) => {
        await simulate({ seed }, consistent, async (world) => {
          const flags = { closeBeforeTar: true };
          const runs = [await ingestRun(world, 1), await ingestRun(world, 2)];
          const batches: SqsBatch[] = [];
          for (const run of runs) {
            await send(world, 'words', [runMessage(run, 'words')]);
            batches.push(await receiveBatch(world, 'words'));
          }
          let pending = batches;
          for (let round = 0; pending.length > 0 && round < 6; round++) {
            const responses = await invokeConcurrently(world, pending.map((batch) => ({ handler: world.handler('seed', flags), batch })));
            pending = pending.filter((_, i) => failedIds(responses[i]).length > 0);
            // Version ids have whole seconds (§8.5): a retry in the same second would reuse the prefix.
            await world.sim.sleep(1_200_000);
            const present = (await snapshotIds(world, 'words')) ?? [];
            for (const run of runs) {
              if ((await readRun(world, run)).words_state === 'COMPLETED') expect(run.ids.words.every((id) => present.includes(id))).toBe(true);
            }
          }
          expect(pending).toEqual([]);
          expect(await snapshotIds(world, 'words')).toEqual(ids(runs));
        });
      }),
      { numRuns: 15 },
    );
  });
});

function simulateConfig(era: 'head' | 'seed', lockMode: LockModeFlag): void {
  const world = compactionWorld(createSimulation({ seed: 1, strategy: 'random', epochMs: testEpochMs }));
  compactionHandler(world.ports, world.config(era, { lockMode }));
}
