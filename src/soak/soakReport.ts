import { join } from 'node:path';
import type { ProbeFinding } from '../adapters/aws/capabilities.js';
import type { PipelineFlags } from '../pipeline/config/flags.js';
import { writeFileAtomically } from '../report/atomicFile.js';
import { writeReportHtml } from '../report/html/runFolder.js';
import { parseReportSummary } from '../report/html/reportInput.js';
import { traceJsonLines } from '../report/traceJsonl.js';
import type { TraceEntry } from '../sim/trace.js';
import type { FunctionCounts } from './invocations.js';
import type { RequestCounts } from './requestBudget.js';
import type { DrainOutcome, SoakCheck } from './soakChecks.js';
import type { SoakNames } from './soakNames.js';
import type { CleanupReport } from './soakResources.js';
import type { SoakTraceStats } from './soakTrace.js';
import { renderSoakTraceText } from './soakTraceText.js';
import type { WorkloadStats } from './soakWorkload.js';

/**
 * The report of a soak run, in `reports/<run-id>/` like a simulated run's: `summary.json` (machine
 * readable, keys in a fixed order), `summary.txt` (the lines the command prints), and the run report's
 * `trace.jsonl`, `trace.txt` and `index.html` over the requests the run sent (soakTrace.ts). The summary
 * carries the fields `receipt-sim report` reads (scenario `soak-<target>`, strategy, replay, hash, end,
 * steps, time, violations), so that command re-renders the page. A soak runs on the real clock against
 * real services, so it cannot be replayed: the summary, the text and the page say so.
 */
export type StopReason = 'completed' | 'interrupted' | 'maxRequests' | 'refused' | 'error';

/** A failed check as the run report shows a violation; a soak's checks name no step. */
export interface SoakViolation {
  readonly invariant: string;
  readonly entity: string;
  readonly expected: string;
  readonly actual: string;
  readonly steps: readonly number[];
}

export interface SoakSummary {
  readonly kind: 'soak';
  readonly scenario: string;
  readonly replayable: false;
  readonly replay: string;
  readonly runId: string;
  readonly target: string;
  readonly profile: string;
  readonly flags: PipelineFlags;
  readonly seed: number;
  readonly strategy: 'real clock';
  readonly build: string;
  /** The running hash of the recorded trace's last step. */
  readonly hash: string;
  readonly end: StopReason;
  /** Steps recorded in trace.jsonl. */
  readonly steps: number;
  /** Real milliseconds from the start to the last recorded step (the report's time axis). */
  readonly virtualMs: number;
  readonly violations: readonly SoakViolation[];
  readonly trace: SoakTraceStats;
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

/** Endpoints (local servers, queue URLs) a check's text may quote stay out of the report. */
function withoutUrls(text: string): string {
  return text.replace(/https?:\/\/\S*/gi, '<endpoint>');
}

export function checkViolations(checks: readonly SoakCheck[]): SoakViolation[] {
  return checks
    .filter((c) => !c.passed)
    .map((c) => ({ invariant: c.name, entity: c.when, expected: 'no problem', actual: withoutUrls(c.problems.join(' | ')), steps: [] }));
}

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
    `trace: ${summary.trace.recordedSteps} steps recorded of ${summary.trace.requests} requests${summary.trace.requests > summary.trace.recordedSteps ? ` (only the first ${summary.trace.stepLimit} are kept)` : ''}; hash ${summary.hash}`,
    'checks:',
    ...summary.checks.map((c) => `  ${c.passed ? 'pass' : 'FAIL'}  ${c.name.padEnd(18)} ${c.when.padEnd(13)} ${c.summary}${c.problems.length === 0 ? '' : `: ${c.problems.join(' | ')}`}`),
    ...(summary.cleanup === undefined ? [] : [`cleanup: deleted ${summary.cleanup.objectsDeleted} objects, ${summary.cleanup.deleted.length} resources${summary.cleanup.failures.length === 0 ? '' : `; FAILED: ${summary.cleanup.failures.join('; ')}`}`]),
    summary.replay,
  ];
}

/** Writes the report files into `<reportsDirectory>/<run id>/`; returns the folder. */
export function writeSoakReport(reportsDirectory: string, summary: SoakSummary, trace: readonly TraceEntry[]): string {
  const folder = join(reportsDirectory, summary.runId);
  const json = JSON.stringify(summary, null, 2);
  writeFileAtomically(join(folder, 'summary.json'), `${json}\n`);
  writeFileAtomically(join(folder, 'summary.txt'), `${summaryLines(summary).join('\n')}\n`);
  writeFileAtomically(join(folder, 'trace.jsonl'), traceJsonLines(trace));
  writeFileAtomically(join(folder, 'trace.txt'), renderSoakTraceText(summary, trace));
  writeReportHtml(folder, { summary: parseReportSummary(JSON.parse(json)), trace });
  return folder;
}
