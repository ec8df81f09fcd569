import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MemoryFileSystem, createEfs, createLambdaTmp } from '../../../../src/adapters/memory/fs/memoryFileSystem.js';
import { ValidationError } from '../../../../src/ports/errors.js';
import { createSimulation } from '../../../../src/sim/createSimulation.js';
import type { Simulation } from '../../../../src/sim/simulation.js';
import { simulate, testEpochMs } from '../../../support/simulate.js';

const data = (length: number): Uint8Array => Uint8Array.from({ length }, (_, i) => (i * 7) % 256);
const tmp = (sim: Simulation): MemoryFileSystem => new MemoryFileSystem(sim, { name: 'tmp' });
const opsOf = (sim: Simulation, op: string): number => sim.trace.steps.filter((s) => s.op === op).length;

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the operation to fail');
}

describe('MemoryFileSystem', () => {
  it.each([
    [0, 1, 1],
    [1, 1, 1],
    [4096, 1, 1],
    [8192, 2, 2],
    [10_000, 3, 3],
  ])('moves a %i-byte file in %i write steps and %i read steps', async (size, writes, reads) => {
    const sim = await simulate({}, tmp, async (fs) => {
      await fs.writeFile('/f', data(size));
      await fs.readFile('/f');
    });
    expect(opsOf(sim, 'fs.write')).toBe(writes);
    expect(opsOf(sim, 'fs.read')).toBe(reads);
  });

  it('writes page-aligned pieces with writeAt', async () => {
    const sim = await simulate({}, tmp, async (fs) => {
      await fs.writeFile('/f', data(100));
      await fs.writeAt('/f', 4000, data(5000));
    });
    expect(opsOf(sim, 'fs.write')).toBe(1 + 3);
  });

  it('cuts a gzip stream into as many pages as its uncompressed content has, whatever the compression', async () => {
    const logical = data(3 * 4096 - 10);
    for (const level of [1, 9]) {
      const compressed = gzipSync(logical, { level });
      const sim = await simulate({}, tmp, async (fs) => {
        await fs.writeFile('/snapshot.tar.gz', compressed);
        expect(Buffer.from(await fs.readFile('/snapshot.tar.gz')).equals(compressed)).toBe(true);
      });
      expect([opsOf(sim, 'fs.write'), opsOf(sim, 'fs.read')]).toEqual([3, 3]);
    }
  });

  it('stamps modification times with the acting host wall clock, skew included', async () => {
    const sim = createSimulation({ seed: 3, strategy: 'random', epochMs: testEpochMs });
    const fs = tmp(sim);
    let mtime: number | undefined;
    sim.spawn(
      'skewed-host',
      async () => {
        await fs.writeFile('/f', data(10));
        mtime = (await fs.stat('/f'))?.mtime;
      },
      { clockSkewMs: 5000 },
    );
    await sim.run(Infinity);
    const write = sim.trace.steps.find((s) => s.op === 'fs.write')!;
    expect(mtime).toBe(testEpochMs + write.t + 5000);
  });

  it('snapshots the files under a directory by relative path without taking a step', async () => {
    await simulate({}, tmp, async (fs, sim) => {
      await fs.mkdir('/chroma/collection');
      await fs.writeFile('/chroma/chroma.sqlite3', data(5));
      await fs.writeFile('/chroma/collection/index.bin', data(3));
      const length = sim.trace.length;
      const files = fs.snapshotFiles('/chroma');
      expect([...files.keys()]).toEqual(['chroma.sqlite3', 'collection/index.bin']);
      expect(files.get('collection/index.bin')).toEqual(data(3));
      expect(fs.snapshotFiles('/missing').size).toBe(0);
      expect(sim.trace.length).toBe(length);
    });
  });

  it('records each step on the fs://name/path entity with the path and page', async () => {
    const sim = await simulate({}, tmp, async (fs) => {
      await fs.writeFile('/f', data(5000));
    });
    const writes = sim.trace.steps.filter((s) => s.op === 'fs.write');
    expect(writes.map((s) => s.entities)).toEqual([['fs://tmp/f'], ['fs://tmp/f']]);
    expect(writes.map((s) => s.detail)).toEqual([
      { path: '/f', page: 0, pages: 2 },
      { path: '/f', page: 1, pages: 2 },
    ]);
  });

  it('rejects renames that POSIX rejects', async () => {
    await simulate({}, tmp, async (fs) => {
      await fs.mkdir('/d/sub');
      await fs.writeFile('/f', data(1));
      expect(await errorOf(fs.rename('/f', '/d'))).toMatchObject({ code: 'EISDIR' });
      expect(await errorOf(fs.rename('/d', '/f'))).toMatchObject({ code: 'ENOTDIR' });
      expect(await errorOf(fs.rename('/d', '/d/sub/inside'))).toBeInstanceOf(ValidationError);
      expect(await errorOf(fs.rename('/f', '/missing/f'))).toMatchObject({ code: 'ENOENT' });
      await fs.rename('/f', '/f');
      expect(await fs.stat('/f')).toMatchObject({ type: 'file', size: 1 });
    });
  });

  it('rejects relative paths, directories made over files and writes onto directories', async () => {
    await simulate({}, tmp, async (fs) => {
      await fs.writeFile('/f', data(1));
      expect(await errorOf(fs.readFile('relative/path'))).toBeInstanceOf(ValidationError);
      expect(await errorOf(fs.mkdir('/f'))).toMatchObject({ code: 'EEXIST' });
      expect(await errorOf(fs.mkdir('/f/g'))).toMatchObject({ code: 'ENOTDIR' });
      expect(await errorOf(fs.writeFile('/', data(1)))).toMatchObject({ code: 'EISDIR' });
      expect(await errorOf(fs.writeFile('/f/g', data(1)))).toMatchObject({ code: 'ENOTDIR' });
      expect(await fs.stat('/f/g')).toBeUndefined();
    });
  });

  it('removing the root empties the file system', async () => {
    await simulate({}, (sim) => createLambdaTmp(sim, 'lambda', 1000), async (fs) => {
      await fs.writeFile('/tmp/f', data(10));
      await fs.remove('/');
      expect(await fs.readdir('/')).toEqual([]);
      expect((await fs.usage()).usedBytes).toBe(0);
    });
  });

  it('gives a Lambda /tmp its size and an existing /tmp directory, and EFS no limit and 64 KiB pages', async () => {
    const lambda = await simulate({}, (sim) => createLambdaTmp(sim, 'lambda', 512 * 1024 * 1024), async (fs) => {
      expect(await fs.readdir('/tmp')).toEqual([]);
      expect(await fs.usage()).toEqual({ usedBytes: 0, limitBytes: 512 * 1024 * 1024 });
    });
    expect(lambda.trace.steps.filter((s) => s.op.startsWith('fs.')).every((s) => s.t < 1)).toBe(true);
    const efs = await simulate({}, (sim) => createEfs(sim, 'efs'), async (fs) => {
      await fs.writeFile('/f', data(100_000));
      expect((await fs.usage()).limitBytes).toBe(Infinity);
    });
    expect(opsOf(efs, 'fs.write')).toBe(2);
    expect(efs.trace.steps.find((s) => s.op === 'fs.write')!.t).toBeGreaterThanOrEqual(0.5);
  });
});
