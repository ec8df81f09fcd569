import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryFileSystem } from '../../../../src/adapters/memory/fs/memoryFileSystem.js';
import { createSimulation } from '../../../../src/sim/createSimulation.js';
import { testEpochMs } from '../../../support/simulate.js';

const pageSize = 16;
const filled = (length: number, base: number): Uint8Array => Uint8Array.from({ length }, (_, i) => base + (i % 7));
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

/** A writer and a reader on `/f` in one simulation: `initial` is written first, then `write` races `readFile`. */
async function raceReaderAndWriter(seed: number, initial: Uint8Array, write: (fs: MemoryFileSystem) => Promise<void>): Promise<Uint8Array> {
  const sim = createSimulation({ seed, strategy: 'random', epochMs: testEpochMs });
  const fs = new MemoryFileSystem(sim, { name: 'tmp', pageSize });
  let read: Uint8Array | undefined;
  sim.spawn('setup', async () => {
    await fs.writeFile('/f', initial);
    sim.spawn('writer', () => write(fs));
    sim.spawn('reader', async () => {
      read = await fs.readFile('/f');
    });
  });
  await sim.run(Infinity);
  if (read === undefined) throw new Error('the reader did not finish');
  return read;
}

const seeds = fc.integer({ min: 0, max: 0xffffffff });
const lengths = fc.integer({ min: 2 * pageSize + 1, max: 8 * pageSize });

describe('a reader racing a page-by-page writer', () => {
  it('reading during writeFile sees a page-aligned prefix of the new content followed by nothing, and reads do tear', async () => {
    let torn = 0;
    await fc.assert(
      fc.asyncProperty(seeds, lengths, async (seed, length) => {
        const content = filled(length, 100);
        const read = await raceReaderAndWriter(seed, new Uint8Array(0), (fs) => fs.writeFile('/f', content));
        expect(same(read, content.subarray(0, read.length))).toBe(true);
        if (read.length < content.length) expect(read.length % pageSize).toBe(0);
        if (read.length > 0 && read.length < content.length) torn++;
      }),
      { numRuns: 50 },
    );
    expect(torn).toBeGreaterThan(0);
  });

  it('reading during writeAt sees each page either old or new (never a torn page), and reads do mix the two', async () => {
    const shapes = { old: 0, new: 0, mixed: 0 };
    await fc.assert(
      fc.asyncProperty(seeds, lengths, async (seed, length) => {
        const before = filled(length, 10);
        const after = filled(length, 200);
        const read = await raceReaderAndWriter(seed, before, (fs) => fs.writeAt('/f', 0, after));
        expect(read.length).toBe(length);
        const pages: ('old' | 'new')[] = [];
        for (let start = 0; start < length; start += pageSize) {
          const page = read.subarray(start, start + pageSize);
          if (same(page, after.subarray(start, start + pageSize))) pages.push('new');
          else if (same(page, before.subarray(start, start + pageSize))) pages.push('old');
          else throw new Error(`page at ${start} is neither the old nor the new content`);
        }
        if (pages.every((p) => p === 'old')) shapes.old++;
        else if (pages.every((p) => p === 'new')) shapes.new++;
        else shapes.mixed++;
      }),
      { numRuns: 50 },
    );
    expect(shapes.mixed).toBeGreaterThan(0);
  });
});
