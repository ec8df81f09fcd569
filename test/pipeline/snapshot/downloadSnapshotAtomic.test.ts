import { describe, expect, it } from 'vitest';
import { NoSuchKey, PortError, ServiceUnavailable, Throttled } from '../../../src/ports/errors.js';
import type { StoredObject } from '../../../src/ports/objectStore.js';
import { buildTarGz } from '../../../src/pipeline/archive/tarGz.js';
import { downloadSnapshotAtomic } from '../../../src/pipeline/snapshot/downloadSnapshotAtomic.js';
import { latestDirectPrefix, pointerKey, tarballKey, versionedPrefix } from '../../../src/pipeline/snapshot/layout.js';
import type { Simulation } from '../../../src/sim/simulation.js';
import { simulate, testEpochMs } from '../../support/simulate.js';
import {
  ScriptedStore,
  type SnapshotWorld,
  type StoreOperation,
  bytes,
  filesOf,
  headEmptySnapshot,
  snapshotWorld,
  text,
} from './world.js';

const v = '20251114_110000';
const manyFiles = Array.from({ length: 20 }, (_, i) => ({ path: `index-${i % 3}/part-${String(i).padStart(2, '0')}.bin`, data: bytes(`part ${i}`) }));
const expectedFiles = Object.fromEntries(manyFiles.map((f) => [f.path, text(f.data)!]));

async function putDirectoryVersion(world: SnapshotWorld, prefix = versionedPrefix('lines', v)): Promise<void> {
  for (const file of manyFiles) await world.store.putObject({ key: `${prefix}${file.path}`, body: file.data });
}

const head = { variant: 'head', verifyIntegrity: true, emptySnapshot: headEmptySnapshot } as const;
const seed = { variant: 'seed', verifyIntegrity: true } as const;

const scripted =
  (fail: (op: StoreOperation, key: string, attempt: number, phase: 'before' | 'after') => Error | undefined) =>
  (sim: Simulation): SnapshotWorld & { scripted: ScriptedStore } => {
    let scriptedStore: ScriptedStore | undefined;
    const world = snapshotWorld(sim, { wrapStore: (store) => (scriptedStore = new ScriptedStore(store, fail)) });
    return { ...world, scripted: scriptedStore! };
  };

const gets = (store: ScriptedStore, key: string): number => store.requests.filter((r) => r.op === 'getObject' && r.key === key).length;

