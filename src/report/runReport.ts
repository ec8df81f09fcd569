import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { RunResult } from '../harness/runScenario.js';
import { writeReportHtml } from './html/runFolder.js';
import { parseReportSummary } from './html/reportInput.js';
import { type RunContext, runSummary } from './runSummary.js';
import { traceJsonLines } from './traceJsonl.js';
import { renderTraceText } from './traceText.js';

/**
 * A run report is a folder: `summary.json`, `trace.jsonl`, `trace.txt` and `index.html`. It is written
 * into a temporary folder beside the target and renamed into place, so a reader sees the old report or the
 * whole new one, never half of one. The default folder is `reports/<scenario>-<seed>-<hash first 8>/`.
 */
export const reportFiles = ['summary.json', 'trace.jsonl', 'trace.txt', 'index.html'] as const;

export function runDirectoryName(scenario: string, seed: number, hash: string): string {
  return `${scenario}-${seed}-${hash.slice(0, 8)}`;
}

export function defaultReportDir(result: RunResult, context: RunContext): string {
  return join('reports', runDirectoryName(context.scenario, result.seed, result.hash));
}

/** Writes the report of a run into `dir` (replacing a report already there) and returns `dir`. */
export function writeRunReport(dir: string, result: RunResult, context: RunContext): string {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const temporary = join(parent, `.${basename(dir)}.writing-${process.pid}`);
  const previous = join(parent, `.${basename(dir)}.replaced-${process.pid}`);
  rmSync(temporary, { recursive: true, force: true });
  try {
    mkdirSync(temporary);
    const summary = runSummary(result, context);
    writeFileSync(join(temporary, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    writeFileSync(join(temporary, 'trace.jsonl'), traceJsonLines(result.trace));
    writeFileSync(join(temporary, 'trace.txt'), renderTraceText(result, context));
    writeReportHtml(temporary, { summary: parseReportSummary(summary), trace: result.trace });
    const replacing = existsSync(dir);
    if (replacing) renameSync(dir, previous);
    try {
      renameSync(temporary, dir);
    } catch (error) {
      if (replacing) renameSync(previous, dir);
      throw error;
    }
  } finally {
    rmSync(temporary, { recursive: true, force: true });
    rmSync(previous, { recursive: true, force: true });
  }
  return dir;
}
