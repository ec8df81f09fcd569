import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FinalMergeResult } from '../../../src/pipeline/finalMerge/finalMerge.js';
import { finalMerge } from '../../../src/pipeline/finalMerge/finalMerge.js';
import type { SqsBatchResponse } from '../../../src/ports/queue.js';
import type { Simulation } from '../../../src/sim/simulation.js';
import { simulate } from '../../support/simulate.js';
import { type CompactionWorld, compactionWorld, receiveBatch } from '../compaction/handler/compactionWorld.js';
import { concurrently, failedIds } from '../compaction/handler/concurrency.js';
import { ignoredMessage, ingestRun, readRun, runMessage, send, snapshotIds } from '../compaction/handler/runFixtures.js';
import { finalMergePorts, rawDelta } from './finalMergeFixtures.js';

const consistent = (sim: Simulation): CompactionWorld => compactionWorld(sim, { consistentReads: true });

const seeds = fc.integer({ min: 1, max: 2 ** 31 - 1 });

/**
 * The SQS compactor (lock `chroma-words-compaction`) and the final merge (lock `chroma-words-update`)
 * start together on the same snapshot of `words` (§4.6, §7 "the step-function final merge running
 * concurrently with the SQS compactor").
 */
describe('the final merge racing the head compactor', () => {
  it('blindPut: their lock rows differ, both hold a lock at once and both succeed, and one of the two updates is lost', async () => {
    await fc.assert(
      fc.asyncProperty(seeds, async (seed) => {
        await simulate({ seed }, consistent, async (world) => {
          await send(world, 'words', [ignoredMessage(100, 'words')]);
          await world.handler('head')(await receiveBatch(world, 'words'), world.context('baseline'));
          const run = await ingestRun(world, 1);
          const raw = await rawDelta(world, 'words', 2);
          await send(world, 'words', [runMessage(run, 'words')]);
          const batch = await receiveBatch(world, 'words');
          const acquiredFrom = world.recorder.lines.length;
          const [compaction, merge] = await concurrently<SqsBatchResponse | FinalMergeResult>(world, [
            () => world.handler('head')(batch, world.context('compactor')),
            () => finalMerge(finalMergePorts(world), { collection: 'words', deltaPrefixes: [raw.prefix], era: 'head' }),
          ]);
          expect(compaction).toEqual({ batchItemFailures: [] });
          expect(merge).toMatchObject({ status: 'merged' });
          const events = world.recorder.lines.slice(acquiredFrom).map((l) => `${l.message} ${String(l.fields.lockId)}`);
          const firstRelease = events.findIndex((e) => e.startsWith('lock.released'));
          expect(events.slice(0, firstRelease).filter((e) => e.startsWith('lock.acquired')).sort()).toEqual([
            'lock.acquired chroma-words-compaction',
            'lock.acquired chroma-words-update',
          ]);
          const present = (await snapshotIds(world, 'words'))!;
          const kept = [run.ids.words, raw.ids].filter((ids) => ids.every((id) => present.includes(id)));
          expect(kept).toHaveLength(1);
          if (!run.ids.words.every((id) => present.includes(id))) expect((await readRun(world, run)).words_state).toBe('COMPLETED');
        });
      }),
      { numRuns: 15 },
    );
  });

  it('conditionalPut: the later promotion is refused, so one writer fails; retried, both updates land', async () => {
    await fc.assert(
      fc.asyncProperty(seeds, async (seed) => {
        await simulate({ seed }, consistent, async (world) => {
          const flags = { pointerPromotion: 'conditionalPut' } as const;
          await send(world, 'words', [ignoredMessage(100, 'words')]);
          await world.handler('head', flags)(await receiveBatch(world, 'words'), world.context('baseline'));
          const run = await ingestRun(world, 1);
          const raw = await rawDelta(world, 'words', 2);
          await send(world, 'words', [runMessage(run, 'words')]);
          const batch = await receiveBatch(world, 'words');
          const compact = (): Promise<SqsBatchResponse> => world.handler('head', flags)(batch, world.context('compactor'));
          const merge = (): Promise<FinalMergeResult> =>
            finalMerge(finalMergePorts(world), { collection: 'words', deltaPrefixes: [raw.prefix], era: 'head', pointerPromotion: 'conditionalPut' });
          let compactorFailed = false;
          let mergeFailed = false;
          await concurrently(world, [
            async () => {
              compactorFailed = failedIds(await compact()).length > 0;
            },
            async () => {
              mergeFailed = (await merge()).status !== 'merged';
            },
          ]);
          expect([compactorFailed, mergeFailed].filter(Boolean)).toHaveLength(1);
          if (compactorFailed) expect((await readRun(world, run)).words_state).toBe('PENDING');
          if (compactorFailed) expect(await compact()).toEqual({ batchItemFailures: [] });
          else expect(await merge()).toMatchObject({ status: 'merged' });
          expect(await snapshotIds(world, 'words')).toEqual([...run.ids.words, ...raw.ids].sort());
        });
      }),
      { numRuns: 15 },
    );
  });
});
