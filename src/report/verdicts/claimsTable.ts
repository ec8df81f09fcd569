import { UsageError } from '../../sim/errors.js';

/**
 * The claims table of `scenarios/claims.md`: one row per claim quoted from the seed documents (or marked as
 * our suspicion), with its kind and the scenarios that answer it. Columns, in order: #, Claim, Source, Kind,
 * Scenarios (backquoted names), What the scenario tests, Measured. Rows are the lines that start with
 * `| <number> |`; every other line of the file is prose.
 */
export type ClaimKind = 'safe' | 'risk';

export interface Claim {
  readonly number: number;
  /** The claim as quoted, in markdown. */
  readonly text: string;
  readonly source: string;
  readonly kind: ClaimKind;
  readonly scenarios: readonly string[];
  /** What the scenarios test, in markdown. */
  readonly tests: string;
}

const columns = 7;
const rowPattern = /^\|\s*\d+\s*\|/;

export function parseClaims(markdown: string, file: string): Claim[] {
  const claims: Claim[] = [];
  markdown.split('\n').forEach((line, index) => {
    if (!rowPattern.test(line)) return;
    const where = `${file}:${index + 1}`;
    const cells = line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((cell) => cell.trim());
    if (cells.length !== columns) throw new UsageError(`${where}: a claim row needs ${columns} cells (#, Claim, Source, Kind, Scenarios, What, Measured), found ${cells.length}`);
    const [number, text, source, kind, scenarios, tests] = cells as [string, string, string, string, string, string, string];
    if (kind !== 'safe' && kind !== 'risk') throw new UsageError(`${where}: Kind must be safe or risk, found "${kind}"`);
    claims.push({ number: Number(number), text, source, kind, scenarios: [...scenarios.matchAll(/`([^`]+)`/g)].map((m) => m[1]!), tests });
  });
  const numbers = claims.map((c) => c.number);
  const duplicate = numbers.find((n, i) => numbers.indexOf(n) !== i);
  if (duplicate !== undefined) throw new UsageError(`${file}: claim ${duplicate} appears twice`);
  return claims;
}
