import { afterEach, describe, expect, it } from 'vitest';
import { findScenario } from '../../scenarios/index.js';
import { type SeedRunOptions, runSeeds } from '../../src/cli/seedRunner.js';
import { SeedPool } from '../../src/cli/workers/seedPool.js';

/** The pool behind `run --workers N` (its worker runs the compiled copy in dist/: `npm run build`). */
let pool: SeedPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

function options(name: string, seedBase: number, count: number): SeedRunOptions {
  const scenario = findScenario(name);
  return { scenario, flags: scenario.flags, strategy: 'pct', seedBase, count };
}

const withoutThreads = (summary: Awaited<ReturnType<typeof runSeeds>>): unknown => ({
  hashes: summary.hashes.map(({ seed, hash }) => ({ seed, hash })),
  observations: summary.observations,
  failures: summary.failures.map(({ seed, hash, token, result }) => ({ seed, hash, token, violations: result.violations })),
  steps: summary.steps,
  virtualMs: summary.virtualMs,
  budgetExhausted: summary.budgetExhausted,
});

describe('the seed pool', () => {
  it('keeps its worker threads for the next scenario and summarises each run as one thread would', async () => {
    pool = new SeedPool(2);
    const blind = await pool.run(options('demo-ledger-blind', 100, 12));
    const guarded = await pool.run(options('demo-ledger', 100, 12));
    expect(withoutThreads(blind)).toEqual(withoutThreads(await runSeeds(options('demo-ledger-blind', 100, 12))));
    expect(withoutThreads(guarded)).toEqual(withoutThreads(await runSeeds(options('demo-ledger', 100, 12))));
    expect(blind.failures.length).toBeGreaterThan(0);
    expect(guarded.threadIds).toEqual(blind.threadIds);
    expect(blind.threadIds).toHaveLength(2);
  });

  it('reports the progress of the seeds as they finish', async () => {
    pool = new SeedPool(2);
    const done: number[] = [];
    const summary = await pool.run({ ...options('001-labels-without-wait', 1, 2), onProgress: (p) => done.push(p.done) });
    expect(summary.seedsRun).toBe(2);
    expect(done.length).toBeGreaterThan(0);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(Math.max(...done)).toBeLessThanOrEqual(2);
  });
});
