import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryFileSystem, createEfs, createLambdaTmp } from '../../../../src/adapters/memory/fs/memoryFileSystem.js';
import { FileSystemError } from '../../../../src/ports/errors.js';
import { simulate } from '../../../support/simulate.js';

async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FileSystemError) return error.code;
    throw error;
  }
  throw new Error('expected the write to fail');
}

const data = (length: number): Uint8Array => Uint8Array.from({ length }, (_, i) => (i * 13) % 256);

describe('limitBytes', () => {
  it('a write beyond limitBytes fails with ENOSPC and leaves a half-written file', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.constantFrom(16, 64, 512),
        fc.integer({ min: 1, max: 4000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 3000 }),
        async (seed, pageSize, limitBytes, used, excess) => {
          const existing = Math.floor(used * limitBytes);
          const room = limitBytes - existing;
          const content = data(room + excess);
          await simulate(
            { seed },
            (sim) => new MemoryFileSystem(sim, { name: 'tmp', limitBytes, pageSize }),
            async (fs) => {
              await fs.writeFile('/existing', data(existing));
              expect(await errorCode(fs.writeFile('/big', content))).toBe('ENOSPC');
              const written = Math.floor(room / pageSize) * pageSize;
              const stat = await fs.stat('/big');
              expect(stat?.size).toBe(written);
              expect(Buffer.from(await fs.readFile('/big')).equals(Buffer.from(content.subarray(0, written)))).toBe(true);
              expect(await fs.usage()).toEqual({ usedBytes: existing + written, limitBytes });
              expect((await fs.readFile('/existing')).length).toBe(existing);
            },
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('space is given back by overwrites, renames over a file and removals', async () => {
    await simulate(
      {},
      (sim) => createLambdaTmp(sim, 'lambda', 10_000),
      async (fs) => {
        await fs.writeFile('/tmp/a', data(6000));
        await fs.writeFile('/tmp/b', data(3000));
        expect((await fs.usage()).usedBytes).toBe(9000);
        await fs.writeFile('/tmp/a', data(1000));
        expect((await fs.usage()).usedBytes).toBe(4000);
        await fs.rename('/tmp/a', '/tmp/b');
        expect((await fs.usage()).usedBytes).toBe(1000);
        await fs.mkdir('/tmp/d/e');
        await fs.writeAt('/tmp/d/e/f', 500, data(500));
        expect((await fs.usage()).usedBytes).toBe(2000);
        await fs.remove('/tmp/d');
        expect(await fs.usage()).toEqual({ usedBytes: 1000, limitBytes: 10_000 });
      },
    );
  });
});

describe('fs.full', () => {
  it('fails the page being written with ENOSPC although there is room, after truncating the file', async () => {
    const sim = await simulate(
      { faults: { 'fs.full': { rate: 1, always: true } } },
      (sim) => createLambdaTmp(sim, 'lambda', 1_000_000),
      async (fs) => {
        await fs.writeFile('/tmp/empty', new Uint8Array(0));
        expect(await errorCode(fs.writeFile('/tmp/f', data(10_000)))).toBe('ENOSPC');
        expect(await fs.stat('/tmp/f')).toMatchObject({ type: 'file', size: 0 });
        expect(await errorCode(fs.writeAt('/tmp/empty', 0, data(10)))).toBe('ENOSPC');
      },
    );
    expect(sim.faults.unfired()).toEqual([]);
    expect(sim.trace.steps.filter((s) => s.op === 'fs.write').map((s) => s.outcome)).toEqual(['ok', 'ENOSPC', 'ENOSPC']);
  });

  it('has no opportunity on a file system without a limit', async () => {
    const sim = await simulate(
      { faults: { 'fs.full': { rate: 1, always: true } } },
      (sim) => createEfs(sim, 'efs'),
      async (fs) => {
        await fs.writeFile('/f', data(200_000));
      },
    );
    expect(sim.faults.coverage()).toEqual([expect.objectContaining({ fault: 'fs.full', opportunities: 0 })]);
  });
});
