import type { Actor } from '../../sim/actor.js';
import type { Driver, RunEnd } from '../../sim/driver.js';
import { HarnessError } from '../../sim/errors.js';
import type { TimerHandle } from '../../sim/timers.js';

/**
 * The naive baseline's driver: how a team tests concurrent code without this harness. Every parked actor
 * and every timer becomes a real `setTimeout` on a real clock scaled 1 spec second = 1 ms, and the event
 * loop decides who runs next: timers due in the same millisecond fire in the order they were set, and the
 * real time the code itself takes (SQLite, tarballs) moves the clock like any other delay. Nothing is
 * seeded, recorded or replayable; no strategy is asked.
 *
 * Actors still run one at a time between their awaits, as in any single Node process: a timer callback
 * resumes an actor and its step runs in microtasks until it parks again, before the next callback.
 */
export const virtualMsPerRealMs = 1_000;

export class NaiveRunAborted extends Error {}

interface Pending {
  readonly at: number;
  readonly fire: () => void;
  handle?: ReturnType<typeof setTimeout>;
}

export interface RealTimeOptions {
  /** Real `performance.now()` after which the run stops with `NaiveRunAborted` (a capped search). */
  readonly deadline?: number;
  /** A run taking more steps than this is a harness error (livelock). */
  readonly maxSteps?: number;
}

const realNow = (): number => performance.now();

export class RealTimeDriver implements Driver {
  private startedAt: number | undefined;
  private endedAt: number | undefined;
  /** Virtual time of the latest event fired: an event never runs before its own time. */
  private floor = 0;
  private horizonMs = Infinity;
  private running: Actor | undefined;
  private fatal: unknown;
  private readonly actors = new Map<Actor, Pending>();
  private readonly timers = new Set<Pending>();
  /** Events beyond the horizon: never set, but they make the run end at 'horizon' rather than 'idle'. */
  private readonly beyond = new Set<Pending>();
  private settle: { resolve: (end: RunEnd) => void; reject: (error: unknown) => void } | undefined;
  private deadlineHandle: ReturnType<typeof setTimeout> | undefined;
  private checkQueued = false;

  constructor(
    private readonly stepCount: () => number,
    private readonly options: RealTimeOptions = {},
  ) {}

  get now(): number {
    if (this.startedAt === undefined) return 0;
    const real = ((this.endedAt ?? realNow()) - this.startedAt) * virtualMsPerRealMs;
    return Math.max(real, this.floor);
  }

  get current(): Actor | undefined {
    return this.running;
  }

  /** The event loop orders the actors: no strategy ever chooses. */
  get schedulingDecisions(): number {
    return 0;
  }

  park(actor: Actor, wakeAt: number, resume: () => void): void {
    actor.resume = resume;
    actor.wakeAt = wakeAt;
    actor.state = 'parked';
    const pending: Pending = { at: wakeAt, fire: () => this.resumeActor(actor, pending) };
    this.actors.set(actor, pending);
    this.schedule(pending);
  }

  unpark(actor: Actor): void {
    const pending = this.actors.get(actor);
    actor.resume = undefined;
    if (pending === undefined) return;
    this.actors.delete(actor);
    this.drop(pending);
  }

  at(at: number, _label: string, fire: () => void): TimerHandle {
    const pending: Pending = {
      at: Math.max(at, this.now),
      fire: () => {
        this.timers.delete(pending);
        this.fire(pending.at, fire);
      },
    };
    this.timers.add(pending);
    this.schedule(pending);
    return {
      cancel: () => {
        this.timers.delete(pending);
        this.drop(pending);
      },
    };
  }

  endStep(): void {
    this.running = undefined;
    this.queueCheck();
  }

  fail(error: unknown): void {
    this.fatal ??= error;
    this.queueCheck();
  }

  run(horizonMs: number): Promise<RunEnd> {
    this.horizonMs = horizonMs;
    this.startedAt = realNow();
    const { deadline } = this.options;
    if (deadline !== undefined) {
      this.deadlineHandle = setTimeout(() => this.fail(new NaiveRunAborted('capped')), Math.max(0, deadline - realNow()));
    }
    return new Promise<RunEnd>((resolve, reject) => {
      this.settle = { resolve, reject };
      for (const pending of [...this.actors.values(), ...this.timers]) this.schedule(pending);
      this.queueCheck();
    });
  }

  /** Before `run` only records the event; `run` sets the real timers of everything recorded so far. */
  private schedule(pending: Pending): void {
    if (this.startedAt === undefined || pending.handle !== undefined) return;
    if (pending.at > this.horizonMs) {
      this.beyond.add(pending);
      return;
    }
    pending.handle = setTimeout(pending.fire, Math.max(0, (pending.at - this.now) / virtualMsPerRealMs));
  }

  private drop(pending: Pending): void {
    if (pending.handle !== undefined) clearTimeout(pending.handle);
    this.beyond.delete(pending);
    this.queueCheck();
  }

  private resumeActor(actor: Actor, pending: Pending): void {
    if (this.actors.get(actor) !== pending) return;
    this.actors.delete(actor);
    const resume = actor.resume;
    actor.resume = undefined;
    if (resume === undefined) return this.fail(new HarnessError(`actor ${actor.name} was resumed without a pending yield`));
    this.fire(pending.at, () => {
      this.running = actor;
      actor.state = 'running';
      resume();
    });
  }

  private fire(at: number, event: () => void): void {
    if (this.settle === undefined || this.fatal !== undefined) return;
    if (this.running !== undefined) {
      return this.fail(new HarnessError(`actor ${this.running.name} awaited something outside the simulation`));
    }
    const limit = this.options.maxSteps ?? 500_000;
    if (this.stepCount() > limit) return this.fail(new HarnessError(`more than ${limit} steps: livelock?`));
    this.floor = Math.max(this.floor, at);
    event();
    this.queueCheck();
  }

  /** Decides, once the microtasks of the last event have run, whether the run has ended. */
  private queueCheck(): void {
    if (this.checkQueued || this.settle === undefined) return;
    this.checkQueued = true;
    setImmediate(() => {
      this.checkQueued = false;
      this.check();
    });
  }

  private check(): void {
    const settle = this.settle;
    if (settle === undefined) return;
    if (this.fatal !== undefined) return this.end(() => settle.reject(this.fatal));
    if (this.running !== undefined) return;
    const live = [...this.actors.values(), ...this.timers].some((p) => !this.beyond.has(p));
    if (!live) this.end(() => settle.resolve(this.beyond.size > 0 ? 'horizon' : 'idle'));
  }

  private end(report: () => void): void {
    this.endedAt = realNow();
    this.settle = undefined;
    if (this.deadlineHandle !== undefined) clearTimeout(this.deadlineHandle);
    for (const pending of [...this.actors.values(), ...this.timers]) if (pending.handle !== undefined) clearTimeout(pending.handle);
    report();
  }
}
