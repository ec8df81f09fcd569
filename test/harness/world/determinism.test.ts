import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/harness/runScenario.js';
import { headPipeline } from '../../../scenarios/headPipeline.js';
import { seedPipeline } from '../../../scenarios/seedPipeline.js';

describe('pipeline worlds are deterministic', () => {
  for (const scenario of [seedPipeline, headPipeline]) {
    it(`${scenario.profile}: the same seed gives the same trace hash, step count and violations twice`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 0xffffffff }), async (seed) => {
          const first = await runScenario({ scenario, seed, strategy: 'random' });
          const second = await runScenario({ scenario, seed, strategy: 'random' });
          expect(second.hash).toBe(first.hash);
          expect(second.steps).toBe(first.steps);
          expect(second.violations).toEqual(first.violations);
        }),
        { numRuns: 3 },
      );
    });
  }
});
