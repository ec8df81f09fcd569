import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryFileSystem } from '../../../../src/adapters/memory/fs/memoryFileSystem.js';
import { createSimulation } from '../../../../src/sim/createSimulation.js';
import { testEpochMs } from '../../../support/simulate.js';

const content = Uint8Array.from({ length: 100 }, (_, i) => i + 1);

describe('an open file follows its inode, as a file descriptor does', () => {
  it('a writer racing a rename of its path leaves the whole content at exactly one of the two paths', async () => {
    const outcomes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 0xffffffff }), async (seed) => {
        const sim = createSimulation({ seed, strategy: 'random', epochMs: testEpochMs });
        const fs = new MemoryFileSystem(sim, { name: 'tmp', pageSize: 16, limitBytes: 1000 });
        sim.spawn('setup', async () => {
          await fs.writeFile('/a', new Uint8Array(0));
          sim.spawn('writer', () => fs.writeFile('/a', content));
          sim.spawn('renamer', () => fs.rename('/a', '/b'));
        });
        await sim.run(Infinity);
        const files = fs.snapshotFiles('/');
        const full = [...files].filter(([, bytes]) => Buffer.from(bytes).equals(Buffer.from(content))).map(([path]) => path);
        expect(full).toHaveLength(1);
        const other = full[0] === 'a' ? 'b' : 'a';
        expect(files.get(other)?.length ?? 0).toBe(0);
        outcomes.add(full[0]!);
      }),
      { numRuns: 40 },
    );
    expect([...outcomes].sort()).toEqual(['a', 'b']);
  });

  it('a file removed while it is being written stops counting towards the limit', async () => {
    let removedMidWrite = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 0xffffffff }), async (seed) => {
        const sim = createSimulation({ seed, strategy: 'random', epochMs: testEpochMs });
        const fs = new MemoryFileSystem(sim, { name: 'tmp', pageSize: 16, limitBytes: 1000 });
        let used: number | undefined;
        sim.spawn('setup', async () => {
          await fs.writeFile('/a', new Uint8Array(0));
          sim.spawn('writer', () => fs.writeFile('/a', content));
          sim.spawn('remover', () => fs.remove('/a'));
        });
        await sim.run(Infinity);
        const writes = sim.trace.steps.filter((s) => s.actor === 'writer' && s.op === 'fs.write').map((s) => s.step);
        const removal = sim.trace.steps.find((s) => s.op === 'fs.remove')!.step;
        if (writes[0]! < removal && removal < writes.at(-1)!) removedMidWrite++;
        sim.spawn('check', async () => {
          used = (await fs.usage()).usedBytes;
        });
        await sim.run(Infinity);
        const remaining = fs.snapshotFiles('/').get('a')?.length ?? 0;
        expect(used).toBe(remaining);
      }),
      { numRuns: 40 },
    );
    expect(removedMidWrite).toBeGreaterThan(0);
  });
});
