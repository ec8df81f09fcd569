import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioCatalog } from '../scenarios/index.js';
import { packageRoot } from '../src/cli/buildInfo.js';
import { explorationTargets } from '../src/harness/explore/targets.js';
import { readWitnesses, scenarioWitnessDir, witnessName } from '../src/report/witness.js';
import { allowedInvariants } from '../src/report/witnessReplay.js';

/**
 * Every `violates` scenario keeps a committed witness (`scenarios/witnesses/<scenario>.json`) and every
 * `holds` scenario's one-flag mutant one (`<scenario>.mutant.json`), written by
 * `receipt-sim explore --update-witnesses`. `npm test` replays each through the replay commands of
 * `reports/verdicts.md` (test/report/verdicts/verdictsReport.test.ts), per the witness policy: on the build
 * that made it strictly and to the stored hash; on another build leniently (its decisions as a fast-check
 * list), where it must still break the witness's invariants.
 */
const witnesses = readWitnesses(join(packageRoot, scenarioWitnessDir));
const targets = explorationTargets(scenarioCatalog).map((t) => ({ file: `${witnessName(t.scenario.name, t.kind === 'mutant')}.json`, target: t }));
const regenerate = 'regenerate with `npm run build && npx receipt-sim explore --update-witnesses`';

describe('scenario witnesses', () => {
  it.each(targets.map((t) => [t.target.label, t.file] as const))('%s has a committed witness', (_label, file) => {
    expect(witnesses.map((w) => w.file), `no ${scenarioWitnessDir}/${file}: ${regenerate}`).toContain(file);
  });

  it.each(witnesses.map((w) => [w.file, w] as const))('%s belongs to a violates scenario or a mutant of the catalogue, in its own file', (file, { witness }) => {
    expect(file).toBe(`${witnessName(witness.scenario, witness.mutant !== undefined)}.json`);
    const target = targets.find((t) => t.file === file)?.target;
    expect(target, `${file} is stale: ${regenerate}`).toBeDefined();
    if (witness.mutant !== undefined) expect(target!.flags[witness.mutant.flag]).toEqual(witness.mutant.value);
    expect(witness.evidence?.violation.invariant, `${file} has no evidence: ${regenerate}`).toBeDefined();
  });

  it.each(witnesses.map((w) => [w.file, w.witness] as const))('%s records only invariants its scenario or mutant allows to break', (_file, witness) => {
    const scenario = scenarioCatalog.find((s) => s.name === witness.scenario);
    if (scenario === undefined) return;
    for (const invariant of witness.invariants) expect(allowedInvariants(witness, scenario)).toContain(invariant);
  });
});
