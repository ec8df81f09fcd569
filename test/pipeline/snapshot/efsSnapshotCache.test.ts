import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type MemoryFileSystem, createEfs } from '../../../src/adapters/memory/fs/memoryFileSystem.js';
import { writeEntries } from '../../../src/pipeline/archive/directoryArchive.js';
import {
  type EfsCachePorts,
  copySnapshotToWorkDir,
  efsVersionDir,
  efsVersionFile,
  ensureSnapshotAvailable,
  publishToEfs,
} from '../../../src/pipeline/snapshot/efsSnapshotCache.js';
import { pointerKey, versionedPrefix } from '../../../src/pipeline/snapshot/layout.js';
import { readPointer } from '../../../src/pipeline/snapshot/pointer.js';
import { createSimulation } from '../../../src/sim/createSimulation.js';
import type { Simulation } from '../../../src/sim/simulation.js';
import { simulate, testEpochMs } from '../../support/simulate.js';
import { ScriptedStore, type SnapshotWorld, type SnapshotWorldOptions, bytes, chromaFiles, filesOf, snapshotWorld, text } from './world.js';

const root = '/mnt/chroma';
const seedDownload = { variant: 'seed', verifyIntegrity: true } as const;

interface EfsWorld extends SnapshotWorld {
  readonly efs: MemoryFileSystem;
  readonly cache: EfsCachePorts;
}

function efsWorld(sim: Simulation, options: SnapshotWorldOptions = {}): EfsWorld {
  const world = snapshotWorld(sim, options);
  const efs = createEfs(sim, 'efs');
  return { ...world, efs, cache: { ...world.ports, efs } };
}

async function putVersion(world: SnapshotWorld, version: string, tag: string): Promise<void> {
  for (const file of chromaFiles(tag, 1)) await world.store.putObject({ key: `${versionedPrefix('lines', version)}${file.path}`, body: file.data });
}

const filesAsText = (tag: string): Record<string, string> =>
  Object.fromEntries(chromaFiles(tag, 1).map((f) => [f.path, new TextDecoder().decode(f.data)]));

