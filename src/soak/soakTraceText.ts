import { defaultTraceTextLines, stepLine } from '../report/traceText.js';
import type { TraceEntry } from '../sim/trace.js';
import type { SoakSummary } from './soakReport.js';

/**
 * `trace.txt` of a soak run, as short as a simulated run's: a header, the run's first steps and every
 * request that failed (a soak has no causal chain to a violation to follow), runs of other steps elided,
 * then the failed checks and the note that the run cannot be replayed.
 */
const firstSteps = 20;

export function renderSoakTraceText(summary: SoakSummary, trace: readonly TraceEntry[], maxLines: number = defaultTraceTextLines): string {
  const failedChecks = summary.violations.map((v) => `FAILED CHECK ${v.invariant} ${v.entity}: expected ${v.expected}, got ${v.actual}`);
  const footer = [...(failedChecks.length === 0 ? ['every check passed'] : failedChecks), `replay: ${summary.replay}`];
  const { requests, recordedSteps, stepLimit } = summary.trace;
  const header = [
    `${summary.scenario} seed ${summary.seed} (profile ${summary.profile}, ${summary.strategy}): ${requests} requests, ${recordedSteps} recorded` +
      `${requests > recordedSteps ? ` (the first ${stepLimit})` : ''}, ${summary.virtualMs} ms, stopped by ${summary.end}, hash ${summary.hash}`,
    `showing the first ${firstSteps} steps and every failed request`,
  ];
  const budget = Math.max(maxLines - header.length - footer.length, 1);
  const shown = trace.filter((entry) => entry.step < firstSteps || entry.outcome !== 'ok');
  const lines: string[] = [];
  let next = 0;
  for (const entry of shown) {
    if (lines.length >= budget - 2) break;
    if (entry.step > next) lines.push(elision(entry.step - next));
    lines.push(stepLine(entry));
    next = entry.step + 1;
  }
  if (trace.length > next) lines.push(elision(trace.length - next));
  return `${[...header, ...lines, ...footer].join('\n')}\n`;
}

function elision(count: number): string {
  return `  … ${count} ${count === 1 ? 'step' : 'steps'} …`;
}
