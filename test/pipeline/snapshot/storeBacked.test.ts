import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SqliteVectorStoreProvider } from '../../../src/adapters/chroma/sqliteVectorStore.js';
import { SimulatedClock } from '../../../src/adapters/memory/clock.js';
import { SimulatedTasks } from '../../../src/adapters/memory/tasks.js';
import { NoSuchKey } from '../../../src/ports/errors.js';
import type { FileSystem } from '../../../src/ports/fileSystem.js';
import type { VectorStoreProvider } from '../../../src/ports/vectorStore.js';
import { extractArchive } from '../../../src/pipeline/archive/directoryArchive.js';
import { downloadSnapshotAtomic } from '../../../src/pipeline/snapshot/downloadSnapshotAtomic.js';
import { pointerKey, tarballKey, timestampedPrefix, versionedPrefix } from '../../../src/pipeline/snapshot/layout.js';
import type { SnapshotDownloadResult, SnapshotUploadResult } from '../../../src/pipeline/snapshot/results.js';
import { uploadSnapshotAtomic } from '../../../src/pipeline/snapshot/uploadSnapshotAtomic.js';
import { createSimulation } from '../../../src/sim/createSimulation.js';
import type { Simulation } from '../../../src/sim/simulation.js';
import { simulate, testEpochMs } from '../../support/simulate.js';
import {
  ScriptedStore,
  type SnapshotWorld,
  type SnapshotWorldOptions,
  bytes,
  chromaFiles,
  filesOf,
  headEmptySnapshot,
  headUpload,
  snapshotWorld,
  text,
  writeDirectory,
} from './world.js';

const provider = (sim: Simulation): VectorStoreProvider =>
  new SqliteVectorStoreProvider({ tasks: new SimulatedTasks(sim), clock: new SimulatedClock(sim) });
const storeWorld = (sim: Simulation, options: SnapshotWorldOptions = {}): SnapshotWorld =>
  snapshotWorld(sim, { vectorStores: provider(sim), ...options });
const validatedUpload = { ...headUpload, postUploadValidation: true, localDir: '/tmp/chroma-lines', collection: 'lines', metadata: {} };
const head = { variant: 'head', verifyIntegrity: true, emptySnapshot: headEmptySnapshot } as const;

/** A closed Chroma directory holding `count` records in collection `lines`. */
async function chromaDirectory(vectorStores: VectorStoreProvider, fs: FileSystem, dir: string, count: number): Promise<void> {
  const store = await vectorStores.open(fs, dir);
  const collection = await store.getOrCreateCollection('lines');
  const records = Array.from({ length: count }, (_, i) => ({
    id: `line-${i}`,
    embedding: [i, 1, 2],
    document: `line ${i}`,
    metadata: { line_id: i },
  }));
  await collection.upsert(records);
  await store.close();
}

/** Opens the tarball of a version read-only and counts its collections. */
async function countsOf(world: SnapshotWorld, version: string): Promise<Record<string, number>> {
  const dir = `/tmp/inspect-${version}`;
  await extractArchive(world.tmp, world.store.peek(tarballKey('lines', version))!.body, dir);
  const store = await world.ports.vectorStores.open(world.tmp, dir, { readOnly: true });
  const counts: Record<string, number> = {};
  for (const name of await store.listCollections()) counts[name] = await (await store.getCollection(name))!.count();
  await store.close();
  return counts;
}

