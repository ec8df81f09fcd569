import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findProfile, type ProfileName } from '../../src/harness/profiles.js';
import type { PipelineWorld } from '../../src/harness/world/pipelineWorld.js';
import { PipelineWorldBuilder } from '../../src/harness/world/pipelineWorldBuilder.js';
import { type DerivedLifecycleEvent, deriveTableLifecycles } from '../../src/invariants/lifecycleFromTable.js';
import { checkPipelineModelConformance, pipelineModelConformance } from '../../src/invariants/modelConformance.js';
import { LockManager } from '../../src/pipeline/lock/lockManager.js';
import { productionLockSettings } from '../../src/pipeline/lock/lockSettings.js';
import { createSimulation } from '../../src/sim/createSimulation.js';
import type { FaultMenu } from '../../src/sim/faults/faultPlan.js';
import type { Simulation } from '../../src/sim/simulation.js';
import { type LockWorld, PausingClock, lockWorld, runHosts } from '../pipeline/lock/lockWorld.js';

interface Run {
  readonly sim: Simulation;
  readonly world: PipelineWorld;
  readonly derived: DerivedLifecycleEvent[];
}

async function runPipeline(profile: ProfileName, seed: number, faults: FaultMenu = {}, configure = (b: PipelineWorldBuilder) => b): Promise<Run> {
  const sim = createSimulation({ seed, strategy: 'random', epochMs: findProfile(profile).epochMs, faults });
  const world = configure(new PipelineWorldBuilder(sim).profile(profile)).build();
  await sim.run(world.horizonMs);
  return { sim, world, derived: deriveTableLifecycles(sim.trace.steps, world.services.table.committedWrites(), sim.epochMs) };
}

const typesOf = (derived: readonly DerivedLifecycleEvent[], machine: string, id: string): Set<string> =>
  new Set(derived.filter((d) => d.machine === machine && d.id === id).map((d) => d.event.type));

describe('lifecycles derived from a simulated pipeline run', () => {
  it('head: each lock row is acquired, heartbeated and released, each run created and completed per collection, at applied write steps', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 0xffffffff }), async (seed) => {
        const { sim, world, derived } = await runPipeline('head', seed);
        const trace = sim.trace.steps;
        for (const { step } of derived) expect(trace[step]).toMatchObject({ op: expect.stringMatching(/^dynamodb\./), outcome: 'ok' });
        expect([...derived].sort((a, b) => a.step - b.step)).toEqual(derived);
        for (const c of ['lines', 'words']) {
          expect(typesOf(derived, 'lockLease', `LOCK#${c}#chroma-${c}-compaction`)).toEqual(new Set(['acquire', 'heartbeat', 'release']));
        }
        const runIds = new Set(derived.filter((d) => d.machine === 'compactionRun').map((d) => d.id.split('/')[0]));
        expect(runIds.size).toBe(world.uploads.filter((u) => u.outcome === 'success').length);
        for (const runId of runIds) {
          for (const c of ['lines', 'words']) expect(typesOf(derived, 'compactionRun', `${runId}/${c}`)).toEqual(new Set(['create', 'complete']));
        }
        const { violations, coverage } = checkPipelineModelConformance(trace, derived);
        expect(violations).toEqual([]);
        expect(coverage.map((c) => c.machine)).toEqual(['lambdaInvocation', 'sqsMessage', 'lockLease', 'compactionRun']);
        expect(coverage.find((c) => c.machine === 'lockLease')!.takenTransitions).toEqual(
          expect.arrayContaining(['free --acquire--> held', 'held --heartbeat--> held', 'held --release--> released', 'released --acquire--> held']),
        );
      }),
      { numRuns: 3 },
    );
  });

  it('seed: the two-phase lock takes the static row twice per compaction, and the runs conform', async () => {
    const { sim, world, derived } = await runPipeline('seed', 7);
    const row = 'LOCK#lines#chroma-lines-update';
    const acquires = derived.filter((d) => d.id === row && d.event.type === 'acquire').length;
    const releases = derived.filter((d) => d.id === row && d.event.type === 'release').length;
    expect(acquires).toBeGreaterThanOrEqual(2);
    expect(releases).toBe(acquires);
    expect(pipelineModelConformance(sim.trace.steps, world.services.table.committedWrites(), sim.epochMs).violations).toEqual([]);
  });
});

describe('the lock lease model on the LockManager of §4', () => {
  it('flags the heartbeat of a holder paused past its lease that overwrites the next owner\'s row', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 185_000, max: 300_000 }), async (seed, pauseMs) => {
        const world = await runHosts({ seed }, lockWorld, (w: LockWorld) => [
          {
            name: 'staleHolder',
            body: async () => {
              const stale = new LockManager({ ...w.ports, clock: new PausingClock(w.clock, 1, pauseMs) }, 'lines', productionLockSettings);
              await stale.acquire('chroma-lines-compaction');
              stale.startHeartbeat();
              await w.sim.sleep(pauseMs + 60_000);
              await stale.stopHeartbeat();
              await stale.release();
            },
          },
          {
            name: 'nextHolder',
            body: async () => {
              const next = w.manager(productionLockSettings);
              await w.sim.sleep(1_000);
              while (!(await next.acquire('chroma-lines-compaction'))) await w.sim.sleep(2_000);
              await w.sim.sleep(pauseMs);
              await next.release();
            },
          },
        ]);
        const { violations } = pipelineModelConformance(world.sim.trace.steps, world.table.committedWrites(), world.sim.epochMs);
        expect(violations).toHaveLength(1);
        expect(violations[0]).toMatchObject({ entity: 'lockLease:LOCK#lines#chroma-lines-compaction', actual: expect.stringMatching(/^heartbeat by owner /) });
      }),
      { numRuns: 20 },
    );
  });
});

/**
 * §4.2 on the whole head pipeline: stalls of the compaction hosts (`process.pause`, 1–90 s per yield point,
 * at a rate 20 times the modest menu's) now and then freeze a heartbeat task past its 3-minute lease while
 * another invocation takes the lock over; the late heartbeat then overwrites the new owner's row. About one
 * seed in five of this workload shows it (11 of 50 measured), so a search of 30 seeds from a random base
 * misses with odds below 1 in 1000.
 */
describe('the lock lease model on the whole head pipeline', () => {
  const searchSeeds = 30;

  it('flags a late heartbeat overwriting the next owner (singleHeartbeat, frequent host stalls) within a bounded search of seeds', async () => {
    const base = fc.sample(fc.integer({ min: 0, max: 0xffff_ffff - searchSeeds }), 1)[0]!;
    const faults: FaultMenu = { 'process.pause': { rate: 0.1 } };
    const workload = (b: PipelineWorldBuilder) => b.flags({ lockMode: 'singleHeartbeat' }).receipts(6).uploadSpacingMs(60_000);
    let found: { readonly seed: number; readonly actual: string; readonly expected: string } | undefined;
    for (let seed = base; seed < base + searchSeeds && found === undefined; seed++) {
      const { sim, derived } = await runPipeline('head', seed, faults, workload);
      const [violation] = checkPipelineModelConformance(sim.trace.steps, derived).violations.filter((v) => v.entity.startsWith('lockLease:'));
      if (violation !== undefined) found = { seed, actual: violation.actual, expected: violation.expected };
    }
    expect(found, `no late heartbeat in seeds ${base}..${base + searchSeeds - 1}`).toBeDefined();
    expect(found!.actual).toMatch(/^heartbeat by owner /);
    expect(found!.expected).toMatch(/^in state held \(owner [0-9a-f-]+\), one of: heartbeat, release, expire$/);
  }, 900_000);
});
