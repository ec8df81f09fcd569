import type { TraceEntry } from '../sim/trace.js';

/**
 * `trace.jsonl`: one JSON object per trace entry, keys in a fixed order (the order the running hash
 * covers them, then the hash), so the file diffs cleanly between runs and each line can be re-hashed.
 */
export function traceJsonLine(entry: TraceEntry): string {
  return JSON.stringify({
    step: entry.step,
    t: entry.t,
    actor: entry.actor,
    op: entry.op,
    entities: entry.entities,
    outcome: entry.outcome,
    parent: entry.parent,
    events: entry.events.map((e) => ({ machine: e.machine, id: e.id, type: e.type })),
    detail: entry.detail ?? null,
    hash: entry.hash,
  });
}

export function traceJsonLines(trace: readonly TraceEntry[]): string {
  return trace.map((entry) => `${traceJsonLine(entry)}\n`).join('');
}
