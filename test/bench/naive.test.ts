import { describe, expect, it } from 'vitest';
import { demoLedger, demoLedgerBlind } from '../../scenarios/demoLedger.js';
import { runNaive } from '../../src/bench/naive/runNaive.js';
import { runScenario } from '../../src/harness/runScenario.js';
import type { Scenario } from '../../src/harness/scenario.js';

/** The scenario with its world's invariant check observed: which end it was given and what it returned. */
function observed(scenario: Scenario): { scenario: Scenario; checks: { end: string; invariants: string[] }[] } {
  const checks: { end: string; invariants: string[] }[] = [];
  return {
    checks,
    scenario: {
      ...scenario,
      build: (sim, flags) => {
        const world = scenario.build(sim, flags);
        return {
          ...world,
          check: (end) => {
            const violations = world.check(end);
            checks.push({ end, invariants: violations.map((v) => v.invariant) });
            return violations;
          },
        };
      },
    },
  };
}

describe('the naive baseline', () => {
  it("finds demo-ledger-blind's lost update on real timers, judged by the world's own invariant check", async () => {
    const { scenario, checks } = observed(demoLedgerBlind);
    let broken: readonly string[] = [];
    for (let run = 0; run < 40 && !broken.includes('noLostUpdates'); run++) {
      const result = await runNaive(scenario, { deadline: performance.now() + 30_000 });
      expect(result.aborted).toBe(false);
      if (result.aborted) break;
      expect(result.end).toBe('idle');
      expect(result.virtualMs).toBeGreaterThan(0);
      broken = result.violations.map((v) => v.invariant);
      expect(checks[checks.length - 1]).toEqual({ end: 'idle', invariants: broken });
    }
    expect(broken).toContain('noLostUpdates');
  });

  it('keeps every job in the ledger with conditional puts (the same invariants hold when they should)', async () => {
    const result = await runNaive(demoLedger, { deadline: performance.now() + 30_000 });
    expect(result).toMatchObject({ aborted: false, end: 'idle', violations: [] });
  });

  it('abandons a run at its deadline', async () => {
    expect(await runNaive(demoLedgerBlind, { deadline: performance.now() })).toMatchObject({ aborted: true });
  });

  it('leaves the deterministic path as it was: the same seed gives the same hash before and after naive runs', async () => {
    const request = { scenario: demoLedgerBlind, seed: 7, strategy: 'random' as const };
    const before = await runScenario(request);
    await runNaive(demoLedgerBlind, { deadline: performance.now() + 30_000 });
    const after = await runScenario(request);
    expect(after.hash).toBe(before.hash);
    expect(after.choices).toEqual(before.choices);
    const pct = { ...request, strategy: 'pct' as const };
    expect((await runScenario(pct)).hash).toBe((await runScenario(pct)).hash);
  });
});
