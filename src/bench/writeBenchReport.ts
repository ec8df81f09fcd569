import { join } from 'node:path';
import { writeFileAtomically } from '../report/atomicFile.js';
import { benchMarkdown } from './benchMarkdown.js';
import type { BenchReport } from './benchReport.js';

/** Writes bench.json and bench.md into `dir`, each atomically. */
export function writeBenchReport(dir: string, report: BenchReport): { readonly json: string; readonly markdown: string } {
  const json = join(dir, 'bench.json');
  const markdown = join(dir, 'bench.md');
  writeFileAtomically(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileAtomically(markdown, benchMarkdown(report));
  return { json, markdown };
}