describe('download_snapshot_atomic, head (spec §5.3)', () => {
  it('downloads and extracts the tarball of the version the pointer names', async () => {
    await simulate({}, snapshotWorld, async (world) => {
      await world.store.putObject({ key: tarballKey('lines', v), body: buildTarGz(manyFiles, testEpochMs) });
      const { etag } = await world.store.putObject({ key: pointerKey('lines'), body: bytes(v) });
      const result = await downloadSnapshotAtomic(world.ports, { ...head, collection: 'lines', localDir: '/tmp/snap' });
      expect(result).toEqual({
        status: 'downloaded',
        version_id: v,
        versioned_key: versionedPrefix('lines', v),
        local_path: '/tmp/snap',
        initialized: false,
        pointer_etag: etag,
        promotion_history: [v],
        warnings: [],
      });
      expect(filesOf(world.tmp, '/tmp/snap')).toEqual(expectedFiles);
    });
  });

  it('without a tarball, downloads every object of the prefix with 8 parallel workers', async () => {
    const sim = await simulate({}, snapshotWorld, async (world) => {
      await putDirectoryVersion(world);
      await world.store.putObject({ key: pointerKey('lines'), body: bytes(v) });
      const result = await downloadSnapshotAtomic(world.ports, { ...head, collection: 'lines', localDir: '/tmp/snap' });
      expect(result).toMatchObject({ status: 'downloaded', version_id: v, initialized: false });
      expect(filesOf(world.tmp, '/tmp/snap')).toEqual(expectedFiles);
    });
    const workers = new Set(sim.trace.steps.filter((s) => s.op === 's3.getObject' && String(s.detail?.key).includes('/part-')).map((s) => s.actor));
    expect([...workers].sort()).toEqual(Array.from({ length: 8 }, (_, i) => `client/snapshot-download-${i + 1}`).sort());
  });

  it('retries a transient GetObject failure up to 3 attempts, backing off 1 s then 2 s', async () => {
    const failing = `${versionedPrefix('lines', v)}${manyFiles[5]!.path}`;
    const build = scripted((op, key, attempt, phase) =>
      op === 'getObject' && key === failing && phase === 'before' && attempt < 3 ? new Throttled('SlowDown') : undefined,
    );
    await simulate({}, build, async (world, sim) => {
      await putDirectoryVersion(world);
      await world.store.putObject({ key: pointerKey('lines'), body: bytes(v) });
      const started = sim.now;
      const result = await downloadSnapshotAtomic(world.ports, { ...head, collection: 'lines', localDir: '/tmp/snap' });
      expect(result).toMatchObject({ status: 'downloaded' });
      expect(gets(world.scripted, failing)).toBe(3);
      expect(sim.now - started).toBeGreaterThanOrEqual(3000);
      expect(filesOf(world.tmp, '/tmp/snap')).toEqual(expectedFiles);
    });
  });

  it('fails after 3 failed attempts, keeping the files fetched, without creating an empty snapshot', async () => {
    const failing = `${versionedPrefix('lines', v)}${manyFiles[0]!.path}`;
    const build = scripted((op, key, _attempt, phase) =>
      op === 'getObject' && key === failing && phase === 'before' ? new ServiceUnavailable() : undefined,
    );
    await simulate({}, build, async (world) => {
      await putDirectoryVersion(world);
      await world.store.putObject({ key: pointerKey('lines'), body: bytes(v) });
      const result = await downloadSnapshotAtomic(world.ports, { ...head, collection: 'lines', localDir: '/tmp/snap' });
      expect(result).toMatchObject({ status: 'failed', version_id: v });
      expect(result.status === 'failed' && result.error).toMatch(/failed to download 1 of 20 objects; first: .*part-00\.bin: ServiceUnavailable/);
      expect(gets(world.scripted, failing)).toBe(3);
      expect(Object.keys(filesOf(world.tmp, '/tmp/snap'))).toHaveLength(19);
      expect(text(world.store.peek(pointerKey('lines'))?.body)).toBe(v);
    });
  });

  it('does not retry AccessDenied', async () => {
    const failing = `${versionedPrefix('lines', v)}${manyFiles[3]!.path}`;
    const build = scripted((op, key) => (op === 'getObject' && key === failing ? new PortError('AccessDenied', 'Access Denied') : undefined));
    await simulate({}, build, async (world) => {
      await putDirectoryVersion(world);
      await world.store.putObject({ key: pointerKey('lines'), body: bytes(v) });
      const result = await downloadSnapshotAtomic(world.ports, { ...head, collection: 'lines', localDir: '/tmp/snap' });
      expect(result).toMatchObject({ status: 'failed' });
      expect(gets(world.scripted, failing)).toBe(1);
    });
  });

  it('with verify_integrity, an object whose body differs in size from its listing fails the download', async () => {
    const short = `${versionedPrefix('lines', v)}${manyFiles[7]!.path}`;
    const build = (sim: Simulation): SnapshotWorld =>
      snapshotWorld(sim, {
        wrapStore: (store) =>
          new (class extends ScriptedStore {
            override async getObject(key: string): Promise<StoredObject> {
              const object = await super.getObject(key);
              return key === short ? { ...object, body: object.body.subarray(1) } : object;
            }
          })(store, () => undefined),
      });
    await simulate({}, build, async (world) => {
      await putDirectoryVersion(world);
      await world.store.putObject({ key: pointerKey('lines'), body: bytes(v) });
      const checked = await downloadSnapshotAtomic(world.ports, { ...head, collection: 'lines', localDir: '/tmp/checked' });
      expect(checked.status === 'failed' && checked.error).toMatch(/integrity check failed: size mismatch index-1\/part-07\.bin: 5 != 6/);
      const unchecked = await downloadSnapshotAtomic(world.ports, {
        ...head,
        verifyIntegrity: false,
        collection: 'lines',
        localDir: '/tmp/unchecked',
      });
      expect(unchecked).toMatchObject({ status: 'downloaded' });
    });
  });

  it('a pointer that cannot be read (other than NoSuchKey) fails the download with no version', async () => {
    const build = scripted((op, key) => (op === 'getObject' && key === pointerKey('lines') ? new Throttled('SlowDown') : undefined));
    await simulate({}, build, async (world) => {
      const result = await downloadSnapshotAtomic(world.ports, { ...head, collection: 'lines', localDir: '/tmp/snap' });
      expect(result).toEqual({ status: 'failed', error: 'reading the pointer failed: SlowDown: Rate exceeded', version_id: null });
      expect(world.store.keys()).toEqual([]);
    });
  });

  it('a pointer naming a version with no objects fails the download (no NoSuchKey, so no initialisation)', async () => {
    await simulate({}, snapshotWorld, async (world) => {
      await world.store.putObject({ key: pointerKey('lines'), body: bytes(v) });
      const result = await downloadSnapshotAtomic(world.ports, { ...head, collection: 'lines', localDir: '/tmp/snap' });
      const error = `snapshot download failed: Error: no snapshot files found under ${versionedPrefix('lines', v)}`;
      expect(result).toMatchObject({ status: 'failed', error });
    });
  });
});

