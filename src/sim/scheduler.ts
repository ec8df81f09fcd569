import type { Actor } from './actor.js';
import type { Choices } from './choices/choiceSource.js';
import type { Driver, RunEnd } from './driver.js';
import { HarnessError, SimulationEscaped } from './errors.js';
import type { SchedulingStrategy } from './strategies/strategy.js';
import { type TimerHandle, TimerQueue } from './timers.js';
import { installTraps, realTimers } from './traps.js';

export type { RunEnd };

/**
 * Decides which parked actor takes the next step and runs it until it parks again. Among the parked actors
 * whose wake-up times lie within the scheduling window of the earliest (and before the next timer), the
 * strategy picks one; timers fire when they are the earliest event. Exactly one actor runs at a time and
 * a run is one chain of microtasks: if the event loop gets a turn before the run ends, an actor awaited
 * something outside the simulation, and the watchdog reports the escape.
 */
export class Scheduler implements Driver {
  private nowMs = 0;
  private readonly parked = new Set<Actor>();
  private readonly timers = new TimerQueue();
  private running: Actor | undefined;
  private stepEnded: (() => void) | undefined;
  private fatal: unknown;
  private decisions = 0;

  constructor(
    private readonly strategy: SchedulingStrategy,
    private readonly choices: Choices,
    private readonly windowMs: number,
    private readonly maxSteps: number,
    /** The number of trace steps so far (for the step budget and messages). */
    private readonly stepCount: () => number,
  ) {}

  get now(): number {
    return this.nowMs;
  }

  get current(): Actor | undefined {
    return this.running;
  }

  /** Steps at which the strategy chose among more than one runnable actor. */
  get schedulingDecisions(): number {
    return this.decisions;
  }

  /** Parks the actor until `wakeAt`; `resume` continues it when it is scheduled. */
  park(actor: Actor, wakeAt: number, resume: () => void): void {
    actor.resume = resume;
    actor.wakeAt = wakeAt;
    actor.state = 'parked';
    this.parked.add(actor);
  }

  /** Takes an actor out of the schedule (it was killed). */
  unpark(actor: Actor): void {
    this.parked.delete(actor);
    actor.resume = undefined;
  }

  at(at: number, label: string, fire: () => void): TimerHandle {
    return this.timers.add(Math.max(at, this.nowMs), label, fire);
  }

  /** The running actor has parked, blocked or finished: hand control back to the run loop. */
  endStep(): void {
    const ended = this.stepEnded;
    this.stepEnded = undefined;
    ended?.();
  }

  /** Stops the run with this error at the next opportunity. */
  fail(error: unknown): void {
    this.fatal ??= error;
  }

  async run(horizonMs: number): Promise<RunEnd> {
    const removeTraps = installTraps(() => `step ${this.stepCount()}, actor ${this.running?.name ?? '(scheduler)'}`);
    let escaped = false;
    const watchdog = realTimers.setImmediate(() => {
      escaped = true;
      this.fail(
        new SimulationEscaped(
          `simulated code awaited something outside the simulation (actor ${this.running?.name ?? '?'}, step ${this.stepCount()}): use the ports`,
        ),
      );
      this.endStep();
    });
    try {
      for (;;) {
        if (this.fatal !== undefined) throw this.fatal;
        if (this.stepCount() > this.maxSteps) throw new HarnessError(`more than ${this.maxSteps} steps: livelock?`);
        const next = this.nextEvent();
        if (next === undefined) return 'idle';
        if (next.at > horizonMs) return 'horizon';
        if (next.actor === undefined) {
          const timer = this.timers.take()!;
          this.nowMs = Math.max(this.nowMs, timer.at);
          timer.fire();
          continue;
        }
        await this.step(next.actor);
        if (escaped) throw this.fatal;
      }
    } finally {
      realTimers.clearImmediate(watchdog);
      removeTraps();
    }
  }

  private nextEvent(): { readonly at: number; readonly actor?: Actor } | undefined {
    const timerAt = this.timers.nextAt();
    let earliest = Infinity;
    for (const actor of this.parked) earliest = Math.min(earliest, actor.wakeAt);
    if (timerAt !== undefined && timerAt <= earliest) return { at: timerAt };
    if (earliest === Infinity) return undefined;
    const limit = Math.min(earliest + this.windowMs, timerAt ?? Infinity);
    const candidates: Actor[] = [];
    for (const actor of this.parked) if (actor.wakeAt <= limit) candidates.push(actor);
    candidates.sort((a, b) => a.id - b.id);
    let index = 0;
    if (candidates.length > 1) {
      this.decisions++;
      index = this.strategy.pick(
        candidates.map((a) => ({ actorId: a.id, name: a.name })),
        this.choices,
        this.stepCount(),
      );
    }
    const actor = candidates[index]!;
    return { at: Math.max(actor.wakeAt, earliest), actor };
  }

  private async step(actor: Actor): Promise<void> {
    this.parked.delete(actor);
    const resume = actor.resume;
    actor.resume = undefined;
    if (resume === undefined) throw new HarnessError(`actor ${actor.name} was scheduled without a pending yield`);
    this.nowMs = Math.max(this.nowMs, actor.wakeAt);
    this.running = actor;
    actor.state = 'running';
    const ended = new Promise<void>((resolve) => {
      this.stepEnded = resolve;
    });
    resume();
    await ended;
    this.running = undefined;
  }
}
