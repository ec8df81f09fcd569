import type { FileSystem } from './fileSystem.js';

/**
 * What a handler gets besides its event. `container` lives as long as the execution environment:
 * `moduleState` is the module-level state of the runtime (empty after a cold start, a timeout or a
 * crash), `tmp` is the sandbox's `/tmp` (kept across invocations, timeouts and crashes alike).
 */
export interface InvocationContext {
  readonly invocationId: string;
  readonly functionName: string;
  readonly container: {
    readonly id: string;
    readonly moduleState: Map<string, unknown>;
    readonly tmp: FileSystem;
  };
  /** Wall-clock epoch milliseconds at which the service ends the invocation. */
  readonly deadlineMs: number;
  /** The deadline minus the container's own (possibly skewed) wall clock, as `getRemainingTimeInMillis`. */
  remainingTimeMs(): number;
}
