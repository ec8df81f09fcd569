import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../sim/errors.js';
import { parseReportSummary, parseTraceJsonl, type ReportInput } from './reportInput.js';
import { renderReportHtml } from './renderReportHtml.js';

/** Reading a run folder's `summary.json` and `trace.jsonl`, and (re)writing its `index.html`. */
export const reportHtmlFile = 'index.html';

export function readRunFolder(dir: string): ReportInput {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a run folder (no such directory); give a folder written by replay`);
  const read = (name: string): string => {
    const path = join(dir, name);
    if (!existsSync(path)) throw new UsageError(`${dir} is not a run folder: it has no ${name}; give a folder written by replay`);
    return readFileSync(path, 'utf8');
  };
  const summaryText = read('summary.json');
  const traceText = read('trace.jsonl');
  let summary: unknown;
  try {
    summary = JSON.parse(summaryText);
  } catch {
    throw new UsageError(`${join(dir, 'summary.json')} is not valid JSON`);
  }
  return { summary: parseReportSummary(summary, join(dir, 'summary.json')), trace: parseTraceJsonl(traceText, join(dir, 'trace.jsonl')) };
}

/** Writes `index.html` into `dir` and returns its path. */
export function writeReportHtml(dir: string, input: ReportInput): string {
  const path = join(dir, reportHtmlFile);
  writeFileSync(path, renderReportHtml(input));
  return path;
}
