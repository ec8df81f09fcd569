import type { FileSystem } from '../../../ports/fileSystem.js';

/**
 * How an invocation of a simulated Lambda function ended, as an event source mapping sees it. `error` is a
 * function error (the handler threw); `timeout` and `crash` end the invocation at a yield point with the
 * effects so far applied; `throttled` means it never started (reserved concurrency or `esm.invokeThrottle`).
 */
export type InvocationOutcome<Result> =
  | { readonly kind: 'success'; readonly result: Result }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'crash' }
  | { readonly kind: 'throttled' };

/** Invokes a function with an event and waits (as the calling actor) for the outcome. */
export type Invoker<Event, Result> = (event: Event, options?: { readonly causedBy?: number }) => Promise<InvocationOutcome<Result>>;

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
