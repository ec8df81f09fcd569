import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/ports/clock.js';
import type { ContractBackend } from './backend.js';

/** The Clock port: epoch milliseconds, ISO-8601 UTC, and sleeps that let time pass. */
export function clockContract(backend: ContractBackend<{ readonly clock: Clock }>): void {
  describe(`Clock contract (${backend.name})`, () => {
    it('renders now() as an ISO-8601 UTC string with milliseconds', async () => {
      await backend.run(async ({ clock }) => {
        expect(clock.nowIso()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        expect(Math.abs(Date.parse(clock.nowIso()) - clock.now())).toBeLessThan(1_000);
      });
    });

    it('advances by at least the slept duration', async () => {
      await backend.run(async ({ clock }) => {
        const before = clock.now();
        await clock.sleep(50);
        expect(clock.now() - before).toBeGreaterThanOrEqual(50);
      });
    });

    it('never runs backwards for one host', async () => {
      await backend.run(async ({ clock }) => {
        let last = clock.now();
        for (let i = 0; i < 5; i++) {
          await clock.sleep(1);
          expect(clock.now()).toBeGreaterThanOrEqual(last);
          last = clock.now();
        }
      });
    });
  });
}
