import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Violation } from '../../../src/harness/scenario.js';
import { modestPipelineFaults } from '../../../src/harness/world/pipelineScenario.js';
import { collections, deadLetteredRuns, runPipeline, runStates } from './pipelineRuns.js';

const seeds = fc.integer({ min: 0, max: 0xffffffff });
/** The scenario's modest menu with host stalls on in every run. */
const stalls = { ...modestPipelineFaults, 'process.pause': { rate: 0.005, always: true } };

describe('receipts through the whole simulated pipeline', () => {
  it('head: every run ends idle, COMPLETED in both collections, with every receipt’s delta vectors in the final snapshots', async () => {
    await fc.assert(
      fc.asyncProperty(seeds, fc.integer({ min: 2, max: 4 }), async (seed, receipts) => {
        const { world, end, violations } = await runPipeline('head', seed, (b) => b.receipts(receipts));
        expect(end).toBe('idle');
        // convergence is left out: label changes processed before their delta is merged are lost (a real pipeline bug, scenarios/claims.md).
        expect(violations.filter((v) => v.invariant !== 'convergence')).toEqual([]);
        expect(world.uploads.map((u) => u.outcome)).toEqual(Array(receipts).fill('success'));
        expect(runStates(world).map((r) => `${r.lines} ${r.words}`)).toEqual(Array(receipts).fill('COMPLETED COMPLETED'));
        expect(world.deadLetters()).toBe(0);
        for (const collection of collections) {
          const snapshot = new Set(world.snapshot(collection)?.inspection.records.get(collection)?.map((r) => r.id));
          for (const upload of world.uploads) {
            const delta = world.deltaIds(collection, upload.result!.run_id)!;
            expect(delta.length).toBeGreaterThan(0);
            expect(delta.filter((id) => !snapshot.has(id))).toEqual([]);
          }
        }
      }),
      { numRuns: 8 },
    );
  });

  it('seed (closeBeforeTar): every run ends idle and each run is COMPLETED in a collection unless its message went to that DLQ', async () => {
    await fc.assert(
      fc.asyncProperty(seeds, fc.integer({ min: 2, max: 4 }), async (seed, receipts) => {
        const { world, end, violations } = await runPipeline('seed', seed, (b) => b.receipts(receipts).flags({ closeBeforeTar: true }));
        expect(end).toBe('idle');
        // Left out, both real pipeline bugs: convergence (label changes processed before their delta is merged are
        // lost, scenarios/claims.md) and a compactor copying an EFS version another is still republishing off-lock
        // (about 1 seed in 75; scenarios/003-efs-partial-copy.ts).
        const efsCopyRace = (v: Violation): boolean => v.invariant === 'snapshotIntegrity' && v.entity.includes(' EFS copy of ');
        expect(violations.filter((v) => v.invariant !== 'convergence' && !efsCopyRace(v))).toEqual([]);
        expect(runStates(world)).toHaveLength(receipts);
        for (const collection of collections) {
          const deadLettered = deadLetteredRuns(world, collection);
          expect(runStates(world).filter((r) => r[collection] !== 'COMPLETED' && !deadLettered.has(r.runId))).toEqual([]);
        }
        expect(world.observations().vectorsWords).toBeGreaterThan(0);
      }),
      { numRuns: 8 },
    );
  });

  it('with the scenario’s modest faults both profiles still end idle with every queue outside the DLQs drained', async () => {
    await fc.assert(
      fc.asyncProperty(seeds, fc.constantFrom('seed' as const, 'head' as const), async (seed, profile) => {
        const { sim, end, violations } = await runPipeline(profile, seed, (b) => b, stalls);
        expect(end).toBe('idle');
        expect(violations.filter((v) => v.invariant === 'liveness')).toEqual([]);
        expect(sim.faults.coverage().find((f) => f.fault === 'process.pause')?.fired).toBeGreaterThan(0);
      }),
      { numRuns: 8 },
    );
  });

  it('follow-up workload: renames, a final merge as second snapshot writer, and a deletion after the upload returned', async () => {
    for (const profile of ['head', 'seed'] as const) {
      const { world, end, violations } = await runPipeline(profile, 11, (b) => b.flags({ finalMerge: true, closeBeforeTar: true }).receiptDeletions(1).labelRenames(2).finalMergeRuns(1));
      expect(end).toBe('idle');
      expect(violations.filter((v) => v.invariant === 'liveness')).toEqual([]);
      const metric = (name: string): number => world.services.telemetry.metric(name);
      expect(metric('ReceiptsDeleted')).toBe(1);
      expect(metric('LabelsRenamed') + metric('LabelRenameSkipped') + metric('WorkloadOperationFailed')).toBe(2);
      expect(metric('FinalMerge_merged') + metric('FinalMerge_failed') + metric('FinalMerge_locked') + metric('FinalMerge_lockUnavailable')).toBe(1);
      expect(world.services.sim.trace.steps.some((e) => e.actor === 'final-merge' && e.op === 's3.putObject' && e.entities.some((x) => x.endsWith('latest-pointer.txt')))).toBe(
        metric('FinalMerge_merged') === 1,
      );
    }
  });
});

describe('the world’s basic checks', () => {
  it('liveness: a run stopped at its horizon with work left is reported', async () => {
    const { end, violations } = await runPipeline('head', 3, (b) => b.horizonMs(12_000));
    expect(end).toBe('horizon');
    expect(violations.map((v) => v.invariant)).toContain('liveness');
  });

  it('snapshotIntegrity: the seed profile’s open-client copies under host stalls leave a torn snapshot behind for some seed', async () => {
    let found: string | undefined;
    for (let seed = 1; seed <= 80 && found === undefined; seed++) {
      const { violations } = await runPipeline('seed', seed, (b) => b, stalls);
      found = violations.find((v) => v.invariant === 'snapshotIntegrity')?.actual;
    }
    expect(found).toMatch(/quick_check|record|index/);
  });
});
