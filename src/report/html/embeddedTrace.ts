import type { DetailValue, TraceEntry } from '../../sim/trace.js';

/**
 * The trace as the report embeds it: one array per field (columns) and every actor, op, outcome, entity
 * and lifecycle-event string stored once in `strings` and referred to by index. A 20,000-step trace of long
 * entity paths shrinks to about a third of its `trace.jsonl`, and the page decodes it without building
 * an object per step.
 */
export interface EmbeddedTrace {
  readonly strings: readonly string[];
  /** Virtual milliseconds, rounded to microseconds. */
  readonly t: readonly number[];
  readonly actor: readonly number[];
  readonly op: readonly number[];
  readonly outcome: readonly number[];
  readonly entities: readonly (readonly number[])[];
  /** The causal parent, −1 for none. */
  readonly parent: readonly number[];
  /** `[machine, id, type]` string indices per event, flattened. */
  readonly events: readonly (readonly number[])[];
  readonly detail: readonly (Readonly<Record<string, DetailValue>> | null)[];
  readonly hash: readonly string[];
}

export function embedTrace(trace: readonly TraceEntry[]): EmbeddedTrace {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const intern = (text: string): number => {
    let i = index.get(text);
    if (i === undefined) {
      i = strings.length;
      strings.push(text);
      index.set(text, i);
    }
    return i;
  };
  return {
    strings,
    t: trace.map((e) => Math.round(e.t * 1000) / 1000),
    actor: trace.map((e) => intern(e.actor)),
    op: trace.map((e) => intern(e.op)),
    outcome: trace.map((e) => intern(e.outcome)),
    entities: trace.map((e) => e.entities.map(intern)),
    parent: trace.map((e) => e.parent ?? -1),
    events: trace.map((e) => e.events.flatMap((ev) => [intern(ev.machine), intern(ev.id), intern(ev.type)])),
    detail: trace.map((e) => e.detail ?? null),
    hash: trace.map((e) => e.hash),
  };
}
