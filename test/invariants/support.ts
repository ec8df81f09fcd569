import type { BucketEntry } from '../../src/adapters/memory/s3/versionedBucket.js';
import { findProfile, type ProfileName } from '../../src/harness/profiles.js';
import type { PipelineWorld } from '../../src/harness/world/pipelineWorld.js';
import { PipelineWorldBuilder } from '../../src/harness/world/pipelineWorldBuilder.js';
import type { PipelineInspection } from '../../src/invariants/pipelineInspection.js';
import { createSimulation } from '../../src/sim/createSimulation.js';
import type { FaultMenu } from '../../src/sim/faults/faultPlan.js';
import type { RunEnd, Simulation } from '../../src/sim/simulation.js';
import type { TraceEntry } from '../../src/sim/trace.js';

/** A pipeline world run to idle (or its horizon), with the inspection its checkers see. */
export interface WorldRun {
  readonly sim: Simulation;
  readonly world: PipelineWorld;
  readonly end: RunEnd;
  readonly inspection: PipelineInspection;
}

export async function runWorld(
  profile: ProfileName,
  seed: number,
  configure: (builder: PipelineWorldBuilder) => PipelineWorldBuilder = (b) => b,
  faults: FaultMenu = {},
): Promise<WorldRun> {
  const sim = createSimulation({ seed, strategy: 'random', epochMs: findProfile(profile).epochMs, faults });
  const world = configure(new PipelineWorldBuilder(sim).profile(profile)).build();
  const end = await sim.run(world.horizonMs);
  return { sim, world, end, inspection: world.inspect(end) };
}

/** The first seed from `seeds` whose run satisfies `found` (undefined when none does). */
export async function firstRun(seeds: readonly number[], run: (seed: number) => Promise<WorldRun>, found: (run: WorldRun) => boolean): Promise<WorldRun | undefined> {
  for (const seed of seeds) {
    const result = await run(seed);
    if (found(result)) return result;
  }
  return undefined;
}

/** The inspection with some trace steps replaced (each keeps its step number), as if the run had done that instead. */
export function withSteps(inspection: PipelineInspection, patches: ReadonlyMap<number, Partial<Omit<TraceEntry, 'step'>>>): PipelineInspection {
  return { ...inspection, trace: inspection.trace.map((entry) => ({ ...entry, ...patches.get(entry.step) })) };
}

/** The inspection with some keys' object histories replaced. */
export function withObjects(inspection: PipelineInspection, versions: (key: string, entries: readonly BucketEntry[]) => readonly BucketEntry[]): PipelineInspection {
  const bucket = inspection.bucket;
  return { ...inspection, bucket: { bucket: bucket.bucket, versions: (key) => versions(key, bucket.versions(key)) } };
}

/** An S3 step of another, made-up invocation (`lambda compaction~99`). */
export function s3Step(op: string, key: string, detail: Record<string, string>, outcome = 'ok'): Partial<TraceEntry> {
  return { actor: 'lambda compaction~99', op, outcome, entities: [`s3://chromadb-vectors/${key}`], events: [], detail: { key, ...detail } };
}