describe('download_snapshot_atomic, seed era (spec §8.5)', () => {
  it('without a pointer reads {c}/snapshot/latest/ as version latest-direct', async () => {
    await simulate({}, snapshotWorld, async (world) => {
      await putDirectoryVersion(world, latestDirectPrefix('lines'));
      const result = await downloadSnapshotAtomic(world.ports, { ...seed, collection: 'lines', localDir: '/tmp/snap' });
      expect(result).toEqual({
        status: 'downloaded',
        version_id: 'latest-direct',
        versioned_key: 'lines/snapshot/latest/',
        local_path: '/tmp/snap',
        initialized: false,
        pointer_etag: null,
        promotion_history: [],
        warnings: [],
      });
      expect(filesOf(world.tmp, '/tmp/snap')).toEqual(expectedFiles);
    });
  });

  it('counts an empty prefix as downloaded', async () => {
    await simulate({}, snapshotWorld, async (world) => {
      await world.store.putObject({ key: pointerKey('lines'), body: bytes(v) });
      const result = await downloadSnapshotAtomic(world.ports, { ...seed, collection: 'lines', localDir: '/tmp/snap' });
      expect(result).toMatchObject({ status: 'downloaded', version_id: v });
      expect(filesOf(world.tmp, '/tmp/snap')).toEqual({});
    });
  });

  it('fetches objects one by one with no retry; a failure leaves the files fetched so far', async () => {
    const failing = `${versionedPrefix('lines', v)}${manyFiles[10]!.path}`;
    const build = scripted((op, key) => (op === 'getObject' && key === failing ? new NoSuchKey(key) : undefined));
    const sim = await simulate({}, build, async (world) => {
      await putDirectoryVersion(world);
      await world.store.putObject({ key: pointerKey('lines'), body: bytes(v) });
      const result = await downloadSnapshotAtomic(world.ports, { ...seed, collection: 'lines', localDir: '/tmp/snap' });
      expect(result).toMatchObject({ status: 'failed', version_id: v });
      expect(result.status === 'failed' && result.error).toMatch(/^snapshot download failed: NoSuchKey/);
      expect(gets(world.scripted, failing)).toBe(1);
      const sortedKeys = manyFiles.map((f) => f.path).sort();
      expect(Object.keys(filesOf(world.tmp, '/tmp/snap'))).toEqual(sortedKeys.slice(0, sortedKeys.indexOf(manyFiles[10]!.path)));
      expect(world.store.peek(pointerKey('lines'))?.body).toEqual(bytes(v));
    });
    expect(new Set(sim.trace.steps.filter((s) => s.op === 's3.getObject').map((s) => s.actor))).toEqual(new Set(['client']));
  });

  it('only reports size mismatches (with verify_integrity) and counts the download as done', async () => {
    const short = `${versionedPrefix('lines', v)}${manyFiles[2]!.path}`;
    const build = (sim: Simulation): SnapshotWorld =>
      snapshotWorld(sim, {
        wrapStore: (store) =>
          new (class extends ScriptedStore {
            override async getObject(key: string): Promise<StoredObject> {
              const object = await super.getObject(key);
              return key === short ? { ...object, body: object.body.subarray(2) } : object;
            }
          })(store, () => undefined),
      });
    await simulate({}, build, async (world) => {
      await putDirectoryVersion(world);
      await world.store.putObject({ key: pointerKey('lines'), body: bytes(v) });
      const checked = await downloadSnapshotAtomic(world.ports, { ...seed, collection: 'lines', localDir: '/tmp/a' });
      expect(checked).toMatchObject({ status: 'downloaded', warnings: ['size mismatch index-2/part-02.bin: 4 != 6'] });
      const unchecked = await downloadSnapshotAtomic(world.ports, { ...seed, verifyIntegrity: false, collection: 'lines', localDir: '/tmp/b' });
      expect(unchecked).toMatchObject({ status: 'downloaded', warnings: [] });
    });
  });
});
