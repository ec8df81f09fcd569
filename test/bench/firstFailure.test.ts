import { describe, expect, it } from 'vitest';
import { demoLedgerBlind } from '../../scenarios/demoLedger.js';
import { benchMarkdown } from '../../src/bench/benchMarkdown.js';
import { type FoundFailures, measureFirstFailures } from '../../src/bench/firstFailure.js';
import { evaluateGoals } from '../../src/bench/goals.js';
import { censoredMedian } from '../../src/bench/median.js';
import { explorationTarget } from '../../src/harness/explore/targets.js';

const clock = (): number => performance.now();

describe('first failure', () => {
  it('records a search that reaches its cap as "≥ cap", for the seeded strategies and the naive baseline alike', async () => {
    // demo-ledger-blind never breaks convergence, so every search runs to its cap of 2 seeds (runs).
    const target = { ...explorationTarget(demoLedgerBlind)!, invariants: ['convergence'] };
    const found: FoundFailures = new Map();
    const [result] = await measureFirstFailures({ targets: [target], reps: 2, seedBase: 1, capSeeds: 2, capMs: 60_000, clock }, found);
    for (const strategy of result!.strategies) {
      expect(strategy.samples.every((s) => !s.found && s.seeds === 2)).toBe(true);
      expect(strategy.medianSeeds).toEqual({ value: 2, capped: true });
      expect(strategy.medianWallMs.capped).toBe(true);
    }
    expect(found.size).toBe(0);
    const partial = { version: 1 as const, startedAt: '', wallMs: 0, machine: { cores: 2, cpu: 'cpu', node: '20', platform: 'linux', memoryBytes: 0, loadAverage: [0] }, firstFailure: [result!] };
    const settings = { sections: ['first-failure' as const], reps: 2, seedBase: 1, throughputScenario: 'demo-ledger', throughputSeeds: 1, scenarios: ['demo-ledger-blind'], capSeeds: 2, capMs: 60_000, shrinkMs: 1, rssSeeds: 1, rssMs: 1, long: false };
    const goals = evaluateGoals({ ...partial, settings });
    expect(goals.find((g) => g.id === 'first-failure')?.met).toBe(false);
    expect(goals.find((g) => g.id === 'naive-speedup')?.met).toBeNull();
    expect(benchMarkdown({ ...partial, settings, goals })).toMatch(/\| demo-ledger-blind \| ≥ 2 \| ≥ [\d.]+ \| ≥ 2 \| ≥ [\d.]+ \| ≥ 2 \| ≥ [\d.]+ \| – \|/);
  });

  it('keeps the failures the seeded searches found for the shrink section', async () => {
    const found: FoundFailures = new Map();
    const [result] = await measureFirstFailures({ targets: [explorationTarget(demoLedgerBlind)!], reps: 1, seedBase: 1, capSeeds: 200, capMs: 60_000, clock }, found);
    const seeded = result!.strategies.filter((s) => s.strategy !== 'naive' && s.samples[0]!.found);
    expect(seeded.length).toBeGreaterThan(0);
    expect(found.get('demo-ledger-blind')?.map((f) => f.strategy)).toEqual(seeded.map((s) => s.strategy));
  });
});

describe('censored medians', () => {
  it('is exact when no capped sample lies below the median', () => {
    expect(censoredMedian([{ value: 3, capped: false }, { value: 1, capped: false }, { value: 50, capped: true }])).toEqual({ value: 3, capped: false });
  });

  it('is a lower bound when the middle sample was capped', () => {
    expect(censoredMedian([{ value: 3, capped: false }, { value: 50, capped: true }, { value: 50, capped: true }])).toEqual({ value: 50, capped: true });
  });

  it('is a lower bound when a capped sample lies below the exact middle', () => {
    expect(censoredMedian([{ value: 1, capped: true }, { value: 5, capped: false }, { value: 8, capped: false }])).toEqual({ value: 5, capped: true });
  });
});
