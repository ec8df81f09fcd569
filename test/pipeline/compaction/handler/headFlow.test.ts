import { describe, expect, it } from 'vitest';
import { ServiceUnavailable, Throttled } from '../../../../src/ports/errors.js';
import type { Queue } from '../../../../src/ports/queue.js';
import { compactionHandler } from '../../../../src/pipeline/compaction/compactionHandler.js';
import { lockAcquisitionFailedMetric } from '../../../../src/pipeline/compaction/processCollection.js';
import { compactionLockKey } from '../../../../src/pipeline/entities/compactionLock.js';
import { compactionRunKey } from '../../../../src/pipeline/entities/compactionRun.js';
import { LockManager } from '../../../../src/pipeline/lock/lockManager.js';
import { lockPortsOf } from '../../../../src/pipeline/compaction/compactionHandlerConfig.js';
import { productionLockSettings } from '../../../../src/pipeline/lock/lockSettings.js';
import { fenceTokenMetadataKey } from '../../../../src/pipeline/lock/fencing/fencedPointerGuard.js';
import { pointerKey } from '../../../../src/pipeline/snapshot/layout.js';
import { readPointer } from '../../../../src/pipeline/snapshot/pointer.js';
import type { Simulation } from '../../../../src/sim/simulation.js';
import { simulate } from '../../../support/simulate.js';
import { ScriptedStore } from '../../snapshot/world.js';
import { type CompactionWorld, compactionWorld, receiveBatch } from './compactionWorld.js';
import { SpyingVectorStores } from './spyingVectorStores.js';
import { filesUnder, ignoredMessage, ingestRun, readRun, runMessage, send, snapshotIds } from './runFixtures.js';

const consistent = (sim: Simulation): CompactionWorld => compactionWorld(sim, { consistentReads: true });

/** A world whose bucket fails the requests `failing` picks while `failing.on` is set. */
function failingBucket(failing: { on: boolean; fail: (op: string, key: string) => Error | undefined }) {
  return (sim: Simulation): CompactionWorld =>
    compactionWorld(sim, {
      consistentReads: true,
      wrapStore: (store) => new ScriptedStore(store, (op, key, _attempt, phase) => (failing.on && phase === 'before' ? failing.fail(op, key) : undefined)),
    });
}

const failedIds = (response: Awaited<ReturnType<ReturnType<CompactionWorld['handler']>>>): string[] =>
  (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier).sort();

