import { Actor, Scope } from './actor.js';
import { type ChoiceSource, Choices } from './choices/choiceSource.js';
import type { Driver, DriverFactory } from './driver.js';
import { HarnessError } from './errors.js';
import { type FaultMenu, FaultPlan } from './faults/faultPlan.js';
import { type LatencyClass, type LatencyTable, defaultLatencies, drawLatency } from './latency.js';
import type { SchedulingStrategy } from './strategies/strategy.js';
import { StepContext } from './stepContext.js';
import { Trace, type TraceEntry } from './trace.js';
import { type RunEnd, Scheduler } from './scheduler.js';
import type { TimerHandle } from './timers.js';
import type { Waitable } from './waitable.js';

export interface SimulationOptions {
  readonly seed: number;
  readonly choices: ChoiceSource;
  readonly strategy: SchedulingStrategy;
  readonly faults?: FaultMenu;
  readonly latencies?: LatencyTable;
  /**
   * Actors whose wake-up times lie within this many virtual milliseconds of the earliest one are
   * considered simultaneous, and the strategy picks among them. Wider windows give more interleavings.
   */
  readonly schedulingWindowMs?: number;
  /** Wall-clock epoch milliseconds of virtual time 0 (the profile's date). */
  readonly epochMs: number;
  /** A run taking more steps than this is a harness error (a livelock in the system or the harness). */
  readonly maxSteps?: number;
  /**
   * Replaces the seeded scheduler. Only the benchmark's naive baseline sets it (real timers instead of
   * the strategy); every deterministic run leaves it out.
   */
  readonly driver?: DriverFactory;
}

export interface SpawnOptions {
  readonly scope?: Scope;
  readonly clockSkewMs?: number;
  /** Host actors can be paused by `process.pause`; service-side actors (pollers) are not. */
  readonly pausable?: boolean;
  /** Errors of the body go here; without a handler an error stops the run as a harness error. */
  readonly onError?: (error: unknown) => void;
  /** Virtual milliseconds before the actor first runs. */
  readonly startDelayMs?: number;
}

export interface IoRequest {
  readonly op: string;
  readonly latency: LatencyClass;
  readonly entities?: readonly string[];
}


const pauseBucketsMs = [1_000, 3_000, 10_000, 30_000, 90_000];

/**
 * The deterministic kernel. Simulated code runs as actors (async functions) that only make progress when
 * the scheduler resumes them; every adapter call parks its actor before the request and again after the
 * effect, so the scheduler decides the order of all effects. Exactly one actor runs at a time, and the
 * whole run is one chain of microtasks: an actor that awaits anything the scheduler does not control
 * lets the event loop turn, which the escape watchdog reports.
 */
export class Simulation {
  readonly choices: Choices;
  readonly faults: FaultPlan;
  readonly trace = new Trace();
  readonly epochMs: number;
  readonly seed: number;
  private readonly strategy: SchedulingStrategy;
  private readonly latencies: LatencyTable;
  private readonly scheduler: Driver;
  private readonly actors: Actor[] = [];
  private readonly names = new Map<string, number>();

  constructor(options: SimulationOptions) {
    this.seed = options.seed;
    this.choices = new Choices(options.choices);
    this.strategy = options.strategy;
    this.latencies = options.latencies ?? defaultLatencies;
    this.epochMs = options.epochMs;
    this.faults = new FaultPlan(options.faults ?? {}, this.choices);
    const stepCount = (): number => this.trace.length;
    this.scheduler =
      options.driver?.(stepCount) ??
      new Scheduler(this.strategy, this.choices, options.schedulingWindowMs ?? 20, options.maxSteps ?? 500_000, stepCount);
  }

  /** Virtual milliseconds since the start of the run. */
  get now(): number {
    return this.scheduler.now;
  }

  /** The actor taking the current step, if any. */
  get current(): Actor | undefined {
    return this.scheduler.current;
  }

