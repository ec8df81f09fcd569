import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompactionCollection } from '../../../../src/pipeline/compaction/compactionMessage.js';
import { simulate } from '../../../support/simulate.js';
import { compactionWorld } from './compactionWorld.js';
import { deadLetters, deployCompaction, drained } from './deployment.js';
import { type IngestedRun, ingestRun, readRun, runMessage, send, snapshotIds } from './runFixtures.js';

const collections: readonly CompactionCollection[] = ['lines', 'words'];

const allIds = (runs: readonly IngestedRun[], collection: CompactionCollection): string[] => runs.flatMap((r) => r.ids[collection]).sort();

describe('compaction end to end on the fakes: SQS → event source mapping → Lambda → S3 snapshot', () => {
  it('head: every run ends COMPLETED in both collections with its vectors in the snapshot the pointer names', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 3 }), async (seed, runCount) => {
        await simulate({ seed }, (sim) => compactionWorld(sim), async (world) => {
          const deployment = deployCompaction(world, 'head');
          const runs: IngestedRun[] = [];
          for (let n = 1; n <= runCount; n++) runs.push(await ingestRun(world, n));
          for (const collection of collections) await send(world, collection, runs.map((r) => runMessage(r, collection)));
          await drained(world, deployment);
          expect(deadLetters(world)).toBe(0);
          for (const collection of collections) expect(await snapshotIds(world, collection)).toEqual(allIds(runs, collection));
          for (const run of runs) expect(await readRun(world, run)).toMatchObject({ lines_state: 'COMPLETED', words_state: 'COMPLETED', lines_merged_vectors: 3, words_merged_vectors: 3 });
          expect(world.table.currentItems().filter((item) => String(item.PK).startsWith('LOCK#'))).toEqual([]);
          expect(deployment.outcomes.every((o) => o === 'success')).toBe(true);
        });
      }),
      { numRuns: 30 },
    );
  });

  it('seed (EFS, FIFO queues, strongly consistent lock reads): a run ends COMPLETED with its vectors in the pointer snapshot and in EFS', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        await simulate({ seed }, (sim) => compactionWorld(sim, { fifo: true, consistentReads: true }), async (world) => {
          // closeBeforeTar: this property is about the flow; the open-client tarball is the store's own finding.
          const deployment = deployCompaction(world, 'seed', { closeBeforeTar: true });
          const run = await ingestRun(world, 1);
          for (const collection of collections) await send(world, collection, [runMessage(run, collection)]);
          await drained(world, deployment);
          expect(deadLetters(world)).toBe(0);
          for (const collection of collections) {
            expect(await snapshotIds(world, collection)).toEqual(allIds([run], collection));
            const version = new TextDecoder().decode(await world.efs.readFile(`/mnt/chroma/snapshots/${collection}/.version`));
            expect(world.bucket.keys(`${collection}/snapshot/timestamped/${version}/`).length).toBeGreaterThan(0);
          }
          expect(await readRun(world, run)).toMatchObject({ lines_state: 'COMPLETED', words_state: 'COMPLETED' });
        });
      }),
      { numRuns: 20 },
    );
  });

  it('seed: with eventually consistent reads, the ownership check right after the phase-3 acquire can miss the new lock row and refuse the publish', async () => {
    let refused = 0;
    for (let seed = 1; seed <= 10 && refused === 0; seed++) {
      await simulate({ seed }, (sim) => compactionWorld(sim, { fifo: true }), async (world) => {
        const deployment = deployCompaction(world, 'seed', { closeBeforeTar: true });
        const run = await ingestRun(world, 1);
        await send(world, 'words', [runMessage(run, 'words')]);
        await drained(world, deployment);
        refused += world.recorder.named('Snapshot upload failed').filter((f) => f.error === 'lock validation failed before upload').length;
      });
    }
    expect(refused).toBeGreaterThan(0);
  });
});
