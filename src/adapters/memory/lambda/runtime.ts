/**
 * AWS Lambda in memory: functions invoked synchronously by event source mappings.
 *
 * Modelled. An invocation is a crashable scope with one actor running the handler on the container's
 * clock (each container draws its clock skew when created). Containers are kept warm: an invocation
 * takes an idle one (a `service` choice among several, 0 = the oldest) or starts a new one, whose runtime
 * first initialises (one `lambda.Init` step, latency class `lambdaInvoke`). A container keeps its module
 * state and its `/tmp` between invocations. A timer at handler start + timeout kills the scope (outcome
 * `timeout`); after a timeout or a crash the runtime restarts in the same sandbox: module state is
 * emptied and initialised again, `/tmp` stays as it was, half-written files included. Reserved
 * concurrency: an invoke while that many invocations run is `throttled` at once. The caller blocks until
 * the outcome. Lifecycle events (machine `lambdaInvocation`): start, success, error, timeout, crash,
 * throttled.
 *
 * Not modelled: asynchronous invocation and its retries, container recycling, the 10 s init limit,
 * account-level concurrency, provisioned concurrency, memory size and CPU.
 *
 * Faults (names from src/sim/faults/catalog.ts):
 * - `lambda.crash`, per yield point of an invocation: applied by the kernel; recorded here as `crash`.
 * - `lambda.coldStart`, per invocation that could have reused an idle warm container: a new container
 *   after a 1 to 10 s start.
 * - `clock.skew`, per container when created (drawn by `sim.drawClockSkew`).
 */
import type { FileSystem } from '../../../ports/fileSystem.js';
import type { Actor } from '../../../sim/actor.js';
import { HarnessError } from '../../../sim/errors.js';
import { Scope, type Simulation, type TimerHandle, errorLabel } from '../../../sim/simulation.js';
import { StepContext } from '../../../sim/stepContext.js';
import { Waitable } from '../../../sim/waitable.js';
import { uuidFrom } from '../sqs/identifiers.js';
import type { InvocationContext, InvocationOutcome, Invoker } from './invocation.js';

export interface FunctionConfig<Event, Result> {
  readonly name: string;
  readonly timeoutMs: number;
  readonly reservedConcurrency?: number;
  readonly ephemeralStorageBytes: number;
  /** Builds a new container's `/tmp`, sized `ephemeralStorageBytes`. */
  readonly createTmp: (containerName: string, ephemeralStorageBytes: number) => FileSystem;
  readonly handler: (event: Event, context: InvocationContext) => Promise<Result>;
}

type SandboxConfig = Pick<FunctionConfig<unknown, unknown>, 'createTmp' | 'ephemeralStorageBytes'>;

interface Container {
  readonly id: string;
  readonly clockSkewMs: number;
  readonly tmp: FileSystem;
  moduleState: Map<string, unknown>;
  busy: boolean;
  initialised: boolean;
}

interface FunctionState {
  readonly name: string;
  readonly containers: Container[];
  running: number;
  invocations: number;
}

interface Invocation<Result> {
  readonly id: string;
  readonly container: Container;
  readonly scope: Scope;
  readonly ended: Waitable;
  actor: Actor | undefined;
  outcome: InvocationOutcome<Result> | undefined;
  timeout: TimerHandle | undefined;
}

const coldStartBucketsMs = [1_000, 2_000, 4_000, 7_000, 10_000];

export class LambdaRuntime {
  private readonly functions = new Map<string, FunctionState>();

  constructor(private readonly sim: Simulation) {}

  /** Invocations running now (of one function, or of all). */
  running(functionName?: string): number {
    let count = 0;
    for (const fn of this.functions.values()) if (functionName === undefined || fn.name === functionName) count += fn.running;
    return count;
  }

  register<Event, Result>(config: FunctionConfig<Event, Result>): Invoker<Event, Result> {
    if (this.functions.has(config.name)) throw new HarnessError(`function ${config.name} is already registered`);
    const fn: FunctionState = { name: config.name, containers: [], running: 0, invocations: 0 };
    this.functions.set(config.name, fn);
    return async (event, options) => {
      const invocation = await this.sim.io({ op: 'lambda.Invoke', latency: 'lambdaInvoke' }, (step) =>
        this.admit(fn, config, event, step.causedBy(options?.causedBy)),
      );
      if (invocation === undefined) return { kind: 'throttled' };
      while (invocation.outcome === undefined) await this.sim.block(invocation.ended);
      return invocation.outcome;
    };
  }

