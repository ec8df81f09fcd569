import { describe, expect, it } from 'vitest';
import { compactionHandler } from '../../../../src/pipeline/compaction/compactionHandler.js';
import { lockPortsOf } from '../../../../src/pipeline/compaction/compactionHandlerConfig.js';
import { LockManager } from '../../../../src/pipeline/lock/lockManager.js';
import { productionLockSettings } from '../../../../src/pipeline/lock/lockSettings.js';
import { pointerKey } from '../../../../src/pipeline/snapshot/layout.js';
import { promotePointer, readPointer } from '../../../../src/pipeline/snapshot/pointer.js';
import type { Simulation } from '../../../../src/sim/simulation.js';
import { simulate } from '../../../support/simulate.js';
import { ScriptedStore } from '../../snapshot/world.js';
import { type CompactionWorld, compactionWorld, receiveBatch } from './compactionWorld.js';
import { filesUnder, ingestRun, readRun, runMessage, send, snapshotIds } from './runFixtures.js';
import { SpyingVectorStores } from './spyingVectorStores.js';

const consistent = (sim: Simulation): CompactionWorld => compactionWorld(sim, { consistentReads: true });

const failures = (response: Awaited<ReturnType<ReturnType<CompactionWorld['handler']>>>): string[] =>
  (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier).sort();

const text = (data: Uint8Array | undefined): string | undefined => (data === undefined ? undefined : new TextDecoder().decode(data));

/** A world in which another writer promotes a pointer the moment the cycle opens its work directory. */
function pointerMovesWhenOpened(collection: 'lines' | 'words') {
  return (sim: Simulation): CompactionWorld => {
    const base = compactionWorld(sim, { consistentReads: true });
    const spy = new SpyingVectorStores(base.ports.vectorStores, [], async (dir) => {
      if (dir.startsWith(`/tmp/chroma-${collection}-`)) await promotePointer(base.bucket, collection, '20251114_115959', {}, { mode: 'blindPut' });
    });
    const ports = { ...base.ports, vectorStores: spy };
    return { ...base, ports, handler: (era, flags, environment) => compactionHandler(ports, base.config(era, flags, environment)) };
  };
}

describe('compaction handler, seed era, EFS mode (§8.3 steps 1 to 5)', () => {
  it('publishes a YYYYmmdd_HHMMSS version of the raw directory, copies it to EFS with .version, marks the run COMPLETED and empties /tmp', async () => {
    await simulate({}, consistent, async (world) => {
      const run = await ingestRun(world, 1);
      await send(world, 'words', [runMessage(run, 'words')]);
      const context = world.context('c1');
      expect(await world.handler('seed')(await receiveBatch(world, 'words'), context)).toEqual({ batchItemFailures: [] });
      const pointer = await readPointer(world.bucket, 'words');
      expect(pointer?.versionId).toMatch(/^\d{8}_\d{6}$/);
      expect(world.bucket.keys(`words/snapshot/timestamped/${pointer!.versionId}/`)).toContain(`words/snapshot/timestamped/${pointer!.versionId}/chroma.sqlite3`);
      expect(world.bucket.peek(pointerKey('words'))?.metadata).toEqual({ update_type: 'batch_compaction', expected_pointer: 'latest-direct' });
      expect(await snapshotIds(world, 'words')).toEqual([...run.ids.words].sort());
      expect(text(await world.efs.readFile('/mnt/chroma/snapshots/words/.version'))).toBe(pointer!.versionId);
      expect(await filesUnder(world.efs, `/mnt/chroma/snapshots/words/${pointer!.versionId}`)).toContain('chroma.sqlite3');
      expect((await readRun(world, run)).words_state).toBe('COMPLETED');
      expect(await filesUnder(context.container.tmp, '/tmp')).toEqual([]);
    });
  });

  it('builds the next version on the EFS copy of the version the pointer names', async () => {
    await simulate({}, consistent, async (world) => {
      const first = await ingestRun(world, 1);
      await send(world, 'words', [runMessage(first, 'words')]);
      await world.handler('seed')(await receiveBatch(world, 'words'), world.context('c1'));
      const v1 = (await readPointer(world.bucket, 'words'))!.versionId;
      await world.sim.sleep(2_000);
      const second = await ingestRun(world, 2);
      await send(world, 'words', [runMessage(second, 'words')]);
      expect(await world.handler('seed')(await receiveBatch(world, 'words'), world.context('c2'))).toEqual({ batchItemFailures: [] });
      expect(world.bucket.peek(pointerKey('words'))?.metadata.expected_pointer).toBe(v1);
      expect(await snapshotIds(world, 'words')).toEqual([...first.ids.words, ...second.ids.words].sort());
    });
  });

  it('reports receipt handles, not messageIds: a non-stream record always, and every record of a collection whose lock is busy', async () => {
    await simulate({}, consistent, async (world) => {
      const run = await ingestRun(world, 1);
      await send(world, 'words', [runMessage(run, 'words'), { id: 'x', body: '{}', attributes: { source: 'delta_upload', collection: 'words' } }]);
      const holder = new LockManager(lockPortsOf(world.ports), 'words', productionLockSettings);
      expect(await holder.acquire('chroma-words-update')).toBe(true);
      const batch = await receiveBatch(world, 'words');
      const response = await world.handler('seed')(batch, world.context('c1'));
      expect(failures(response)).toEqual(batch.records.map((r) => r.receiptHandle).sort());
      expect(failures(response)).not.toContain(batch.records[0]!.messageId);
      expect(await readPointer(world.bucket, 'words')).toBeUndefined();
      expect((await readRun(world, run)).words_state).toBe('PENDING');
    });
  });

  it('skips a run whose delta is missing: no failure, the run is not marked', async () => {
    await simulate({}, consistent, async (world) => {
      const run = await ingestRun(world, 1);
      await world.bucket.deleteObject(`words/delta/${run.runId}/delta.tar.gz`);
      await send(world, 'words', [runMessage(run, 'words')]);
      expect(await world.handler('seed')(await receiveBatch(world, 'words'), world.context('c1'))).toEqual({ batchItemFailures: [] });
      expect((await readRun(world, run)).words_state).toBe('PENDING');
      expect(await snapshotIds(world, 'words')).toEqual([]);
    });
  });

  it('fails the collection at once when the pointer moved between phase 1 and phase 3 (another compactor published)', async () => {
    await simulate({}, pointerMovesWhenOpened('words'), async (world) => {
      const run = await ingestRun(world, 1);
      await send(world, 'words', [runMessage(run, 'words')]);
      const batch = await receiveBatch(world, 'words');
      const response = await world.handler('seed')(batch, world.context('c1'));
      expect(failures(response)).toEqual([batch.records[0]!.receiptHandle]);
      expect(world.bucket.keys('words/snapshot/timestamped/')).toEqual([]);
      expect(world.recorder.lines.filter((l) => l.message === 'Phase 3 did not publish')).toHaveLength(1);
    });
  });
});