describe('EFS snapshot cache (spec §5.4, §8.3)', () => {
  it('uses an existing EFS version directory without touching S3', async () => {
    const sim = await simulate({}, efsWorld, async (world) => {
      await writeEntries(world.efs, efsVersionDir(root, 'lines', 'v1'), chromaFiles('A', 1));
      const ensured = await ensureSnapshotAvailable(world.cache, root, 'lines', 'v1', seedDownload);
      expect(ensured).toEqual({ path: `${root}/snapshots/lines/v1`, filledFrom: undefined });
    });
    expect(sim.trace.steps.some((s) => s.op.startsWith('s3.'))).toBe(false);
  });

  it('fills a missing version from S3 into a temporary EFS directory and moves it to the version name', async () => {
    await simulate({}, efsWorld, async (world) => {
      await putVersion(world, 'v1', 'A');
      await world.store.putObject({ key: pointerKey('lines'), body: bytes('v1') });
      const ensured = await ensureSnapshotAvailable(world.cache, root, 'lines', 'v1', seedDownload);
      expect(ensured).toEqual({ path: efsVersionDir(root, 'lines', 'v1'), filledFrom: 'v1' });
      expect(filesOf(world.efs, efsVersionDir(root, 'lines', 'v1'))).toEqual(filesAsText('A'));
      expect(await world.efs.readdir(`${root}/tmp`)).toEqual([]);
    });
  });

  it('fills the directory named v with whatever version the pointer names at download time, if it moved since v was read', async () => {
    await simulate({}, efsWorld, async (world) => {
      await putVersion(world, 'v1', 'A');
      await putVersion(world, 'v2', 'B');
      await world.store.putObject({ key: pointerKey('lines'), body: bytes('v1') });
      const expected = (await readPointer(world.store, 'lines'))!.versionId;
      await world.store.putObject({ key: pointerKey('lines'), body: bytes('v2') });
      const ensured = await ensureSnapshotAvailable(world.cache, root, 'lines', expected, seedDownload);
      expect(ensured).toEqual({ path: efsVersionDir(root, 'lines', 'v1'), filledFrom: 'v2' });
      expect(filesOf(world.efs, efsVersionDir(root, 'lines', 'v1'))).toEqual(filesAsText('B'));
    });
  });

  it('a failed fill throws and leaves no temporary directory', async () => {
    const failingGets = (sim: Simulation): EfsWorld =>
      efsWorld(sim, {
        wrapStore: (store) =>
          new ScriptedStore(store, (op, key) => (op === 'getObject' && key !== pointerKey('lines') ? new Error('boom') : undefined)),
      });
    await simulate({}, failingGets, async (world) => {
      await world.store.putObject({ key: pointerKey('lines'), body: bytes('v1') });
      await world.store.putObject({ key: `${versionedPrefix('lines', 'v1')}x`, body: bytes('x') });
      await world.efs.mkdir(`${root}/tmp`);
      await world.efs.writeFile(`${root}/tmp/blocker`, bytes(''));
      await expect(ensureSnapshotAvailable(world.cache, root, 'lines', 'v1', seedDownload)).rejects.toThrow(
        /EFS fill of lines\/v1 failed: snapshot download failed: Error: boom/,
      );
      expect(await world.efs.readdir(`${root}/tmp`)).toEqual(['blocker']);
      expect(await world.efs.stat(efsVersionDir(root, 'lines', 'v1'))).toBeUndefined();
    });
  });

  it('copies an EFS version into a /tmp work directory file by file', async () => {
    await simulate({}, efsWorld, async (world) => {
      await writeEntries(world.efs, efsVersionDir(root, 'lines', 'v1'), chromaFiles('A', 2));
      expect(await copySnapshotToWorkDir(world.cache, root, 'lines', 'v1', '/tmp/work')).toEqual(chromaFiles('A').map((f) => f.path).sort());
      expect(filesOf(world.tmp, '/tmp/work')).toEqual(filesOf(world.efs, efsVersionDir(root, 'lines', 'v1')));
    });
  });

  it('publishing replaces the version directory, rewrites .version and keeps the 3 newest directories by mtime', async () => {
    await simulate({}, efsWorld, async (world, sim) => {
      for (const v of ['v4', 'v2', 'v3']) {
        await writeEntries(world.efs, efsVersionDir(root, 'lines', v), chromaFiles(v, 1));
        await sim.sleep(1000);
      }
      await writeEntries(world.efs, efsVersionDir(root, 'lines', 'v5'), [{ path: 'stale.bin', data: bytes('stale') }]);
      await sim.sleep(1000);
      await writeEntries(world.tmp, '/tmp/work', chromaFiles('N', 1));
      const removed = await publishToEfs(world.cache, root, 'lines', 'v5', '/tmp/work');
      expect(removed).toEqual(['v4']);
      expect(await world.efs.readdir(`${root}/snapshots/lines`)).toEqual(['.version', 'v2', 'v3', 'v5']);
      expect(filesOf(world.efs, efsVersionDir(root, 'lines', 'v5'))).toEqual(filesAsText('N'));
      expect(text(world.efs.snapshotFiles(`${root}/snapshots/lines`).get('.version'))).toBe('v5');
      expect(efsVersionFile(root, 'lines')).toBe(`${root}/snapshots/lines/.version`);
    });
  });

  it('a copy from EFS taken while another host replaces that version gets the old files, the new ones, a torn mix, or fails', async () => {
    const big = (tag: string): { path: string; data: Uint8Array }[] => [
      { path: 'chroma.sqlite3', data: new Uint8Array(8 * 65_536).fill(tag.charCodeAt(0)) },
    ];
    const outcomes = { old: 0, new: 0, torn: 0, failed: 0 };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 200 }), async (seed, delayMs) => {
        const sim = createSimulation({ seed, strategy: 'random', epochMs: testEpochMs });
        const world = efsWorld(sim);
        const publisher = world.host('publisher');
        let copied: Uint8Array | undefined;
        let failed = false;
        sim.spawn('setup', async () => {
          await writeEntries(world.efs, efsVersionDir(root, 'lines', 'v1'), big('O'));
          await writeEntries(publisher.fs, '/tmp/work', big('N'));
          sim.spawn('reader', async () => {
            try {
              await copySnapshotToWorkDir(world.cache, root, 'lines', 'v1', '/tmp/copy');
              copied = world.tmp.snapshotFiles('/tmp/copy').get('chroma.sqlite3');
            } catch (error) {
              expect(error).toMatchObject({ code: 'ENOENT' });
              failed = true;
            }
          });
          const publish = async (): Promise<void> => {
            await publishToEfs({ ...publisher, efs: world.efs }, root, 'lines', 'v1', '/tmp/work');
          };
          sim.spawn('publisher', publish, { startDelayMs: delayMs });
        });
        await sim.run(Infinity);
        const values = new Set(copied ?? []);
        if (failed) outcomes.failed++;
        else if (copied?.length === 8 * 65_536 && values.size === 1 && values.has(79)) outcomes.old++;
        else if (copied?.length === 8 * 65_536 && values.size === 1 && values.has(78)) outcomes.new++;
        else outcomes.torn++;
      }),
      { numRuns: 40 },
    );
    expect(outcomes.old + outcomes.new + outcomes.torn + outcomes.failed).toBe(40);
    expect(outcomes.torn + outcomes.failed).toBeGreaterThan(0);
  });
});