describe('compaction handler, head era: one collection cycle (§3.4)', () => {
  it('merges a run delta into a new snapshot, promotes it, marks the run COMPLETED for that collection, releases and cleans up', async () => {
    await simulate({}, consistent, async (world) => {
      const run = await ingestRun(world, 1);
      await send(world, 'lines', [runMessage(run, 'lines')]);
      const context = world.context('c1');
      const response = await world.handler('head')(await receiveBatch(world, 'lines'), context);
      expect(response).toEqual({ batchItemFailures: [] });
      expect(await snapshotIds(world, 'lines')).toEqual([...run.ids.lines].sort());
      expect(await readRun(world, run)).toMatchObject({ lines_state: 'COMPLETED', lines_merged_vectors: 3, words_state: 'PENDING', words_merged_vectors: 0 });
      const stored = await readRun(world, run);
      expect(stored.lines_finished_at).toBe(stored.updated_at);
      expect(world.bucket.peek(pointerKey('lines'))?.metadata).toMatchObject({ update_type: 'batch_compaction', message_count: '1', delta_merges: '1', metadata_updates: '0', label_updates: '0' });
      expect(await world.table.getItem({ key: compactionLockKey('lines', 'chroma-lines-compaction'), consistentRead: true })).toBeUndefined();
      expect(await filesUnder(context.container.tmp, '/tmp')).toEqual([]);
    });
  });

  it('reports every id of the collection and counts CompactionLockAcquisitionFailed when the lock is busy, without touching the snapshot', async () => {
    await simulate({}, consistent, async (world) => {
      const run = await ingestRun(world, 1);
      const ids = await send(world, 'lines', [runMessage(run, 'lines'), ignoredMessage(2, 'lines')]);
      const holder = new LockManager(lockPortsOf(world.ports), 'lines', productionLockSettings);
      expect(await holder.acquire('chroma-lines-compaction')).toBe(true);
      const response = await world.handler('head')(await receiveBatch(world, 'lines'), world.context('c1'));
      expect(failedIds(response)).toEqual([...ids].sort());
      expect(world.recorder.counts.get(lockAcquisitionFailedMetric)).toBe(1);
      expect(await readPointer(world.bucket, 'lines')).toBeUndefined();
      expect((await readRun(world, run)).lines_state).toBe('PENDING');
      expect((await world.table.getItem({ key: compactionLockKey('lines', 'chroma-lines-compaction'), consistentRead: true }))?.owner).toBe(holder.owner);
    });
  });

  it('fails every id when the snapshot download fails, and leaves the pointer and the runs as they were', async () => {
    const failing = { on: false, fail: (op: string, key: string) => (op === 'getObject' && key.endsWith('snapshot.tar.gz') ? new ServiceUnavailable() : undefined) };
    await simulate({}, failingBucket(failing), async (world) => {
      const first = await ingestRun(world, 1);
      await send(world, 'lines', [runMessage(first, 'lines')]);
      expect(await world.handler('head')(await receiveBatch(world, 'lines'), world.context('c1'))).toEqual({ batchItemFailures: [] });
      const before = await readPointer(world.bucket, 'lines');
      const second = await ingestRun(world, 2);
      const ids = await send(world, 'lines', [runMessage(second, 'lines')]);
      failing.on = true;
      const response = await world.handler('head')(await receiveBatch(world, 'lines'), world.context('c2'));
      expect(failedIds(response)).toEqual(ids);
      expect(await readPointer(world.bucket, 'lines')).toEqual(before);
      expect((await readRun(world, second)).lines_state).toBe('PENDING');
      expect(world.recorder.lines.some((l) => l.message === 'Snapshot download failed')).toBe(true);
    });
  });

  it('fails every id when the upload fails, marks no run COMPLETED although the merges succeeded, and still releases the lock', async () => {
    const failing = { on: true, fail: (op: string, key: string) => (op === 'putObject' && key.endsWith('snapshot.tar.gz') ? new ServiceUnavailable() : undefined) };
    await simulate({}, failingBucket(failing), async (world) => {
      const runs = [await ingestRun(world, 1), await ingestRun(world, 2)];
      const ids = await send(world, 'words', runs.map((r) => runMessage(r, 'words')));
      const context = world.context('c1');
      const response = await world.handler('head')(await receiveBatch(world, 'words'), context);
      expect(failedIds(response)).toEqual([...ids].sort());
      for (const run of runs) expect((await readRun(world, run)).words_state).toBe('PENDING');
      expect(await world.table.getItem({ key: compactionLockKey('words', 'chroma-words-compaction'), consistentRead: true })).toBeUndefined();
      expect(await filesUnder(context.container.tmp, '/tmp')).toEqual([]);
    });
  });

  it('fails only the record_id of a run whose merge failed; the other run is merged and COMPLETED, the failed one stays PENDING', async () => {
    await simulate({}, consistent, async (world) => {
      const good = await ingestRun(world, 1);
      const bad = await ingestRun(world, 2);
      await world.bucket.deleteObject(`words/delta/${bad.runId}/delta.tar.gz`);
      const [, badId] = await send(world, 'words', [runMessage(good, 'words'), runMessage(bad, 'words')]);
      const response = await world.handler('head')(await receiveBatch(world, 'words'), world.context('c1'));
      expect(failedIds(response)).toEqual([badId]);
      expect(await snapshotIds(world, 'words')).toEqual([...good.ids.words].sort());
      expect((await readRun(world, good)).words_state).toBe('COMPLETED');
      expect((await readRun(world, bad)).words_state).toBe('PENDING');
    });
  });

  it('only logs a failed mark_compaction_run_completed: the message is acknowledged', async () => {
    await simulate({}, consistent, async (world) => {
      const run = await ingestRun(world, 1);
      await world.table.deleteItem({ key: compactionRunKey(run.imageId, run.receiptId, run.runId) });
      await send(world, 'words', [runMessage(run, 'words')]);
      const response = await world.handler('head')(await receiveBatch(world, 'words'), world.context('c1'));
      expect(response).toEqual({ batchItemFailures: [] });
      expect(await snapshotIds(world, 'words')).toEqual([...run.ids.words].sort());
      expect(world.recorder.lines.some((l) => l.level === 'error' && l.message === 'Failed to mark compaction run completed')).toBe(true);
    });
  });

  it('skips (acknowledges) an unparseable record and processes the rest', async () => {
    await simulate({}, consistent, async (world) => {
      const run = await ingestRun(world, 1);
      await send(world, 'lines', [{ id: 'bad', body: 'not json', attributes: { collection: 'lines' } }, runMessage(run, 'lines')]);
      const response = await world.handler('head')(await receiveBatch(world, 'lines'), world.context('c1'));
      expect(response).toEqual({ batchItemFailures: [] });
      expect((await readRun(world, run)).lines_state).toBe('COMPLETED');
      expect(world.recorder.lines.some((l) => l.message === 'Skipping unparseable record')).toBe(true);
    });
  });

  it('fails every id of the collection when process_collection raises (here: the client cannot open the downloaded snapshot)', async () => {
    await simulate({}, consistent, async (world) => {
      await send(world, 'lines', [ignoredMessage(1, 'lines')]);
      expect(await world.handler('head')(await receiveBatch(world, 'lines'), world.context('c0'))).toEqual({ batchItemFailures: [] });
      const run = await ingestRun(world, 2);
      const ids = await send(world, 'lines', [runMessage(run, 'lines')]);
      const broken = { ...world.ports, vectorStores: { open: () => Promise.reject(new Error('cannot open')) } };
      const response = await compactionHandler(broken, world.config('head'))(await receiveBatch(world, 'lines'), world.context('c1'));
      expect(failedIds(response)).toEqual(ids);
      expect(world.recorder.lines.some((l) => l.message === 'Collection processing failed')).toBe(true);
    });
  });

  it('lockMode none takes no lock row and uploads without ownership checks', async () => {
    await simulate({}, consistent, async (world) => {
      const run = await ingestRun(world, 1);
      await send(world, 'lines', [runMessage(run, 'lines')]);
      const response = await world.handler('head', { lockMode: 'none' })(await receiveBatch(world, 'lines'), world.context('c1'));
      expect(response).toEqual({ batchItemFailures: [] });
      expect(world.table.currentItems().filter((item) => String(item.PK).startsWith('LOCK#'))).toEqual([]);
      expect((await readRun(world, run)).lines_state).toBe('COMPLETED');
    });
  });
});

