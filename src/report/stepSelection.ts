import type { Violation } from '../harness/scenario.js';
import type { TraceEntry } from '../sim/trace.js';

/**
 * Which steps a short rendering of a trace shows. Every step on a violation's causal chain (the steps the
 * violation names and, through their parents, what caused them) and every step that follows a scheduling
 * choice is worth showing; the others are elided in runs. Consecutive identical steps (same actor, op,
 * entities and outcome, such as the page reads of one file) share a line. When the line budget cannot hold
 * everything, the steps where violations show come first, then the other steps they name, then alternately
 * the nearest remaining causal ancestor and the scheduling point nearest to a named step.
 */
export type StepRole = 'violation' | 'causal' | 'scheduling';

/** Consecutive identical steps `first..last`, shown as one line. */
export interface StepGroup {
  readonly first: number;
  readonly last: number;
  readonly role: StepRole;
}

export interface StepSelection {
  /** Shown groups in trace order. */
  readonly shown: readonly StepGroup[];
  /** Steps inside the shown groups. */
  readonly shownSteps: number;
  /** Lines the shown groups and the elision markers between them take. */
  readonly lines: number;
}

const strength: Readonly<Record<StepRole, number>> = { violation: 3, causal: 2, scheduling: 1 };

export function selectSteps(
  trace: readonly TraceEntry[],
  violations: readonly Violation[],
  schedulingPoints: readonly number[],
  maxLines: number,
): StepSelection {
  const inTrace = (step: number): boolean => Number.isInteger(step) && step >= 0 && step < trace.length;
  const groups = groupIdentical(trace);
  const groupOf = new Int32Array(trace.length);
  groups.forEach((g, index) => groupOf.fill(index, g.first, g.last + 1));
  const roles = new Map<number, StepRole>();
  // n groups with k shown in g gaps take k + g lines; showing one more group changes g by −1, 0 or +1.
  let lines = trace.length === 0 ? 0 : 1;
  const keep = (step: number, role: StepRole): void => {
    const group = groupOf[step]!;
    const current = roles.get(group);
    if (current !== undefined) {
      if (strength[role] > strength[current]) roles.set(group, role);
      return;
    }
    const left = group > 0 && !roles.has(group - 1);
    const right = group < groups.length - 1 && !roles.has(group + 1);
    const cost = 1 + (left && right ? 1 : left || right ? 0 : -1);
    if (lines + cost > maxLines) return;
    lines += cost;
    roles.set(group, role);
  };

  const named = violations.map((v) => v.steps.filter(inTrace));
  for (const steps of named) if (steps.length > 0) keep(steps[steps.length - 1]!, 'violation');
  for (const step of named.flat()) keep(step, 'causal');
  const anchors = [...new Set(named.flat())].sort((a, b) => a - b);
  if (anchors.length === 0 && trace.length > 0) anchors.push(trace.length - 1);
  const ancestors = causalAncestors(trace, named.flat());
  const points = schedulingPoints
    .filter(inTrace)
    .map((step) => ({ step, distance: distanceTo(anchors, step) }))
    .sort((a, b) => a.distance - b.distance || b.step - a.step)
    .map((p) => p.step);
  for (let i = 0; i < Math.max(ancestors.length, points.length); i++) {
    if (i < ancestors.length) keep(ancestors[i]!, 'causal');
    if (i < points.length) keep(points[i]!, 'scheduling');
  }

  const shown = [...roles].sort(([a], [b]) => a - b).map(([index, role]) => ({ ...groups[index]!, role }));
  return { shown, shownSteps: shown.reduce((sum, g) => sum + g.last - g.first + 1, 0), lines };
}

function groupIdentical(trace: readonly TraceEntry[]): { first: number; last: number }[] {
  const groups: { first: number; last: number }[] = [];
  let key = '';
  for (const entry of trace) {
    const next = JSON.stringify([entry.actor, entry.op, entry.entities, entry.outcome]);
    if (groups.length > 0 && next === key) groups[groups.length - 1]!.last = entry.step;
    else groups.push({ first: entry.step, last: entry.step });
    key = next;
  }
  return groups;
}

/** The parents of the given steps, their parents and so on, nearest first (breadth-first). */
function causalAncestors(trace: readonly TraceEntry[], from: readonly number[]): number[] {
  const seen = new Set<number>(from);
  const queue = [...seen];
  const ancestors: number[] = [];
  for (let i = 0; i < queue.length; i++) {
    const parent = trace[queue[i]!]?.parent;
    if (parent !== null && parent !== undefined && !seen.has(parent)) {
      seen.add(parent);
      queue.push(parent);
      ancestors.push(parent);
    }
  }
  return ancestors;
}

/** Distance from `step` to the nearest of the sorted anchors. */
function distanceTo(sortedAnchors: readonly number[], step: number): number {
  let low = 0;
  let high = sortedAnchors.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sortedAnchors[middle]! < step) low = middle + 1;
    else high = middle;
  }
  const after = sortedAnchors[low];
  const before = sortedAnchors[low - 1];
  return Math.min(after === undefined ? Infinity : after - step, before === undefined ? Infinity : step - before);
}
