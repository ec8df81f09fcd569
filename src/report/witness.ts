import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A witness is a committed failing run: the replay token of a (shrunk) run and what it showed. `npm test`
 * replays each one and requires the same hash and the same broken invariants. Scenario witnesses live in
 * `scenarios/witnesses/<scenario>.json`; tokens saved with `replay --save` in `test/regressions/`.
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
}

export const scenarioWitnessDir = 'scenarios/witnesses';
export const regressionDir = 'test/regressions';

/** Writes `dir/name.json` through a temporary file and a rename, so a reader never sees half a witness. */
export function writeWitness(dir: string, name: string, witness: Witness): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.json`);
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(witness, null, 2)}\n`);
  renameSync(temporary, path);
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
