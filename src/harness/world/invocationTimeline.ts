import type { TraceEntry } from '../../sim/trace.js';

/**
 * Lambda invocations read back from the trace: the runtime records a `lambdaInvocation` `start` event in
 * the invoke step (taken by the invoking actor, with the function name as detail) and the outcome
 * (`success`, `error`, `timeout`, `crash`) when the invocation ends. An invocation still running when the
 * trace ends runs until Infinity.
 */
export interface InvocationSpan {
  readonly id: string;
  readonly functionName: string;
  /** The actor that invoked it: for a mapping, its poller (`esm {queue name}`). */
  readonly invoker: string;
  readonly start: number;
  end: number;
  outcome: string;
}

const endings = new Set(['success', 'error', 'timeout', 'crash']);

export function invocationSpans(trace: readonly TraceEntry[]): InvocationSpan[] {
  const spans = new Map<string, InvocationSpan>();
  for (const entry of trace) {
    for (const event of entry.events) {
      if (event.machine !== 'lambdaInvocation') continue;
      if (event.type === 'start') {
        const functionName = entry.detail?.function;
        spans.set(event.id, {
          id: event.id,
          functionName: typeof functionName === 'string' ? functionName : '',
          invoker: entry.actor,
          start: entry.t,
          end: Infinity,
          outcome: 'running',
        });
      } else if (endings.has(event.type)) {
        const span = spans.get(event.id);
        if (span !== undefined) {
          span.end = entry.t;
          span.outcome = event.type;
        }
      }
    }
  }
  return [...spans.values()];
}

/** Invocations started but refused by reserved concurrency (`throttled` in the invoke step). */
export function throttledInvocations(trace: readonly TraceEntry[], functionName: string): number {
  return trace.filter((e) => e.detail?.function === functionName && e.events.some((ev) => ev.machine === 'lambdaInvocation' && ev.type === 'throttled')).length;
}

/** True when two of the spans ran at the same virtual time (one started before the other ended). */
export function overlapping(spans: readonly InvocationSpan[]): boolean {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let latestEnd = -Infinity;
  for (const span of sorted) {
    if (span.start < latestEnd) return true;
    latestEnd = Math.max(latestEnd, span.end);
  }
  return false;
}

/** True when one of the spans was running at virtual time `t`. */
export function runningAt(spans: readonly InvocationSpan[], t: number): boolean {
  return spans.some((span) => span.start <= t && t < span.end);
}