describe('empty-snapshot initialisation (spec §5.3 step 3)', () => {
  it('with no pointer, creates the collection in the local directory, uploads and promotes it without a lock, and reports initialized', async () => {
    await simulate({}, storeWorld, async (world) => {
      const result = await downloadSnapshotAtomic(world.ports, { ...head, collection: 'lines', localDir: '/tmp/snap' });
      if (result.status !== 'downloaded') throw new Error(result.error);
      expect(result).toMatchObject({ initialized: true, local_path: '/tmp/snap', versioned_key: versionedPrefix('lines', result.version_id) });
      const pointer = world.store.peek(pointerKey('lines'))!;
      expect(text(pointer.body)).toBe(result.version_id);
      expect(pointer.metadata).toEqual({ created_by: 'empty_snapshot_initializer' });
      expect(result.pointer_etag).toBe(pointer.etag);
      expect(await countsOf(world, result.version_id)).toEqual({ lines: 0 });
      expect(Object.keys(filesOf(world.tmp, '/tmp/snap'))).toContain('chroma.sqlite3');
    });
  });

  it('initialises over an existing pointer when the version it names answers NoSuchKey', async () => {
    const v = '20251114_110000_000000_00000000';
    const build = (sim: Simulation): SnapshotWorld =>
      storeWorld(sim, {
        wrapStore: (store) =>
          new ScriptedStore(store, (op, key) => (op === 'getObject' && key === tarballKey('lines', v) ? new NoSuchKey(key) : undefined)),
      });
    await simulate({}, build, async (world) => {
      await world.store.putObject({ key: tarballKey('lines', v), body: bytes('unreadable') });
      await world.store.putObject({ key: pointerKey('lines'), body: bytes(v) });
      const result = await downloadSnapshotAtomic(world.ports, { ...head, collection: 'lines', localDir: '/tmp/snap' });
      expect(result).toMatchObject({ status: 'downloaded', initialized: true });
      expect(text(world.store.peek(pointerKey('lines'))?.body)).not.toBe(v);
    });
  });

  it('with conditionalPut, exactly one of two concurrent cycles initialises and promotes; a cycle that also found no pointer fails', async () => {
    let bothFoundNoPointer = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 0xffffffff }), async (seed) => {
        const sim = createSimulation({ seed, strategy: 'random', epochMs: testEpochMs });
        const world = storeWorld(sim);
        const results: SnapshotDownloadResult[] = [];
        for (const name of ['A', 'B']) {
          sim.spawn(name, async () => {
            results.push(
              await downloadSnapshotAtomic(world.host(name), {
                ...head,
                emptySnapshot: { ...headEmptySnapshot, pointerPromotion: 'conditionalPut' },
                collection: 'lines',
                localDir: '/tmp/snap',
              }),
            );
          });
        }
        await sim.run(Infinity);
        // A cycle scheduled after the other promoted reads the pointer and downloads like any other.
        const foundNoPointer = new Set(
          sim.trace.steps.filter((e) => e.op === 's3.getObject' && e.outcome === 'NoSuchKey' && e.entities.some((x) => x.endsWith(pointerKey('lines')))).map((e) => e.actor),
        );
        if (foundNoPointer.size === 2) bothFoundNoPointer++;
        expect(results.filter((r) => r.status === 'downloaded' && r.initialized)).toHaveLength(1);
        expect(results.filter((r) => r.status === 'failed')).toHaveLength(foundNoPointer.size - 1);
        expect(new Set(world.store.keys(timestampedPrefix('lines')).map((k) => k.split('/')[3])).size).toBe(1);
      }),
      { numRuns: 20 },
    );
    expect(bothFoundNoPointer).toBeGreaterThan(0);
  });
});

describe('post-upload validation (spec §5.2, Historical)', () => {
  it('downloads and opens the new version, counts its collections, removes its scratch copy and promotes', async () => {
    await simulate({}, storeWorld, async (world) => {
      await chromaDirectory(world.ports.vectorStores, world.tmp, '/tmp/chroma-lines', 5);
      const result = await uploadSnapshotAtomic(world.ports, validatedUpload);
      if (result.status !== 'uploaded') throw new Error(result.error);
      expect(await world.tmp.readdir('/tmp')).toEqual(['chroma-lines']);
      expect(text(world.store.peek(pointerKey('lines'))?.body)).toBe(result.version_id);
      expect(await countsOf(world, result.version_id)).toEqual({ lines: 5 });
    });
  });

  it('a version that does not open deletes the upload and returns an error, leaving the pointer', async () => {
    await simulate({}, storeWorld, async (world) => {
      await writeDirectory(world.ports, '/tmp/chroma-lines', chromaFiles('X'));
      await world.store.putObject({ key: pointerKey('lines'), body: bytes('previous') });
      const result = await uploadSnapshotAtomic(world.ports, validatedUpload);
      expect(result.status === 'error' && result.error).toMatch(/^post-upload validation failed: /);
      expect(world.store.keys(timestampedPrefix('lines'))).toEqual([]);
      expect(text(world.store.peek(pointerKey('lines'))?.body)).toBe('previous');
      expect(await world.tmp.readdir('/tmp')).toEqual(['chroma-lines']);
    });
  });
});

