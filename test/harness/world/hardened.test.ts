import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hardenedProfile, headProfile, pipelineFlagSpecs } from '../../../src/harness/profiles.js';
import { runScenario } from '../../../src/harness/runScenario.js';
import { faultNames } from '../../../src/sim/faults/catalog.js';
import { hardenedPipeline } from '../../../scenarios/hardenedPipeline.js';

const seeds = fc.integer({ min: 0, max: 0xffffffff });

describe('the hardened profile (our design)', () => {
  it("keeps head's deployment: only flags differ, each one the README explains, on head's epoch", () => {
    expect(hardenedProfile.epochMs).toBe(headProfile.epochMs);
    const changed = pipelineFlagSpecs.filter((spec) => hardenedProfile.flags[spec.name as keyof typeof headProfile.flags] !== headProfile.flags[spec.name as keyof typeof headProfile.flags]);
    expect(changed.map((spec) => spec.name).sort()).toEqual(
      ['chromaReconcile', 'deleteReads', 'leaseTiming', 'lockMode', 'maxReceiveCount', 'pointerPromotion', 'snapshotRetention', 'streamInserts', 'streamRetries'].sort(),
    );
  });

  it('hardened-pipeline enables every fault of the catalog', () => {
    expect(Object.keys(hardenedPipeline.faults).sort()).toEqual([...faultNames].sort());
  });

  it('hardened-pipeline: under every fault, no invariant breaks, nothing reaches a DLQ, the run goes quiet', async () => {
    await fc.assert(
      fc.asyncProperty(seeds, async (seed) => {
        const run = await runScenario({ scenario: hardenedPipeline, seed, strategy: 'random' });
        expect(run.violations.map((v) => `${v.invariant}: ${v.entity}: ${v.actual}`), `seed ${seed}`).toEqual([]);
        expect(run.end, `seed ${seed}`).toBe('idle');
        expect(run.observations.deadLetters, `seed ${seed}`).toBe(0);
      }),
      { numRuns: 30 },
    );
  }, 900_000);
});