describe('compaction handler, seed era, S3-only mode (§8.3)', () => {
  it('downloads into /tmp, publishes without EFS and marks the run COMPLETED', async () => {
    await simulate({}, consistent, async (world) => {
      const run = await ingestRun(world, 1);
      await send(world, 'lines', [runMessage(run, 'lines')]);
      expect(await world.handler('seed', { efsCache: false })(await receiveBatch(world, 'lines'), world.context('c1'))).toEqual({ batchItemFailures: [] });
      expect(await snapshotIds(world, 'lines')).toEqual([...run.ids.lines].sort());
      expect(await filesUnder(world.efs, '/mnt/chroma')).toEqual([]);
      expect((await readRun(world, run)).lines_state).toBe('COMPLETED');
    });
  });

  it('retries a moved pointer once after 0.15 s and then fails the collection', async () => {
    await simulate({}, pointerMovesWhenOpened('lines'), async (world) => {
      const run = await ingestRun(world, 1);
      await send(world, 'lines', [runMessage(run, 'lines')]);
      const batch = await receiveBatch(world, 'lines');
      const started = world.sim.now;
      const response = await world.handler('seed', { efsCache: false })(batch, world.context('c1'));
      expect(failures(response)).toEqual([batch.records[0]!.receiptHandle]);
      expect(world.sim.now - started).toBeGreaterThanOrEqual(450);
      expect(world.bucket.keys('lines/snapshot/timestamped/')).toEqual([]);
      expect((await readRun(world, run)).lines_state).toBe('PENDING');
    });
  });
});

describe('closing the client before the snapshot is archived (§3.12, flag closeBeforeTar)', () => {
  for (const era of ['head', 'seed'] as const) {
    for (const closeBeforeTar of [true, false]) {
      it(`${era} era, closeBeforeTar=${closeBeforeTar}: the work directory's client is ${closeBeforeTar ? 'closed before the upload' : 'never closed'}`, async () => {
        const events: string[] = [];
        const build = (sim: Simulation): CompactionWorld => {
          const base = compactionWorld(sim, {
            consistentReads: true,
            wrapStore: (store) =>
              new ScriptedStore(store, (op, key, _attempt, phase) => {
                if (op === 'putObject' && phase === 'before' && key.includes('/snapshot/timestamped/')) events.push('upload');
                return undefined;
              }),
          });
          return { ...base, ports: { ...base.ports, vectorStores: new SpyingVectorStores(base.ports.vectorStores, events) } };
        };
        await simulate({}, build, async (world) => {
          const run = await ingestRun(world, 1);
          await send(world, 'lines', [runMessage(run, 'lines')]);
          const handler = compactionHandler(world.ports, world.config(era, { closeBeforeTar }));
          expect(await handler(await receiveBatch(world, 'lines'), world.context('c1'))).toEqual({ batchItemFailures: [] });
          // The last open is the cycle's client (head: after the empty-snapshot initialiser's own open and close).
          const cycle = events.slice(events.findLastIndex((e) => e.startsWith('open /tmp/chroma-lines-')));
          expect(cycle[1]).toBe(closeBeforeTar ? 'close /tmp/chroma-lines-' + cycle[0]!.slice('open /tmp/chroma-lines-'.length) : 'upload');
          expect(cycle.some((e) => e.startsWith('close'))).toBe(closeBeforeTar);
        });
      });
    }
  }
});
