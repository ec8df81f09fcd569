import { createHash } from 'node:crypto';

/**
 * The trace: one entry per step (an adapter effect, a lifecycle event, a timer). Each entry carries a
 * running hash over the logical content of every entry up to it, so two runs of one token can be
 * compared step by step and the first differing step named. Nothing about the run itself (build, token,
 * wall time) enters the hash.
 */
export type LifecycleMachine = 'lambdaInvocation' | 'sqsMessage' | 'lockLease' | 'compactionRun';

export interface LifecycleEvent {
  readonly machine: LifecycleMachine;
  /** The instance the event belongs to: invocation id, message id, lock row, `runId/collection`. */
  readonly id: string;
  readonly type: string;
}

export type DetailValue = string | number | boolean | null | readonly DetailValue[];

export interface TraceEntry {
  readonly step: number;
  /** Virtual milliseconds since the start of the run. */
  readonly t: number;
  readonly actor: string;
  readonly op: string;
  readonly entities: readonly string[];
  readonly outcome: string;
  /** The step that caused this one: the actor's previous step, its spawn, or a message's send. */
  readonly parent: number | null;
  readonly events: readonly LifecycleEvent[];
  readonly detail?: Readonly<Record<string, DetailValue>>;
  readonly hash: string;
}

export type TraceInput = Omit<TraceEntry, 'step' | 'hash'>;

const initialHash = '0000000000000000';

export class Trace {
  private readonly entries: TraceEntry[] = [];
  private running = initialHash;

  append(input: TraceInput): TraceEntry {
    const step = this.entries.length;
    const content = JSON.stringify([
      step,
      input.t,
      input.actor,
      input.op,
      input.entities,
      input.outcome,
      input.parent,
      input.events,
      input.detail ?? null,
    ]);
    this.running = createHash('sha256').update(this.running).update(content).digest('hex').slice(0, 16);
    const entry: TraceEntry = { step, ...input, hash: this.running };
    this.entries.push(entry);
    return entry;
  }

  get length(): number {
    return this.entries.length;
  }

  get hash(): string {
    return this.running;
  }

  get steps(): readonly TraceEntry[] {
    return this.entries;
  }

  at(step: number): TraceEntry | undefined {
    return this.entries[step];
  }
}

/** The first step at which two traces differ, or undefined when they are identical. */
export function firstDivergence(a: readonly TraceEntry[], b: readonly TraceEntry[]): number | undefined {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i]!.hash !== b[i]!.hash) return i;
  return a.length === b.length ? undefined : length;
}
