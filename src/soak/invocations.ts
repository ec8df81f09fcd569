import { join } from 'node:path';
import { NodeFileSystem } from '../adapters/node/nodeFileSystem.js';
import type { Clock } from '../ports/clock.js';
import type { InvocationContext } from '../ports/lambda.js';
import { asActor } from './soakActor.js';

/**
 * Handlers of a soak run are invoked in this process, not on Lambda. Each poller loop is one "container":
 * its `/tmp` is a folder of its own on the host, its module state lives as long as the loop. Deadlines are
 * reported to the handler (`remainingTimeMs`) but not enforced: a promise cannot be killed. `Invocations`
 * counts what every function did and how many invocations are running, which the drain waits on; each
 * invocation is the actor `<function>~<n>` of the requests it sends (the report groups `~n` lanes by function).
 */
export type InvocationOutcome = 'success' | 'partial' | 'error';

export class SoakContainer {
  private readonly moduleState = new Map<string, unknown>();
  private readonly tmp: NodeFileSystem;
  private invocations = 0;

  constructor(
    readonly functionName: string,
    readonly id: string,
    workDirectory: string,
    private readonly timeoutMs: number,
    private readonly clock: Clock,
  ) {
    this.tmp = new NodeFileSystem(`${id}:/tmp`, join(workDirectory, id));
  }

  /** Removes the container's `/tmp` folder (a container that will not be invoked again). */
  discard(): Promise<void> {
    return this.tmp.remove('/');
  }

  context(): InvocationContext {
    this.invocations++;
    const deadlineMs = this.clock.now() + this.timeoutMs;
    return {
      invocationId: `${this.id}/${this.invocations}`,
      functionName: this.functionName,
      container: { id: this.id, moduleState: this.moduleState, tmp: this.tmp },
      deadlineMs,
      remainingTimeMs: () => deadlineMs - this.clock.now(),
    };
  }
}

export interface FunctionCounts {
  readonly invocations: number;
  readonly success: number;
  readonly partial: number;
  readonly error: number;
}

const keptErrors = 50;

export class Invocations {
  private running = 0;
  private readonly byFunction = new Map<string, { invocations: number; success: number; partial: number; error: number }>();
  readonly errors: string[] = [];

  get busy(): number {
    return this.running;
  }

  /** Runs one invocation of `functionName`, counting it and its outcome; errors are returned, not thrown. */
  async run<T>(functionName: string, invoke: () => Promise<T>, outcomeOf: (result: T) => InvocationOutcome = () => 'success'): Promise<{ result?: T; error?: unknown }> {
    const counts = this.countsOf(functionName);
    counts.invocations++;
    this.running++;
    try {
      const result = await asActor(`${functionName}~${counts.invocations}`, invoke);
      counts[outcomeOf(result)]++;
      return { result };
    } catch (error) {
      counts.error++;
      this.noteError(functionName, error);
      return { error };
    } finally {
      this.running--;
    }
  }

  /** A poller's own request failed (receive, delete): counted with the function's errors, the loop goes on. */
  noteError(where: string, error: unknown): void {
    if (this.errors.length < keptErrors) this.errors.push(`${where}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  }

  counts(): Record<string, FunctionCounts> {
    return Object.fromEntries([...this.byFunction].sort(([a], [b]) => a.localeCompare(b)).map(([name, c]) => [name, { ...c }]));
  }

  private countsOf(functionName: string): { invocations: number; success: number; partial: number; error: number } {
    let counts = this.byFunction.get(functionName);
    if (counts === undefined) {
      counts = { invocations: 0, success: 0, partial: 0, error: 0 };
      this.byFunction.set(functionName, counts);
    }
    return counts;
  }
}