describe('compaction handler, head era: the lock while the cycle runs (§3.4 steps 2, 3, 7)', () => {
  it('heartbeats the lock row every 30 s while a slow cycle runs, so its lease outlives the 3 minutes', async () => {
    const heartbeats: string[] = [];
    const build = (sim: Simulation): CompactionWorld => {
      const base = compactionWorld(sim, { consistentReads: true });
      const slow = new SpyingVectorStores(base.ports.vectorStores, [], async (dir) => {
        if (!dir.startsWith('/tmp/chroma-lines-')) return;
        for (let i = 0; i < 8; i++) {
          await base.ports.clock.sleep(30_000);
          const row = await base.table.getItem({ key: compactionLockKey('lines', 'chroma-lines-compaction'), consistentRead: true });
          heartbeats.push(String(row?.heartbeat));
        }
      });
      const ports = { ...base.ports, vectorStores: slow };
      return { ...base, ports, handler: (era, flags, environment) => compactionHandler(ports, base.config(era, flags, environment)) };
    };
    await simulate({}, build, async (world) => {
      const run = await ingestRun(world, 1);
      await send(world, 'lines', [runMessage(run, 'lines')]);
      expect(await world.handler('head')(await receiveBatch(world, 'lines'), world.context('c1'))).toEqual({ batchItemFailures: [] });
      expect(new Set(heartbeats).size).toBeGreaterThanOrEqual(7);
      expect((await readRun(world, run)).lines_state).toBe('COMPLETED');
    });
  });

  it('leaseFencing: records the lease token on the pointer and refuses to promote under a lower token than the pointer holds', async () => {
    await simulate({}, consistent, async (world) => {
      await send(world, 'lines', [ignoredMessage(1, 'lines')]);
      expect(await world.handler('head', { lockMode: 'leaseFencing' })(await receiveBatch(world, 'lines'), world.context('c0'))).toEqual({ batchItemFailures: [] });
      expect(world.bucket.peek(pointerKey('lines'))?.metadata[fenceTokenMetadataKey]).toBe('1');
      const current = (await readPointer(world.bucket, 'lines'))!;
      await world.bucket.putObject({ key: pointerKey('lines'), body: new TextEncoder().encode(current.versionId), metadata: { [fenceTokenMetadataKey]: '99' } });
      const run = await ingestRun(world, 2);
      const ids = await send(world, 'lines', [runMessage(run, 'lines')]);
      const response = await world.handler('head', { lockMode: 'leaseFencing' })(await receiveBatch(world, 'lines'), world.context('c1'));
      expect(failedIds(response)).toEqual(ids);
      expect(world.recorder.named('Snapshot upload failed').map((f) => f.error)).toEqual(['promotion guard refused the pointer write']);
      expect((await readPointer(world.bucket, 'lines'))?.versionId).toBe(current.versionId);
    });
  });
});

