import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from '../../harness/scenario.js';
import { UsageError } from '../../sim/errors.js';
import { readWitnesses, scenarioWitnessDir } from '../witness.js';
import { chromaDifferentialFile, readChromaDifferential } from './chromaDifferential.js';
import { parseClaims } from './claimsTable.js';
import { judgeClaim } from './judgeClaim.js';
import { renderVerdicts } from './verdictsMarkdown.js';

export const claimsFile = 'scenarios/claims.md';
export const verdictsFile = 'reports/verdicts.md';

/** The text of `reports/verdicts.md` from the committed files under `root` and the scenario catalogue. */
export function buildVerdicts(root: string, scenarios: readonly Scenario[]): string {
  const claims = parseClaims(readFileSync(join(root, claimsFile), 'utf8'), claimsFile);
  const witnesses = new Map(readWitnesses(join(root, scenarioWitnessDir)).map((w) => [w.file, w.witness]));
  const scenarioNamed = (name: string): Scenario => {
    const scenario = scenarios.find((s) => s.name === name);
    if (scenario === undefined) throw new UsageError(`${claimsFile} names scenario ${name}, which is not in the catalogue (see receipt-sim scenarios)`);
    return scenario;
  };
  return renderVerdicts({
    verdicts: claims.map((claim) => judgeClaim(claim, scenarioNamed, (file) => witnesses.get(file))),
    witnessDir: scenarioWitnessDir,
    chromaDifferential: readChromaDifferential(join(root, chromaDifferentialFile)),
    chromaDifferentialFile,
  });
}
