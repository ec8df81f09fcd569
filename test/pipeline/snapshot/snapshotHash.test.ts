import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../src/adapters/memory/clock.js';
import { MemoryFileSystem } from '../../../src/adapters/memory/fs/memoryFileSystem.js';
import { buildTarGz } from '../../../src/pipeline/archive/tarGz.js';
import { writeEntries } from '../../../src/pipeline/archive/directoryArchive.js';
import {
  calculateDirectoryHash,
  directorySnapshotHash,
  excludedFromDirectoryHash,
  legacyStatHash,
  tarballHash,
} from '../../../src/pipeline/snapshot/snapshotHash.js';
import { createSimulation } from '../../../src/sim/createSimulation.js';
import type { Simulation } from '../../../src/sim/simulation.js';
import { simulate, testEpochMs } from '../../support/simulate.js';
import { bytes } from './world.js';

const md5 = (data: Uint8Array | string): string => createHash('md5').update(data).digest('hex');

const files = [
  { path: 'chroma.sqlite3', data: bytes('database') },
  { path: 'b/index.bin', data: bytes('index') },
  { path: 'a.log', data: bytes('log line') },
  { path: 'scratch.tmp', data: bytes('temporary') },
  { path: '.snapshot_hash', data: bytes('{"old": true}') },
];

const world = (sim: Simulation): { fs: MemoryFileSystem; clock: SimulatedClock } => ({
  fs: new MemoryFileSystem(sim, { name: 'tmp' }),
  clock: new SimulatedClock(sim),
});

describe('.snapshot_hash forms', () => {
  it('head: md5:{hex} of the tarball, over its logical (uncompressed) content so traces do not depend on zlib', () => {
    const tarball = buildTarGz([{ path: 'x', data: bytes('x') }], testEpochMs);
    expect(tarballHash(tarball)).toMatch(/^md5:[0-9a-f]{32}$/);
    expect(tarballHash(tarball)).toBe(tarballHash(buildTarGz([{ path: 'x', data: bytes('x') }], testEpochMs)));
    expect(tarballHash(tarball)).not.toBe(tarballHash(buildTarGz([{ path: 'x', data: bytes('y') }], testEpochMs)));
  });

  it('seed era: md5 over "{file md5}  {relative path}\\n" in path order, without *.tmp, *.log and .snapshot_hash', async () => {
    await simulate({}, world, async ({ fs, clock }) => {
      await writeEntries(fs, '/tmp/db', files);
      const record = await calculateDirectoryHash(fs, clock, '/tmp/db');
      const expected = md5(`${md5('index')}  b/index.bin\n${md5('database')}  chroma.sqlite3\n`);
      expect(record).toMatchObject({
        directory_hash: expected,
        algorithm: 'md5',
        file_count: 2,
        total_size_bytes: 'index'.length + 'database'.length,
        version: '1.0',
      });
      expect(record.calculated_at).toMatch(/^2025-11-14T12:00:\d\d\.\d{3}Z$/);
      expect(record.calculation_time_seconds).toBeGreaterThan(0);
      const written = await directorySnapshotHash(fs, clock, '/tmp/db', 'directoryContent');
      expect(JSON.parse(written.body)).toMatchObject({ directory_hash: expected });
      expect(written.hash).toBe(expected);
    });
  });

  it('excludes exactly *.tmp, *.log and .snapshot_hash files', () => {
    expect(['x.tmp', 'a/b.log', '.snapshot_hash', 'd/.snapshot_hash'].every(excludedFromDirectoryHash)).toBe(true);
    expect(['chroma.sqlite3', 'tmp', 'log/x.bin', '.snapshot_hash.bak'].some(excludedFromDirectoryHash)).toBe(false);
  });

  it('legacy: md5 over relpath:size:mtime of every file (mtime in seconds as Python prints it)', async () => {
    await simulate({}, world, async ({ fs, clock }) => {
      await writeEntries(fs, '/tmp/db', files.slice(0, 2));
      const stats = [await fs.stat('/tmp/db/b/index.bin'), await fs.stat('/tmp/db/chroma.sqlite3')];
      const python = (ms: number): string => (Number.isInteger(ms / 1000) ? `${ms / 1000}.0` : String(ms / 1000));
      const expected = md5(`b/index.bin:5:${python(stats[0]!.mtime)}chroma.sqlite3:8:${python(stats[1]!.mtime)}`);
      expect(await legacyStatHash(fs, '/tmp/db')).toBe(expected);
      expect(await directorySnapshotHash(fs, clock, '/tmp/db', 'legacyStat')).toEqual({ body: expected, hash: expected });
    });
  });

  it('a directory hash taken while a file is rewritten hashes the old content, the new content or a torn mix', async () => {
    const pages = 16;
    const before = new Uint8Array(pages * 4096).fill(1);
    const after = new Uint8Array(pages * 4096).fill(2);
    const hashOf = (data: Uint8Array): string => md5(`${md5(data)}  chroma.sqlite3\n`);
    const seen = { old: 0, new: 0, torn: 0 };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 20 }), async (seed, delayMs) => {
        const sim = createSimulation({ seed, strategy: 'random', epochMs: testEpochMs });
        const { fs, clock } = world(sim);
        let hash: string | undefined;
        sim.spawn('setup', async () => {
          await writeEntries(fs, '/tmp/db', [{ path: 'chroma.sqlite3', data: before }]);
          sim.spawn('hasher', async () => {
            hash = (await calculateDirectoryHash(fs, clock, '/tmp/db')).directory_hash;
          });
          sim.spawn('chroma flusher', () => fs.writeAt('/tmp/db/chroma.sqlite3', 0, after), { startDelayMs: delayMs });
        });
        await sim.run(Infinity);
        if (hash === hashOf(before)) seen.old++;
        else if (hash === hashOf(after)) seen.new++;
        else seen.torn++;
      }),
      { numRuns: 40 },
    );
    expect(seen.torn).toBeGreaterThan(0);
  });
});
