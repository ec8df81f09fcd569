import type { RetryPolicy } from '../../src/adapters/aws/retry.js';

/** A retry policy that records the backoff delays instead of sleeping through them. */
export function recordingRetryPolicy(maxAttempts = 4): RetryPolicy & { readonly delays: number[] } {
  const delays: number[] = [];
  return {
    maxAttempts,
    baseDelayMs: 100,
    maxDelayMs: 1_000,
    jitter: () => 0.5,
    sleep: async (ms) => void delays.push(ms),
    delays,
  };
}