  /** The service accepts the invoke (or throttles it), places it on a container and starts it. */
  private admit<Event, Result>(
    fn: FunctionState,
    config: FunctionConfig<Event, Result>,
    event: Event,
    step: StepContext,
  ): Invocation<Result> | undefined {
    const id = uuidFrom(`lambda ${fn.name} ${fn.invocations++}`);
    step.entity(id).detail('function', fn.name);
    if (config.reservedConcurrency !== undefined && fn.running >= config.reservedConcurrency) {
      step.setOutcome('throttled').event({ machine: 'lambdaInvocation', id, type: 'throttled' });
      return undefined;
    }
    const { container, coldStartDelayMs } = this.place(fn, config);
    container.busy = true;
    fn.running++;
    step.event({ machine: 'lambdaInvocation', id, type: 'start' }).detail('container', container.id);
    const invocation: Invocation<Result> = {
      id,
      container,
      scope: new Scope(`${fn.name} ${id}`, true),
      ended: new Waitable(`lambda ${id} ended`),
      actor: undefined,
      outcome: undefined,
      timeout: undefined,
    };
    invocation.scope.onKill((reason) => this.killed(fn, invocation, reason));
    invocation.actor = this.sim.spawn(`lambda ${fn.name}`, () => this.run(fn, config, invocation, event, coldStartDelayMs), {
      scope: invocation.scope,
      clockSkewMs: container.clockSkewMs,
    });
    return invocation;
  }

  private place(fn: FunctionState, config: SandboxConfig): { container: Container; coldStartDelayMs: number } {
    const idle = fn.containers.filter((c) => !c.busy);
    if (idle.length === 0) return { container: this.newContainer(fn, config), coldStartDelayMs: 0 };
    if (this.sim.faults.fire('lambda.coldStart')) {
      const delayMs = coldStartBucketsMs[this.sim.faults.magnitude(coldStartBucketsMs.length)]!;
      return { container: this.newContainer(fn, config), coldStartDelayMs: delayMs };
    }
    return { container: idle[this.sim.choices.draw('service', idle.length)]!, coldStartDelayMs: 0 };
  }

  private newContainer(fn: FunctionState, config: SandboxConfig): Container {
    const id = `${fn.name}/container-${fn.containers.length + 1}`;
    const container: Container = {
      id,
      clockSkewMs: this.sim.drawClockSkew(),
      tmp: config.createTmp(id, config.ephemeralStorageBytes),
      moduleState: new Map(),
      busy: false,
      initialised: false,
    };
    fn.containers.push(container);
    return container;
  }

  private async run<Event, Result>(
    fn: FunctionState,
    config: FunctionConfig<Event, Result>,
    invocation: Invocation<Result>,
    event: Event,
    coldStartDelayMs: number,
  ): Promise<void> {
    const container = invocation.container;
    if (coldStartDelayMs > 0) await this.sim.sleep(coldStartDelayMs);
    if (!container.initialised) {
      await this.sim.io({ op: 'lambda.Init', latency: 'lambdaInvoke', entities: [container.id] }, () => {
        container.initialised = true;
      });
    }
    const startedAt = this.sim.now;
    invocation.timeout = this.sim.at(startedAt + config.timeoutMs, `lambda ${invocation.id} timeout`, () =>
      this.sim.kill(invocation.scope, 'timeout'),
    );
    const deadlineMs = this.sim.epochMs + startedAt + config.timeoutMs;
    const context: InvocationContext = {
      invocationId: invocation.id,
      functionName: fn.name,
      container: { id: container.id, moduleState: container.moduleState, tmp: container.tmp },
      deadlineMs,
      remainingTimeMs: () => deadlineMs - (this.sim.epochMs + this.sim.now + container.clockSkewMs),
    };
    let outcome: InvocationOutcome<Result>;
    try {
      outcome = { kind: 'success', result: await config.handler(event, context) };
    } catch (error) {
      outcome = { kind: 'error', error };
    }
    invocation.timeout.cancel();
    invocation.outcome = outcome;
    const step = new StepContext([invocation.id]).event({ machine: 'lambdaInvocation', id: invocation.id, type: outcome.kind });
    if (outcome.kind === 'error') step.setOutcome(errorLabel(outcome.error));
    this.sim.note('lambda.end', step);
    this.release(fn, invocation);
  }

  /** A timeout or crash: the runtime restarts in the same sandbox, so module state goes and `/tmp` stays. */
  private killed<Result>(fn: FunctionState, invocation: Invocation<Result>, reason: string): void {
    if (invocation.outcome !== undefined) return;
    invocation.timeout?.cancel();
    const kind = reason === 'timeout' ? 'timeout' : 'crash';
    invocation.outcome = { kind };
    const step = new StepContext([invocation.id]).setOutcome(kind).event({ machine: 'lambdaInvocation', id: invocation.id, type: kind });
    this.sim.noteSystem(invocation.actor?.name ?? `lambda ${fn.name}`, `lambda.${kind}`, step, invocation.actor?.lastStep ?? null);
    invocation.container.moduleState = new Map();
    invocation.container.initialised = false;
    this.release(fn, invocation);
  }

  private release<Result>(fn: FunctionState, invocation: Invocation<Result>): void {
    invocation.container.busy = false;
    fn.running--;
    invocation.ended.signal();
  }
}
