import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from './atomicFile.js';
import type { RunResult } from '../harness/runScenario.js';
import type { FlagValue } from '../sim/token.js';
import type { WitnessEvidence } from './witnessEvidence.js';

/**
 * A witness is a committed failing run: the replay token of a (shrunk) run and what it showed. `npm test`
 * replays each one and requires the same hash and the same broken invariants. Scenario witnesses live in
 * `scenarios/witnesses/<scenario>.json`, and those of a `holds` scenario's one-flag mutant in
 * `scenarios/witnesses/<scenario>.mutant.json`; tokens saved with `replay --save` in `test/regressions/`.
 */
export interface Witness {
  readonly scenario: string;
  readonly token: string;
  /** Trace hash of the token's run. */
  readonly hash: string;
  /** Invariants the run breaks, sorted and de-duplicated. */
  readonly invariants: readonly string[];
  /** Steps at which the scheduler chose among several actors. */
  readonly schedulingChoices: number;
  /** Scheduling choices of the run the witness was shrunk from (absent when it was not shrunk). */
  readonly shrunkFrom?: number;
  readonly seed: number;
  /** For the witness of a `holds` scenario's mutant: the one flag changed. */
  readonly mutant?: { readonly flag: string; readonly value: FlagValue };
  /** The violation searched for and its causal chain (absent on regressions saved by `replay --save`). */
  readonly evidence?: WitnessEvidence;
}

/** The witness of a run: its invariants sorted and de-duplicated. */
export function witnessOf(run: Pick<RunResult, 'seed' | 'hash' | 'schedulingChoices' | 'violations'>, scenario: string, token: string): Witness {
  return {
    scenario,
    token,
    hash: run.hash,
    invariants: [...new Set(run.violations.map((v) => v.invariant))].sort(),
    schedulingChoices: run.schedulingChoices,
    seed: run.seed,
  };
}

/** File name (without `.json`) of a regression saved by `replay --save`. */
export function regressionName(scenario: string, hash: string): string {
  return `${scenario}-${hash.slice(0, 8)}`;
}

/** File name (without `.json`) of a scenario's witness, or of its mutant's. */
export function witnessName(scenario: string, mutant: boolean): string {
  return mutant ? `${scenario}.mutant` : scenario;
}

export const scenarioWitnessDir = 'scenarios/witnesses';
export const regressionDir = 'test/regressions';

/** Writes `dir/name.json` through a temporary file and a rename, so a reader never sees half a witness. */
export function writeWitness(dir: string, name: string, witness: Witness): string {
  const path = join(dir, `${name}.json`);
  writeFileAtomically(path, `${JSON.stringify(witness, null, 2)}\n`);
  return path;
}

/** Every witness in a directory, by file name order (none when the directory does not exist). */
export function readWitnesses(dir: string): { readonly file: string; readonly witness: Witness }[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return files.map((file) => ({ file, witness: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Witness }));
}
