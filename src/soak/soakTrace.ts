import { performance } from 'node:perf_hooks';
import { Trace, type TraceEntry } from '../sim/trace.js';
import type { ObservedRequest, RequestObserver } from './requestBudget.js';
import { requestEntities } from './requestEntities.js';
import { currentActor } from './soakActor.js';
import type { SoakNames } from './soakNames.js';

/**
 * The trace of a soak run: one step per request sent to a service, shaped as a simulated run's steps so
 * the same report renders it. `t` is real milliseconds since the run started (when the request ended),
 * the actor is who sent it (soakActor.ts), `op` the service operation (`s3.putObject`), the outcome `ok`
 * or the error's name, the parent the actor's previous step. Only the first `stepLimit` requests are
 * recorded (a 30-minute run on AWS sends far more); later ones are counted.
 */
export const defaultTraceStepLimit = 50_000;

export interface SoakTraceStats {
  /** Requests observed, the cleanup's included. */
  readonly requests: number;
  readonly recordedSteps: number;
  readonly stepLimit: number;
}

export class SoakTrace {
  private readonly trace = new Trace();
  private readonly lastStepOf = new Map<string, number>();
  private readonly startedAt = performance.now();
  private requests = 0;

  constructor(
    private readonly names: SoakNames,
    readonly stepLimit: number = defaultTraceStepLimit,
  ) {}

  readonly observe: RequestObserver = (request) => {
    const actor = currentActor();
    const startedAt = performance.now();
    return (outcome) => this.record(actor, request, outcome, startedAt);
  };

  get steps(): readonly TraceEntry[] {
    return this.trace.steps;
  }

  get hash(): string {
    return this.trace.hash;
  }

  /** Real milliseconds from the start of the run to now. */
  elapsedMs(): number {
    return tenths(performance.now() - this.startedAt);
  }

  stats(): SoakTraceStats {
    return { requests: this.requests, recordedSteps: this.trace.length, stepLimit: this.stepLimit };
  }

  private record(actor: string, request: ObservedRequest, outcome: string, startedAt: number): void {
    this.requests++;
    if (this.trace.length >= this.stepLimit) return;
    const ended = performance.now();
    const entry = this.trace.append({
      t: tenths(ended - this.startedAt),
      actor,
      op: `${request.service}.${request.operation.charAt(0).toLowerCase()}${request.operation.slice(1)}`,
      entities: requestEntities(request.service, request.input, this.names),
      outcome,
      parent: this.lastStepOf.get(actor) ?? null,
      events: [],
      detail: { ms: tenths(ended - startedAt) },
    });
    this.lastStepOf.set(actor, entry.step);
  }
}

function tenths(ms: number): number {
  return Math.round(ms * 10) / 10;
}
