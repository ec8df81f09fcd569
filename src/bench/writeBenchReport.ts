import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchMarkdown } from './benchMarkdown.js';
import type { BenchReport } from './benchReport.js';

/** Writes bench.json and bench.md into `dir`, each atomically (a temporary file renamed over the old one). */
export function writeBenchReport(dir: string, report: BenchReport): { readonly json: string; readonly markdown: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'bench.json');
  const markdown = join(dir, 'bench.md');
  writeAtomically(json, `${JSON.stringify(report, null, 2)}\n`);
  writeAtomically(markdown, benchMarkdown(report));
  return { json, markdown };
}

function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}
