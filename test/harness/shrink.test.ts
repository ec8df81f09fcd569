import { describe, expect, it } from 'vitest';
import { demoLedger, demoLedgerBlind } from '../../scenarios/demoLedger.js';
import { seedPipeline } from '../../scenarios/seedPipeline.js';
import { buildId } from '../../src/cli/buildInfo.js';
import { tokenFor } from '../../src/cli/seedRunner.js';
import { type RunResult, runScenario } from '../../src/harness/runScenario.js';
import type { Scenario } from '../../src/harness/scenario.js';
import { ShrinkError, shrinkFailure } from '../../src/harness/shrink.js';
import { decodeToken, encodeToken } from '../../src/sim/token.js';

/** The first seed from `base` whose run breaks `invariant`. */
async function firstFailure(scenario: Scenario, base: number, invariant: string): Promise<RunResult> {
  for (let seed = base; seed < base + 200; seed++) {
    const result = await runScenario({ scenario, seed, strategy: 'random' });
    if (result.violations.some((v) => v.invariant === invariant)) return result;
  }
  throw new Error(`no seed from ${base} breaks ${invariant}`);
}

/** Replays a shrunk run the way `receipt-sim replay` does: its token, strictly recorded, on this build. */
async function replayToken(scenario: Scenario, token: string): Promise<RunResult> {
  const decoded = decodeToken(token, buildId());
  expect(decoded.choices).toBeDefined();
  return runScenario({ scenario, seed: decoded.seed, strategy: decoded.strategy, flags: decoded.flags, input: { kind: 'recorded', values: decoded.choices! } });
}

describe('shrinking a failing run with fast-check', () => {
  it('a demo-ledger-blind run that loses a job shrinks to fewer scheduling choices, still loses one, and its token replays to the same hash', async () => {
    const failing = await firstFailure(demoLedgerBlind, 1, 'noLostUpdates');
    const shrunk = await shrinkFailure(demoLedgerBlind, { ...failing, strategy: 'random' }, { maxRuns: 400 });

    expect(shrunk.before.schedulingChoices).toBe(failing.schedulingChoices);
    expect(shrunk.after.schedulingChoices).toBeLessThan(failing.schedulingChoices);
    expect(shrunk.result.schedulingChoices).toBe(shrunk.after.schedulingChoices);
    expect(shrunk.result.violations.map((v) => v.invariant)).toContain('noLostUpdates');
    const replayed = await replayToken(demoLedgerBlind, encodeToken(tokenFor(demoLedgerBlind, 'random', shrunk.result, true)));
    expect(replayed.hash).toBe(shrunk.result.hash);
    expect(replayed.violations).toEqual(shrunk.result.violations);
  });

  it('a seed-pipeline run with a torn snapshot shrinks to fewer scheduling choices, still tears one, and its token replays to the same hash', async () => {
    const failing = await firstFailure(seedPipeline, 1, 'snapshotIntegrity');
    const shrunk = await shrinkFailure(seedPipeline, { ...failing, strategy: 'random' }, { maxRuns: 40 });

    expect(shrunk.runs).toBeLessThanOrEqual(40);
    expect(shrunk.after.schedulingChoices).toBeLessThan(failing.schedulingChoices);
    expect(shrunk.result.violations.map((v) => v.invariant)).toContain('snapshotIntegrity');
    expect(shrunk.result.violations.every((v) => v.invariant === 'snapshotIntegrity')).toBe(true);
    const replayed = await replayToken(seedPipeline, encodeToken(tokenFor(seedPipeline, 'random', shrunk.result, true)));
    expect(replayed.hash).toBe(shrunk.result.hash);
  }, 600_000);

  it('a PCT run shrinks from the picks PCT noted in its choice log', async () => {
    let failing: RunResult | undefined;
    for (let seed = 1; failing === undefined; seed++) {
      const result = await runScenario({ scenario: demoLedgerBlind, seed, strategy: 'pct' });
      if (result.violations.length > 0) failing = result;
    }
    const shrunk = await shrinkFailure(demoLedgerBlind, { ...failing, strategy: 'pct' }, { maxRuns: 100 });
    expect(shrunk.after.schedulingChoices).toBeLessThanOrEqual(failing.schedulingChoices);
    expect((await replayToken(demoLedgerBlind, encodeToken(tokenFor(demoLedgerBlind, 'pct', shrunk.result, true)))).hash).toBe(shrunk.result.hash);
  });

  it('stops at its run budget and still returns a failing run', async () => {
    const failing = await firstFailure(demoLedgerBlind, 1, 'noLostUpdates');
    const shrunk = await shrinkFailure(demoLedgerBlind, { ...failing, strategy: 'random' }, { maxRuns: 3 });
    expect(shrunk.runs).toBe(3);
    expect(shrunk.budgetExhausted).toBe(true);
    expect(shrunk.result.violations.map((v) => v.invariant)).toContain('noLostUpdates');
  });

  it('refuses a run that breaks none of the target invariants', async () => {
    const passing = await runScenario({ scenario: demoLedger, seed: 1, strategy: 'random' });
    expect(passing.violations).toEqual([]);
    await expect(shrinkFailure(demoLedger, { ...passing, strategy: 'random' }, { targets: ['noLostUpdates'] })).rejects.toThrow(ShrinkError);
  });
});
