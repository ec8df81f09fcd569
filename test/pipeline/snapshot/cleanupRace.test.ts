import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downloadSnapshotAtomic } from '../../../src/pipeline/snapshot/downloadSnapshotAtomic.js';
import { pointerKey, versionedPrefix } from '../../../src/pipeline/snapshot/layout.js';
import type { SnapshotDownloadResult, SnapshotUploadResult } from '../../../src/pipeline/snapshot/results.js';
import { uploadSnapshotAtomic } from '../../../src/pipeline/snapshot/uploadSnapshotAtomic.js';
import type { ListPage, ListRequest } from '../../../src/ports/objectStore.js';
import { createSimulation } from '../../../src/sim/createSimulation.js';
import { Waitable } from '../../../src/sim/waitable.js';
import { testEpochMs } from '../../support/simulate.js';
import { ScriptedStore, bytes, chromaFiles, filesOf, seedUpload, snapshotWorld, writeDirectory } from './world.js';

/**
 * The pointer names the oldest of four versions (the three newer ones are orphans, as blind-put losers
 * leave them), so the next upload's cleanup deletes the version the pointer named a moment ago.
 */
const named = '20251114_100000';
const orphans = ['20251114_101000', '20251114_102000', '20251114_103000'];
const namedFiles = Array.from({ length: 12 }, (_, i) => ({ path: `part-${String(i).padStart(2, '0')}.bin`, data: bytes(`part ${i} of ${named}`) }));
const namedText = Object.fromEntries(namedFiles.map((f) => [f.path, new TextDecoder().decode(f.data)]));

type Outcome = 'complete' | 'partial' | 'failed' | 'newVersion';

async function readerRacingCleanup(seed: number, readerDelayMs: number): Promise<{ outcome: Outcome; upload: SnapshotUploadResult | undefined }> {
  // Hosts stall now and then (process.pause): that is what makes a reader slow.
  const sim = createSimulation({ seed, strategy: 'random', epochMs: testEpochMs, faults: { 'process.pause': { rate: 0.05 } } });
  const world = snapshotWorld(sim);
  const reader = world.host('reader');
  const writer = world.host('writer');
  let download: SnapshotDownloadResult | undefined;
  let upload: SnapshotUploadResult | undefined;
  sim.spawn('setup', async () => {
    for (const file of namedFiles) await world.store.putObject({ key: `${versionedPrefix('lines', named)}${file.path}`, body: file.data });
    for (const v of orphans) await world.store.putObject({ key: `${versionedPrefix('lines', v)}chroma.sqlite3`, body: bytes(v) });
    await world.store.putObject({ key: pointerKey('lines'), body: bytes(named) });
    await writeDirectory(writer, '/tmp/next', chromaFiles('W', 1));
    sim.spawn('writer', async () => {
      upload = await uploadSnapshotAtomic(writer, { ...seedUpload, localDir: '/tmp/next', collection: 'lines', metadata: {} });
    });
    sim.spawn(
      'reader',
      async () => {
        download = await downloadSnapshotAtomic(reader, { variant: 'seed', verifyIntegrity: true, collection: 'lines', localDir: '/tmp/snap' });
      },
      { startDelayMs: readerDelayMs },
    );
  });
  await sim.run(Infinity);
  const local = filesOf(reader.fs, '/tmp/snap');
  if (download?.status === 'downloaded' && download.version_id !== named) {
    // The reader came after the promotion: it reads the new version, which cleanup keeps.
    expect(upload).toMatchObject({ status: 'uploaded', version_id: download.version_id });
    expect(Object.keys(local)).toEqual([...chromaFiles('W', 1).map((f) => f.path), '.snapshot_hash'].sort());
    return { outcome: 'newVersion', upload };
  }
  // Whatever the reader holds is a subset of the version it was sent to, byte for byte.
  for (const [path, content] of Object.entries(local)) expect(content).toBe(namedText[path]);
  const complete = Object.keys(local).length === namedFiles.length;
  if (download?.status === 'failed') {
    expect(download.error).toMatch(/NoSuchKey/);
    expect(complete).toBe(false);
    return { outcome: 'failed', upload };
  }
  expect(download).toMatchObject({ status: 'downloaded', version_id: named });
  return { outcome: complete ? 'complete' : 'partial', upload };
}

describe('a download racing another upload\'s cleanup', () => {
  it('seed era: a reader sent to a version being deleted gets it whole, a partial copy reported as downloaded, or NoSuchKey', async () => {
    const seen: Record<Outcome, number> = { complete: 0, partial: 0, failed: 0, newVersion: 0 };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 1200 }), async (seed, readerDelayMs) => {
        const { outcome, upload } = await readerRacingCleanup(seed, readerDelayMs);
        expect(upload).toMatchObject({ status: 'uploaded' });
        seen[outcome]++;
      }),
      { numRuns: 40 },
    );
    expect(seen.partial + seen.failed).toBeGreaterThan(0);
  });

  it('seed era: a reader stalled between pointer read and listing while cleanup deletes its version reports an empty download', async () => {
    const sim = createSimulation({ seed: 7, strategy: 'random', epochMs: testEpochMs });
    const cleaned = new Waitable('cleanup done');
    const world = snapshotWorld(sim, {
      wrapStore: (store) =>
        new (class extends ScriptedStore {
          override async listObjects(request: ListRequest): Promise<ListPage> {
            if (sim.current?.name === 'reader' && request.prefix === versionedPrefix('lines', named)) await sim.block(cleaned);
            return super.listObjects(request);
          }
        })(store, () => undefined),
    });
    const reader = world.host('reader');
    const writer = world.host('writer');
    let download: SnapshotDownloadResult | undefined;
    sim.spawn('setup', async () => {
      for (const file of namedFiles) await world.store.putObject({ key: `${versionedPrefix('lines', named)}${file.path}`, body: file.data });
      for (const v of orphans) await world.store.putObject({ key: `${versionedPrefix('lines', v)}chroma.sqlite3`, body: bytes(v) });
      await world.store.putObject({ key: pointerKey('lines'), body: bytes(named) });
      await writeDirectory(writer, '/tmp/next', chromaFiles('W', 1));
      sim.spawn('reader', async () => {
        download = await downloadSnapshotAtomic(reader, { variant: 'seed', verifyIntegrity: true, collection: 'lines', localDir: '/tmp/snap' });
      });
      sim.spawn('writer', async () => {
        await uploadSnapshotAtomic(writer, { ...seedUpload, localDir: '/tmp/next', collection: 'lines', metadata: {} });
        cleaned.signal();
      });
    });
    await sim.run(Infinity);
    expect(world.store.keys(versionedPrefix('lines', named))).toEqual([]);
    expect(download).toMatchObject({ status: 'downloaded', version_id: named, warnings: [] });
    expect(filesOf(reader.fs, '/tmp/snap')).toEqual({});
  });
});
