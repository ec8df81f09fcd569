import { Throttled } from '../../ports/errors.js';

/**
 * Retries of throttled requests with capped exponential backoff and full jitter (the SDK's standard
 * strategy): before attempt n+1 the caller sleeps a uniform random time in [0, min(maxDelayMs,
 * baseDelayMs · 2^(n−1))). Only throttling is retried: a throttled request had no effect, while a
 * 500 after a write may have applied it, and the pipeline must see that ambiguity as the fakes show it
 * (`s3.errorAfterEffect`). When the attempts run out the caller gets the last `Throttled`.
 * `sleep` and `jitter` are injectable so tests observe the delays without waiting for them.
 */
export interface RetryPolicy {
  /** Attempts in total, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** A number in [0, 1). */
  readonly jitter: () => number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 50,
  maxDelayMs: 5_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  jitter: Math.random,
};

/** The delay before the attempt after `failedAttempts` failures (1 = after the first failure). */
export function backoffDelayMs(policy: RetryPolicy, failedAttempts: number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempts - 1));
  return Math.floor(policy.jitter() * cap);
}

/**
 * Sends a request, mapping every failure to a port error with `toPortError`, and retries it while the
 * mapped error is `Throttled` and attempts remain.
 */
export async function sendWithRetries<T>(policy: RetryPolicy, send: () => Promise<T>, toPortError: (error: unknown) => Error): Promise<T> {
  for (let failures = 0; ; ) {
    try {
      return await send();
    } catch (error) {
      const mapped = toPortError(error);
      failures++;
      if (!(mapped instanceof Throttled) || failures >= policy.maxAttempts) throw mapped;
      await policy.sleep(backoffDelayMs(policy, failures));
    }
  }
}
