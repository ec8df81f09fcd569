import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProbeFinding } from '../adapters/aws/capabilities.js';
import type { PipelineFlags } from '../pipeline/config/flags.js';
import type { FunctionCounts } from './invocations.js';
import type { RequestCounts } from './requestBudget.js';
import type { DrainOutcome, SoakCheck } from './soakChecks.js';
import type { SoakNames } from './soakNames.js';
import type { CleanupReport } from './soakResources.js';
import type { WorkloadStats } from './soakWorkload.js';

/**
 * The report of a soak run, in `reports/<run-id>/` like a simulated run's: `summary.json` (machine
 * readable, keys in a fixed order) and `summary.txt` (the lines the command prints). A soak runs on the
 * real clock against real services, so it cannot be replayed: the summary says so.
 */
export type StopReason = 'completed' | 'interrupted' | 'maxRequests' | 'refused' | 'error';

export interface SoakSummary {
  readonly kind: 'soak';
  readonly replayable: false;
  readonly replayNote: string;
  readonly runId: string;
  readonly target: string;
  readonly profile: string;
  readonly flags: PipelineFlags;
  readonly seed: number;
  readonly ratePerMinute: number;
  readonly durationMs: number;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly names: SoakNames;
  readonly streamSource: string;
  readonly verifies: string;
  readonly capabilities: readonly ProbeFinding[];
  readonly workload: WorkloadStats;
  readonly throughputReceiptsPerSecond: number;
  readonly invocations: Readonly<Record<string, FunctionCounts>>;
  readonly metrics: Readonly<Record<string, number>>;
  readonly harnessErrors: readonly string[];
  readonly requests: RequestCounts;
  readonly drain: DrainOutcome | undefined;
  readonly checks: readonly SoakCheck[];
  readonly cleanup: CleanupReport | undefined;
  readonly stoppedBy: StopReason;
  readonly message: string;
  readonly exitCode: number;
}

export const replayNote = 'soak runs are not replayable: they run on the real clock against real services, so timing and interleavings differ from run to run (the seed fixes only the generated receipts)';

export function capabilityTable(findings: readonly ProbeFinding[]): string[] {
  return findings.map((f) => `  ${f.present ? 'yes' : 'no '}  ${f.capability.padEnd(27)} ${f.evidence}`);
}

export function summaryLines(summary: SoakSummary): string[] {
  const requests = Object.entries(summary.requests.byService).map(([service, n]) => `${service} ${n}`).join(', ');
  return [
    `soak ${summary.runId}: ${summary.stoppedBy} — ${summary.message}`,
    `target ${summary.target}, profile ${summary.profile}, seed ${summary.seed}, ${summary.ratePerMinute} receipts/min for ${summary.durationMs / 1000} s`,
    `stream: ${summary.streamSource}`,
    `verifies: ${summary.verifies}`,
    'capabilities:',
    ...capabilityTable(summary.capabilities),
    `receipts: ${summary.workload.succeeded} uploaded, ${summary.workload.failed} failed; throughput ${summary.throughputReceiptsPerSecond.toFixed(3)} receipts/s`,
    `invocations: ${Object.entries(summary.invocations).map(([fn, c]) => `${fn} ${c.success}/${c.invocations} ok`).join(', ')}`,
    `requests: ${summary.requests.total} (${requests}); cleanup ${summary.requests.cleanup}`,
    'checks:',
    ...summary.checks.map((c) => `  ${c.passed ? 'pass' : 'FAIL'}  ${c.name.padEnd(18)} ${c.when.padEnd(13)} ${c.summary}${c.problems.length === 0 ? '' : `: ${c.problems.join(' | ')}`}`),
    ...(summary.cleanup === undefined ? [] : [`cleanup: deleted ${summary.cleanup.objectsDeleted} objects, ${summary.cleanup.deleted.length} resources${summary.cleanup.failures.length === 0 ? '' : `; FAILED: ${summary.cleanup.failures.join('; ')}`}`]),
    replayNote,
  ];
}

/** Writes summary.json and summary.txt into `<reportsDirectory>/<run id>/`; returns the folder. */
export async function writeSoakReport(reportsDirectory: string, summary: SoakSummary): Promise<string> {
  const folder = join(reportsDirectory, summary.runId);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  await writeFile(join(folder, 'summary.txt'), `${summaryLines(summary).join('\n')}\n`);
  return folder;
}
