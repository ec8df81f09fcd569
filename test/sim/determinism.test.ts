import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulation, type RunSetup } from '../../src/sim/createSimulation.js';
import { firstDivergence } from '../../src/sim/trace.js';
import { counterWorld } from '../support/counterWorld.js';
import { testEpochMs } from '../support/simulate.js';

async function run(setup: Partial<RunSetup>) {
  const sim = createSimulation({ seed: 1, strategy: 'random', epochMs: testEpochMs, ...setup });
  const world = counterWorld(sim);
  await sim.run(1e9);
  return { sim, hash: sim.trace.hash, choices: sim.choices.values(), finalValue: world.finalValue() };
}

const root = join(import.meta.dirname, '../..');

describe('determinism', () => {
  it('the same seed gives the same trace hash twice in one process', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom('random' as const, 'pct' as const), async (seed, strategy) => {
        expect((await run({ seed, strategy })).hash).toBe((await run({ seed, strategy })).hash);
      }),
      { numRuns: 30 },
    );
  });

  it('a recorded choice list replays the run of any strategy exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom('random' as const, 'pct' as const), async (seed, strategy) => {
        const original = await run({ seed, strategy });
        const replayed = await run({ seed, strategy: 'replay', input: { kind: 'recorded', values: original.choices } });
        expect(replayed.hash).toBe(original.hash);
      }),
      { numRuns: 30 },
    );
  });

  it('the same token gives the same trace hash in two separate processes', async () => {
    const seed = 424242;
    const inProcess = (await run({ seed })).hash;
    const script = join(root, 'test/support/printRunHash.ts');
    const hashes = [0, 1].map(() =>
      execFileSync(process.execPath, ['--import', 'tsx', script, String(seed)], { cwd: root, encoding: 'utf8' }).trim(),
    );
    expect(hashes).toEqual([inProcess, inProcess]);
  });

  it('changing one scheduling choice changes the hash and names the first differing step', async () => {
    const original = await run({ seed: 99 });
    const scheduleIndex = original.sim.choices.log.findIndex((d) => d.kind === 'schedule');
    expect(scheduleIndex).toBeGreaterThanOrEqual(0);
    const decision = original.sim.choices.log[scheduleIndex]!;
    const changed = [...original.choices];
    changed[scheduleIndex] = (decision.value + 1) % decision.arity;
    const mutated = await run({ seed: 99, input: { kind: 'fastCheck', values: changed } });
    expect(mutated.hash).not.toBe(original.hash);
    expect(firstDivergence(original.sim.trace.steps, mutated.sim.trace.steps)).toBeDefined();
  });

  it('the hash covers logical content only, not the seed or run metadata', async () => {
    const original = await run({ seed: 5 });
    const sameChoicesOtherSeed = await run({ seed: 6, input: { kind: 'recorded', values: original.choices } });
    expect(sameChoicesOtherSeed.hash).toBe(original.hash);
  });

  it('an all-zero fast-check choice array is a valid run (the first runnable actor, minimum latencies)', async () => {
    const zero = await run({ input: { kind: 'fastCheck', values: [] } });
    expect(zero.finalValue).toBeGreaterThan(0);
    expect(zero.sim.trace.length).toBeGreaterThan(0);
  });

  it('interleavings differ across seeds: some lose increments, some do not', async () => {
    const finals = new Set<number>();
    for (let seed = 0; seed < 40; seed++) finals.add((await run({ seed })).finalValue);
    expect(finals.size).toBeGreaterThan(1);
  });
});
