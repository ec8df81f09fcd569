import type { DetailValue, TraceEntry } from '../sim/trace.js';

/** Small readers of trace entries shared by the checkers. */

/** The Lambda invocation (or other top-level actor) a step belongs to: its actor name up to the first `/`. */
export function invocationOf(entry: TraceEntry): string {
  const slash = entry.actor.indexOf('/');
  return slash === -1 ? entry.actor : entry.actor.slice(0, slash);
}

export function detailText(entry: TraceEntry, key: string): string | undefined {
  const value: DetailValue | undefined = entry.detail?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** Step numbers sorted ascending without repeats (a violation's `steps`). */
export function stepList(...steps: readonly (number | undefined)[]): number[] {
  return [...new Set(steps.filter((s): s is number => s !== undefined))].sort((a, b) => a - b);
}

/** The causal chain ending at `step` through the trace's `parent` fields, oldest first, at most `limit` steps. */
export function causalChain(trace: readonly TraceEntry[], step: number, limit = 8): number[] {
  const chain: number[] = [];
  let current: number | null = step;
  while (current !== null && chain.length < limit) {
    chain.push(current);
    current = trace[current]?.parent ?? null;
  }
  return chain.reverse();
}
