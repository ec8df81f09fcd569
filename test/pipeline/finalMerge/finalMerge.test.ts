import { describe, expect, it } from 'vitest';
import { lockPortsOf } from '../../../src/pipeline/compaction/compactionHandlerConfig.js';
import { compactionLockKey } from '../../../src/pipeline/entities/compactionLock.js';
import { finalMerge } from '../../../src/pipeline/finalMerge/finalMerge.js';
import { LockManager } from '../../../src/pipeline/lock/lockManager.js';
import { productionLockSettings } from '../../../src/pipeline/lock/lockSettings.js';
import { pointerKey } from '../../../src/pipeline/snapshot/layout.js';
import { readPointer } from '../../../src/pipeline/snapshot/pointer.js';
import type { Simulation } from '../../../src/sim/simulation.js';
import { simulate } from '../../support/simulate.js';
import { type CompactionWorld, compactionWorld } from '../compaction/handler/compactionWorld.js';
import { filesUnder, ingestRun, snapshotIds } from '../compaction/handler/runFixtures.js';
import { finalMergePorts, rawDelta } from './finalMergeFixtures.js';

const consistent = (sim: Simulation): CompactionWorld => compactionWorld(sim, { consistentReads: true });

const holder = (world: CompactionWorld): LockManager => new LockManager(lockPortsOf(world.ports), 'words', productionLockSettings);

describe('the embedding step functions final merge (§4.6, §8.4)', () => {
  it('head: merges tarball and raw-directory deltas into a new snapshot under chroma-{c}-update, then releases and cleans up', async () => {
    await simulate({}, consistent, async (world) => {
      const run = await ingestRun(world, 1);
      const raw = await rawDelta(world, 'words', 2);
      const ports = finalMergePorts(world);
      const result = await finalMerge(ports, { collection: 'words', deltaPrefixes: [`words/delta/${run.runId}/`, raw.prefix], era: 'head' });
      expect(result).toMatchObject({ status: 'merged', merged_count: 5 });
      expect(await snapshotIds(world, 'words')).toEqual([...run.ids.words, ...raw.ids].sort());
      expect(world.bucket.peek(pointerKey('words'))?.metadata).toMatchObject({ update_type: 'final_merge', merged_vectors: '5' });
      expect(world.recorder.named('lock.acquired').map((f) => f.lockId)).toEqual(['chroma-words-update']);
      expect(await world.table.getItem({ key: compactionLockKey('words', 'chroma-words-update'), consistentRead: true })).toBeUndefined();
      expect(await filesUnder(ports.fs, '/tmp')).toEqual([]);
    });
  });

  it('head: gives up at once when the holder heartbeat is less than 120 s old', async () => {
    await simulate({}, consistent, async (world) => {
      const raw = await rawDelta(world, 'words', 1);
      expect(await holder(world).acquire('chroma-words-update')).toBe(true);
      await world.sim.sleep(60_000);
      const result = await finalMerge(finalMergePorts(world), { collection: 'words', deltaPrefixes: [raw.prefix], era: 'head' });
      expect(result).toEqual({ status: 'lockUnavailable', reason: 'holderAlive', attempts: 1 });
      expect(await readPointer(world.bucket, 'words')).toBeUndefined();
    });
  });

  it('head: waits with backoff for a holder whose heartbeat went stale and takes the lock once its lease expired', async () => {
    await simulate({}, consistent, async (world) => {
      const raw = await rawDelta(world, 'words', 1);
      expect(await holder(world).acquire('chroma-words-update')).toBe(true);
      // The lease ends 180 s after the acquire; at 130 s the heartbeat is stale but the row still live.
      await world.sim.sleep(130_000);
      const result = await finalMerge(finalMergePorts(world), { collection: 'words', deltaPrefixes: [raw.prefix], era: 'head' });
      expect(result).toMatchObject({ status: 'merged', merged_count: 2 });
      expect(world.recorder.named('finalMerge.lock.waiting').length).toBeGreaterThan(3);
    });
  });

  it('seed: locks chroma-final-merge-{batch_id} without waiting: the same batch busy → 423, another batch proceeds', async () => {
    await simulate({}, consistent, async (world) => {
      const raw = await rawDelta(world, 'words', 1);
      expect(await holder(world).acquire('chroma-final-merge-batch-1')).toBe(true);
      const ports = finalMergePorts(world);
      expect(await finalMerge(ports, { collection: 'words', deltaPrefixes: [raw.prefix], era: 'seed', batchId: 'batch-1' })).toEqual({ status: 'locked', statusCode: 423 });
      const other = await finalMerge(ports, { collection: 'words', deltaPrefixes: [raw.prefix], era: 'seed', batchId: 'batch-2' });
      expect(other).toMatchObject({ status: 'merged', merged_count: 2 });
      expect((await readPointer(world.bucket, 'words'))?.versionId).toMatch(/^\d{8}_\d{6}$/);
      expect(await snapshotIds(world, 'words')).toEqual([...raw.ids].sort());
    });
  });

  it('fails without uploading when a delta cannot be downloaded, and still releases the lock', async () => {
    await simulate({}, consistent, async (world) => {
      const result = await finalMerge(finalMergePorts(world), { collection: 'words', deltaPrefixes: ['words/delta/missing/'], era: 'head' });
      expect(result.status).toBe('failed');
      // Only the empty snapshot the download initialised (§5.3 step 3) was uploaded.
      expect(world.bucket.peek(pointerKey('words'))?.metadata).toEqual({ created_by: 'empty_snapshot_initializer' });
      expect(new Set(world.bucket.keys('words/snapshot/timestamped/').map((k) => k.split('/')[3])).size).toBe(1);
      expect(await world.table.getItem({ key: compactionLockKey('words', 'chroma-words-update'), consistentRead: true })).toBeUndefined();
    });
  });
});
