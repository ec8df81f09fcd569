import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelayMs, sendWithRetries } from '../../src/adapters/aws/retry.js';
import { PortError, ServiceUnavailable, Throttled } from '../../src/ports/errors.js';

type Outcome = 'ok' | 'throttled' | 'unavailable' | 'other';

const failureOf: Record<Exclude<Outcome, 'ok'>, () => Error> = {
  throttled: () => new Throttled('SlowDown'),
  unavailable: () => new ServiceUnavailable('InternalError'),
  other: () => new PortError('AccessDenied', 'denied'),
};

describe('sendWithRetries', () => {
  it('retries only throttling, at most maxAttempts times in all, with delays under the growing cap', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<Outcome>('ok', 'throttled', 'unavailable', 'other'), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 8 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        async (outcomes, maxAttempts, jitter) => {
          const delays: number[] = [];
          const policy = { maxAttempts, baseDelayMs: 10, maxDelayMs: 200, jitter: () => jitter, sleep: async (ms: number) => void delays.push(ms) };
          const outcomeAt = (i: number): Outcome => outcomes[Math.min(i, outcomes.length - 1)]!;
          let calls = 0;
          const send = async (): Promise<string> => {
            const outcome = outcomeAt(calls++);
            if (outcome === 'ok') return 'done';
            throw failureOf[outcome]();
          };
          const result = await sendWithRetries(policy, send, (error) => (error instanceof Error ? error : new Error(String(error)))).then(
            (value) => ({ value }),
            (error: unknown) => ({ error }),
          );
          let expectedCalls = 1;
          while (outcomeAt(expectedCalls - 1) === 'throttled' && expectedCalls < maxAttempts) expectedCalls++;
          expect(calls).toBe(expectedCalls);
          expect(delays).toHaveLength(calls - 1);
          delays.forEach((delay, i) => expect(delay).toBeLessThan(Math.max(1, Math.min(200, 10 * 2 ** i))));
          const last = outcomeAt(calls - 1);
          if (last === 'ok') expect(result).toEqual({ value: 'done' });
          else expect(result).toMatchObject({ error: expect.any(last === 'throttled' ? Throttled : last === 'unavailable' ? ServiceUnavailable : PortError) });
        },
      ),
      { numRuns: 50 },
    );
  });

  it('draws full jitter below min(maxDelay, base · 2^(n−1))', () => {
    const policy = { maxAttempts: 8, baseDelayMs: 50, maxDelayMs: 1_000, sleep: async () => undefined, jitter: () => 0.999 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(policy, n))).toEqual([49, 99, 199, 399, 799, 999]);
    expect(backoffDelayMs({ ...policy, jitter: () => 0 }, 3)).toBe(0);
  });
});
