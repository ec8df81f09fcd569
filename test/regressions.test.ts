import { describe, expect, it } from 'vitest';
import { findScenario } from '../scenarios/index.js';
import { buildId } from '../src/cli/buildInfo.js';
import { runScenario } from '../src/harness/runScenario.js';
import { readWitnesses, regressionDir } from '../src/report/witness.js';
import { witnessReplay } from '../src/report/witnessReplay.js';

/**
 * Every run saved with `receipt-sim replay <token> --save` stays broken the way it was: its replay breaks
 * the invariants it broke (which its scenario expects to break), two replays agree, and on the build that
 * saved it the trace hash is the stored one. On another build its recorded choices replay leniently (see
 * src/report/witnessReplay.ts); `replay --save` on the current build refreshes it.
 */
const regressions = readWitnesses(regressionDir);

describe('saved regressions', () => {
  it('test/regressions/ holds at least one saved run', () => {
    expect(regressions.length).toBeGreaterThan(0);
  });

  it.each(regressions.map((r) => [r.file, r.witness] as const))('%s replays with the invariants it broke', async (_file, witness) => {
    const scenario = findScenario(witness.scenario);
    const expected = scenario.expectation.kind === 'violates' ? scenario.expectation.invariants : [];
    expect(expected).toEqual(expect.arrayContaining([...witness.invariants]));

    const { request, sameBuild } = witnessReplay(witness, scenario, buildId());
    const first = await runScenario(request);
    const second = await runScenario(request);
    expect(second.hash).toBe(first.hash);
    expect([...new Set(first.violations.map((v) => v.invariant))]).toEqual(expect.arrayContaining([...witness.invariants]));
    if (sameBuild) expect(first.hash).toBe(witness.hash);
  });
});
