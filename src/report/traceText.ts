import type { RunResult } from '../harness/runScenario.js';
import type { Violation } from '../harness/scenario.js';
import type { TraceEntry } from '../sim/trace.js';
import { type RunContext, replayCommandLine } from './runSummary.js';
import { type StepRole, type StepSelection, selectSteps } from './stepSelection.js';

/**
 * `trace.txt`: a rendering of a run short enough for a CI log. One line per shown step,
 * `#step t=…ms actor op entities → outcome`, marked by why it is shown (consecutive identical steps share
 * one line, `#first–#last ×count`); runs of other steps become `… N steps …`; the violations, any
 * nondeterminism and the replay command close it. The whole text stays within `maxLines` lines.
 */
export const defaultTraceTextLines = 150;

const maxViolationLines = 10;
const maxField = 80;

const markers: Readonly<Record<StepRole, string>> = { violation: '✗', causal: '●', scheduling: '⇄' };

export function renderTraceText(result: RunResult, context: RunContext, maxLines: number = defaultTraceTextLines): string {
  const footer = [
    ...violationLines(result.violations),
    ...(context.nondeterminism === undefined
      ? []
      : [
          `NONDETERMINISM: a second run of the same input gave hash ${context.nondeterminism.secondHash}; first differing step #${context.nondeterminism.step}: ` +
            `${context.nondeterminism.first} vs ${context.nondeterminism.second}`,
        ]),
    `replay: ${replayCommandLine(context.token)}`,
  ];
  const headerLines = 2;
  const selection = selectSteps(result.trace, result.violations, result.schedulingPoints, Math.max(maxLines - headerLines - footer.length, 1));
  const header = [
    `${context.scenario} seed ${result.seed} (profile ${context.profile}, strategy ${context.strategy}): ${result.steps} steps, ` +
      `${result.schedulingChoices} scheduling choices, ${milliseconds(result.virtualMs)} virtual, ended ${result.end}, hash ${result.hash}`,
    `showing ${selection.shownSteps} of ${result.steps} steps: ${markers.violation} a violation shows, ${markers.causal} its causal chain, ` +
      `${markers.scheduling} first step after a scheduling choice`,
  ];
  return `${[...header, ...selectionLines(result.trace, selection), ...footer].join('\n')}\n`;
}

/** The shown steps of a selection, one line per group, with the elided runs between them. */
export function selectionLines(trace: readonly TraceEntry[], selection: StepSelection): string[] {
  const lines: string[] = [];
  let next = 0;
  for (const group of selection.shown) {
    if (group.first > next) lines.push(elision(group.first - next));
    const line = stepLine(trace[group.first]!);
    const count = group.last - group.first + 1;
    lines.push(`${markers[group.role]} ${count === 1 ? line : line.replace(/^#\d+/, `#${group.first}–#${group.last} ×${count}`)}`);
    next = group.last + 1;
  }
  if (trace.length > next) lines.push(elision(trace.length - next));
  return lines;
}

export function stepLine(entry: TraceEntry): string {
  const shown = entry.entities.slice(0, 3).map((e) => clip(e));
  const more = entry.entities.length > shown.length ? ` +${entry.entities.length - shown.length}` : '';
  const entities = shown.length > 0 ? ` ${shown.join(' ')}${more}` : '';
  return `#${entry.step} t=${milliseconds(entry.t)} ${entry.actor} ${entry.op}${entities} → ${clip(entry.outcome)}`;
}

function milliseconds(t: number): string {
  return `${Number.isInteger(t) ? t : t.toFixed(1)}ms`;
}

function elision(count: number): string {
  return `  … ${count} ${count === 1 ? 'step' : 'steps'} …`;
}

function violationLines(violations: readonly Violation[]): string[] {
  if (violations.length === 0) return ['no violation'];
  const lines = violations.slice(0, maxViolationLines).map((v) => {
    const steps = v.steps.length > 8 ? `…, ${v.steps.slice(-8).join(', ')}` : v.steps.join(', ');
    return `VIOLATION ${v.invariant} on ${clip(v.entity)}: expected ${clip(v.expected, 200)}, got ${clip(v.actual, 200)} (steps ${steps})`;
  });
  if (violations.length > maxViolationLines) lines.push(`… and ${violations.length - maxViolationLines} more violations (summary.json has them all)`);
  return lines;
}

/** Long texts keep their start and their end (where paths have their file name). */
function clip(text: string, max: number = maxField): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const head = Math.ceil((max - 1) / 2);
  return `${flat.slice(0, head)}…${flat.slice(flat.length - (max - 1 - head))}`;
}