describe('a head download racing another upload\'s cleanup', () => {
  it('gets the version whole, a partial listing, nothing (failed), or NoSuchKey and promotes an empty snapshot over the writer\'s', async () => {
    const named = '20251114_100000_000000_00000001';
    const orphans = ['20251114_101000_000000_00000002', '20251114_102000_000000_00000003', '20251114_103000_000000_00000004'];
    const namedFiles = Array.from({ length: 24 }, (_, i) => ({ path: `part-${String(i).padStart(2, '0')}.bin`, data: bytes(`part ${i}`) }));
    const seen = { complete: 0, partial: 0, initialized: 0, newVersion: 0, failed: 0 };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 1200 }), async (seed, readerDelayMs) => {
        const sim = createSimulation({ seed, strategy: 'random', epochMs: testEpochMs, faults: { 'process.pause': { rate: 0.05 } } });
        const world = storeWorld(sim);
        const reader = world.host('reader');
        const writer = world.host('writer');
        let download: SnapshotDownloadResult | undefined;
        let upload: SnapshotUploadResult | undefined;
        sim.spawn('setup', async () => {
          for (const file of namedFiles) await world.store.putObject({ key: `${versionedPrefix('lines', named)}${file.path}`, body: file.data });
          for (const v of orphans) await world.store.putObject({ key: tarballKey('lines', v), body: bytes(v) });
          await world.store.putObject({ key: pointerKey('lines'), body: bytes(named) });
          await chromaDirectory(writer.vectorStores, writer.fs, '/tmp/next', 3);
          sim.spawn('writer', async () => {
            upload = await uploadSnapshotAtomic(writer, { ...headUpload, localDir: '/tmp/next', collection: 'lines', metadata: {} });
          });
          sim.spawn('reader', async () => {
            download = await downloadSnapshotAtomic(reader, { ...head, collection: 'lines', localDir: '/tmp/snap' });
          }, { startDelayMs: readerDelayMs });
        });
        await sim.run(Infinity);
        if (upload?.status !== 'uploaded' || download === undefined) throw new Error(`unexpected: ${JSON.stringify({ download, upload })}`);
        const finalPointer = text(world.store.peek(pointerKey('lines'))?.body);
        if (download.status === 'failed') {
          // The whole version was gone by the time the reader listed it: not NoSuchKey, so no initialisation.
          seen.failed++;
          expect(download.error).toBe(`snapshot download failed: Error: no snapshot files found under ${versionedPrefix('lines', named)}`);
          expect(finalPointer).toBe(upload.version_id);
        } else if (download.initialized) {
          seen.initialized++;
          expect(finalPointer).toBe(download.version_id);
          let counts: Record<string, number> | undefined;
          const initialised = download.version_id;
          sim.spawn('inspector', async () => {
            counts = await countsOf(world, initialised);
          });
          await sim.run(Infinity);
          expect(counts).toEqual({ lines: 0 });
        } else if (download.version_id === upload.version_id) {
          seen.newVersion++;
        } else {
          expect(download.version_id).toBe(named);
          const local = filesOf(reader.fs, '/tmp/snap');
          expect(Object.keys(local).every((p) => namedFiles.some((f) => f.path === p))).toBe(true);
          if (Object.keys(local).length === namedFiles.length) seen.complete++;
          else seen.partial++;
          expect(finalPointer).toBe(upload.version_id);
        }
      }),
      { numRuns: 40 },
    );
    expect(seen.initialized + seen.partial + seen.failed).toBeGreaterThan(0);
  });
});