describe('compaction handler, head era: extra fetch and its cleanup (§3.2 steps 1 and 6)', () => {
  it('receives 10 at a time from the queue while below MAX_MESSAGES_PER_COMPACTION, then deletes what it fetched', async () => {
    await simulate({}, consistent, async (world) => {
      await send(world, 'lines', Array.from({ length: 25 }, (_, i) => ignoredMessage(i + 1, 'lines')));
      const batch = await receiveBatch(world, 'lines', 1);
      const handler = world.handler('head', {}, { MAX_MESSAGES_PER_COMPACTION: '15' });
      expect(await handler(batch, world.context('c1'))).toEqual({ batchItemFailures: [] });
      // 1 + 10 < 15, so a second receive; 21 >= 15 stops. The 20 fetched are deleted; the batch's own is the mapping's.
      expect(world.queues.stats(world.urls.lines)).toEqual({ visible: 4, inFlight: 1, delayed: 0 });
    });
  });

  it('fetches from the queue the first record names (words), stops on an empty receive, and leaves the other queue alone', async () => {
    await simulate({}, consistent, async (world) => {
      await send(world, 'words', [1, 2, 3, 4].map((n) => ignoredMessage(n, 'words')));
      await send(world, 'lines', [ignoredMessage(5, 'lines')]);
      const batch = await receiveBatch(world, 'words', 1);
      expect(await world.handler('head')(batch, world.context('c1'))).toEqual({ batchItemFailures: [] });
      expect(world.queues.stats(world.urls.words)).toEqual({ visible: 0, inFlight: 1, delayed: 0 });
      expect(world.queues.stats(world.urls.lines)).toEqual({ visible: 1, inFlight: 0, delayed: 0 });
    });
  });

  it('stops fetching on a receive error and processes what it has', async () => {
    await simulate({}, consistent, async (world) => {
      await send(world, 'lines', [1, 2].map((n) => ignoredMessage(n, 'lines')));
      const batch = await receiveBatch(world, 'lines', 1);
      const throttled: Queue = { ...bind(world.queues), receiveMessage: () => Promise.reject(new Throttled('ThrottlingException')) };
      const handler = compactionHandler({ ...world.ports, queue: throttled }, world.config('head'));
      expect(await handler(batch, world.context('c1'))).toEqual({ batchItemFailures: [] });
      expect(world.queues.stats(world.urls.lines)).toEqual({ visible: 1, inFlight: 1, delayed: 0 });
      expect(world.recorder.lines.some((l) => l.message === 'Additional message fetch failed')).toBe(true);
    });
  });

  it('does not delete fetched messages when any id failed; a failed fetched message is reported by its messageId', async () => {
    await simulate({}, consistent, async (world) => {
      await send(world, 'lines', [ignoredMessage(2, 'lines')]);
      const batch = await receiveBatch(world, 'lines', 1);
      const bad = await ingestRun(world, 1);
      await world.bucket.deleteObject(`lines/delta/${bad.runId}/delta.tar.gz`);
      const [, badId] = await send(world, 'lines', [ignoredMessage(3, 'lines'), runMessage(bad, 'lines')]);
      const response = await world.handler('head')(batch, world.context('c1'));
      expect(failedIds(response)).toEqual([badId]);
      expect(batch.records.map((r) => r.messageId)).not.toContain(badId);
      expect(world.queues.stats(world.urls.lines)).toEqual({ visible: 0, inFlight: 3, delayed: 0 });
      await world.sim.sleep(900_000);
      expect(world.queues.stats(world.urls.lines).visible).toBe(3);
    });
  });
});

/** The queue's methods bound to it, so a test can replace one. */
function bind(queue: Queue): Queue {
  return {
    sendMessageBatch: (...args) => queue.sendMessageBatch(...args),
    receiveMessage: (...args) => queue.receiveMessage(...args),
    deleteMessage: (...args) => queue.deleteMessage(...args),
    deleteMessageBatch: (...args) => queue.deleteMessageBatch(...args),
    changeMessageVisibility: (...args) => queue.changeMessageVisibility(...args),
  };
}
