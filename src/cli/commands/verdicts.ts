import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildVerdicts, verdictsFile } from '../../report/verdicts/buildVerdicts.js';
import { UsageError } from '../../sim/errors.js';
import { parseCommandLine, rejectPositionals, stringOption } from '../args.js';
import { packageRoot } from '../buildInfo.js';
import type { ScenarioCatalog } from '../catalog.js';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import type { Output } from '../output.js';

export const verdictsHelp = `Usage: receipt-sim verdicts [options]

Writes reports/verdicts.md: for each claim of scenarios/claims.md, confirmed or refuted
(or not tested), with the evidence of its scenarios (witness seed, scheduling choices
before and after shrinking, first violation, replay command), the mechanism of each
scenario, and the shrunk traces. It is a function of committed files only (claims.md,
the scenario catalogue, scenarios/witnesses/, reports/chroma-differential.json), so it
is the same on every machine; refresh the witnesses first with
\`npx receipt-sim explore --update-witnesses\`.

Options:
  --out FILE   write FILE instead of the package's reports/verdicts.md
  --check      write nothing; exit 1 when the committed reports/verdicts.md differs
  -h, --help   this text

Exit codes: 0 written (or up to date), 1 --check found it out of date, 2 usage error.`;

export function verdictsCommand(argv: readonly string[], output: Output, catalog: ScenarioCatalog): ExitCodeValue {
  const parsed = parseCommandLine('verdicts', argv, { out: { type: 'string' }, check: { type: 'boolean' } });
  if (parsed.values.help === true) {
    output.result(verdictsHelp);
    return ExitCode.ok;
  }
  rejectPositionals('verdicts', parsed);
  const out = stringOption(parsed, 'out');
  const check = parsed.values.check === true;
  if (check && out !== undefined) throw new UsageError('--check and --out exclude each other');
  const text = buildVerdicts(packageRoot, catalog.scenarios);
  const committed = join(packageRoot, verdictsFile);
  if (check) {
    if (readOrEmpty(committed) === text) {
      output.result(`${verdictsFile} is up to date`);
      return ExitCode.ok;
    }
    output.result(`${verdictsFile} is out of date: run npx receipt-sim verdicts`);
    return ExitCode.violation;
  }
  const path = out ?? committed;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
  output.result(path);
  return ExitCode.ok;
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