  /** Wall-clock epoch milliseconds as the current actor's host sees them. */
  wallClock(): number {
    return this.epochMs + this.now + (this.current?.clockSkewMs ?? 0);
  }

  get actorCount(): number {
    return this.actors.length;
  }

  /** Scheduling decisions taken so far (steps at which the strategy picked an actor). */
  get schedulingSteps(): number {
    return this.scheduler.schedulingDecisions;
  }

  spawn(name: string, body: () => Promise<void>, options: SpawnOptions = {}): Actor {
    const count = (this.names.get(name) ?? 0) + 1;
    this.names.set(name, count);
    const uniqueName = count === 1 ? name : `${name}~${count}`;
    const spawnStep = this.current?.lastStep ?? null;
    const actor = new Actor(
      this.actors.length,
      uniqueName,
      options.scope,
      options.clockSkewMs ?? 0,
      options.pausable ?? true,
      spawnStep,
    );
    this.actors.push(actor);
    this.strategy.onActorCreated(actor.id);
    this.recordFor(actor, 'actor.spawn', [], 'ok', spawnStep);
    const start = new Promise<void>((resolve) => {
      this.scheduler.park(actor, this.now + (options.startDelayMs ?? 0), resolve);
    });
    start.then(body).then(
      () => this.finish(actor, 'done'),
      (error: unknown) => {
        actor.error = error;
        this.recordFor(actor, 'actor.failed', [], errorLabel(error));
        this.finish(actor, 'failed');
        if (options.onError !== undefined) options.onError(error);
        else this.scheduler.fail(new HarnessError(`actor ${actor.name} failed: ${errorLabel(error)}`, { cause: error }));
      },
    );
    return actor;
  }

  /**
   * One adapter call: park (the request travels), apply the effect and record the step, park again (the
   * response travels), then return or throw. A kill at the second park leaves the effect applied but
   * unseen by the caller.
   */
  async io<T>(request: IoRequest, effect: (step: StepContext) => T): Promise<T> {
    const actor = this.requireCurrent(request.op);
    await this.yieldPoint(actor, drawLatency(this.latencies, request.latency, this.choices));
    const step = new StepContext(request.entities);
    let result: T | undefined;
    let failure: { error: unknown } | undefined;
    try {
      result = effect(step);
    } catch (error) {
      failure = { error };
      step.outcomeIfUnset(errorLabel(error));
    }
    this.recordStep(actor, request.op, step);
    await this.yieldPoint(actor, drawLatency(this.latencies, request.latency, this.choices));
    if (failure !== undefined) throw failure.error;
    return result as T;
  }

  /** Records a step for the current actor without parking (lifecycle events inside a step). */
  note(op: string, step: StepContext): TraceEntry {
    return this.recordStep(this.requireCurrent(op), op, step);
  }

  /** Records a step that belongs to no actor's request (timers, service-side transitions). */
  noteSystem(actorName: string, op: string, step: StepContext, parent: number | null): TraceEntry {
    return this.trace.append({
      t: this.now,
      actor: actorName,
      op,
      entities: step.entities,
      outcome: step.outcome ?? 'ok',
      parent: step.parentStep ?? parent,
      events: step.events,
      detail: step.details,
    });
  }

  sleep(milliseconds: number): Promise<void> {
    return this.yieldPoint(this.requireCurrent('sleep'), Math.max(0, milliseconds));
  }

  /** Waits until the waitable is signalled (true) or the timeout passes (false). */
  block(waitable: Waitable, timeoutMs?: number): Promise<boolean> {
    const actor = this.requireCurrent(`wait ${waitable.label}`);
    this.checkRunning(actor);
    return new Promise<boolean>((resolve) => {
      let timer: TimerHandle | undefined;
      const wake = (signalled: boolean): void => {
        waitable.remove(actor.id);
        timer?.cancel();
        actor.unblock = undefined;
        this.scheduler.park(actor, this.now, () => resolve(signalled));
      };
      waitable.add(actor.id, () => wake(true));
      if (timeoutMs !== undefined) timer = this.at(this.now + timeoutMs, `${actor.name} wait timeout`, () => wake(false));
      actor.unblock = () => {
        waitable.remove(actor.id);
        timer?.cancel();
      };
      actor.state = 'blocked';
      this.scheduler.endStep();
    });
  }

