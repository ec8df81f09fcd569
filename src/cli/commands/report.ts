import { resolve } from 'node:path';
import { readRunFolder, writeReportHtml } from '../../report/html/runFolder.js';
import { UsageError } from '../../sim/errors.js';
import { parseCommandLine } from '../args.js';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import type { Output } from '../output.js';

export const reportHelp = `Usage: receipt-sim report <run-dir>

(Re)renders <run-dir>/index.html from the folder's summary.json and trace.jsonl (a folder
written by \`replay\`), and prints the file's path. The page is self-contained: it opens
from disk with no network. It shows one swimlane per actor on a virtual-time axis, every
step's details on hover and click, the step where each violation shows and its causal
chain, the invariant's explanation, model and fault coverage, and the replay command;
filters by actor and entity keep long traces usable.

Options:
  --json       print {"report": path} on stdout
  -h, --help   this text

Exit codes: 0 written, 2 the folder is missing or is not a valid run folder.`;

export function reportCommand(argv: readonly string[], output: Output): ExitCodeValue {
  const parsed = parseCommandLine('report', argv, { json: { type: 'boolean' } });
  if (parsed.values.help === true) {
    output.result(reportHelp);
    return ExitCode.ok;
  }
  const [dir, extra] = parsed.positionals;
  if (dir === undefined) throw new UsageError('report needs a run folder: receipt-sim report <run-dir>');
  if (extra !== undefined) throw new UsageError(`report takes one run folder, got a second argument "${extra}"`);
  const path = resolve(writeReportHtml(dir, readRunFolder(dir)));
  output.result(output.json ? JSON.stringify({ report: path }) : path);
  return ExitCode.ok;
}
