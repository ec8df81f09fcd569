export type { InvocationContext } from '../../../ports/lambda.js';

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