  /** Runs `fire` at virtual time `at` in the scheduler's own context (no actor). */
  at(at: number, label: string, fire: () => void): TimerHandle {
    return this.scheduler.at(at, label, fire);
  }

  /** Kills every actor of the scope where it stands. */
  kill(scope: Scope, reason: string): void {
    if (scope.killed) return;
    scope.markKilled(reason);
    for (const actor of this.actors) {
      if (actor.scope !== scope || actor.finished) continue;
      this.scheduler.unpark(actor);
      actor.unblock?.();
      this.recordFor(actor, 'actor.killed', [scope.name], reason);
      this.finish(actor, 'killed');
    }
  }

  /** The clock skew of a new host: 0 unless `clock.skew` fires. */
  drawClockSkew(): number {
    if (!this.faults.fire('clock.skew')) return 0;
    const magnitudesMs = [100, 1_000, 5_000, 30_000, 90_000];
    const magnitude = magnitudesMs[this.faults.magnitude(magnitudesMs.length)]!;
    return this.faults.magnitude(2) === 0 ? magnitude : -magnitude;
  }

  /**
   * Runs until no actor can make progress and no timer is pending ('idle'), or until the next event lies
   * beyond the horizon ('horizon'). Determinism traps are in place for the whole run.
   */
  run(horizonMs: number): Promise<RunEnd> {
    return this.scheduler.run(horizonMs);
  }

  /** Parks the actor for `delayMs`, drawing the yield-point faults first. */
  private yieldPoint(actor: Actor, delayMs: number): Promise<void> {
    this.checkRunning(actor);
    let delay = delayMs;
    if (actor.scope?.crashable === true && this.faults.fire('lambda.crash')) {
      this.kill(actor.scope, 'crash');
      this.scheduler.endStep();
      return new Promise<void>(() => {});
    }
    if (actor.pausable && this.faults.fire('process.pause')) {
      delay += pauseBucketsMs[this.faults.magnitude(pauseBucketsMs.length)]!;
    }
    return new Promise<void>((resolve) => {
      this.scheduler.park(actor, this.now + delay, resolve);
      this.scheduler.endStep();
    });
  }

  private checkRunning(actor: Actor): void {
    if (actor.state !== 'running' || actor.resume !== undefined) {
      throw new HarnessError(
        `actor ${actor.name} yielded while it already had a pending yield: start parallel work with the Tasks port`,
      );
    }
  }

  private finish(actor: Actor, state: 'done' | 'failed' | 'killed'): void {
    actor.state = state;
    actor.done.signal();
    if (this.current === actor) this.scheduler.endStep();
  }

  private requireCurrent(what: string): Actor {
    const actor = this.current;
    if (actor === undefined) throw new HarnessError(`${what} called outside an actor's step`);
    return actor;
  }

  private recordStep(actor: Actor, op: string, step: StepContext): TraceEntry {
    const entry = this.trace.append({
      t: this.now,
      actor: actor.name,
      op,
      entities: step.entities,
      outcome: step.outcome ?? 'ok',
      parent: step.parentStep ?? actor.lastStep,
      events: step.events,
      detail: step.details,
    });
    actor.lastStep = entry.step;
    return entry;
  }

  private recordFor(actor: Actor, op: string, entities: readonly string[], outcome: string, parent?: number | null): void {
    const entry = this.trace.append({
      t: this.now,
      actor: actor.name,
      op,
      entities,
      outcome,
      parent: parent === undefined ? actor.lastStep : parent,
      events: [],
    });
    actor.lastStep = entry.step;
  }
}

export function errorLabel(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? code : error.name;
  }
  return String(error);
}

export { Scope, type RunEnd, type TimerHandle };
