import { findProfile, type ProfileName } from '../../../src/harness/profiles.js';
import type { Violation } from '../../../src/harness/scenario.js';
import type { PipelineWorld } from '../../../src/harness/world/pipelineWorld.js';
import { PipelineWorldBuilder } from '../../../src/harness/world/pipelineWorldBuilder.js';
import type { CompactionCollection } from '../../../src/pipeline/compaction/compactionMessage.js';
import { compactionRunType } from '../../../src/pipeline/entities/compactionRun.js';
import { createSimulation } from '../../../src/sim/createSimulation.js';
import type { FaultMenu } from '../../../src/sim/faults/faultPlan.js';
import type { RunEnd, Simulation } from '../../../src/sim/simulation.js';

/** One run of a pipeline world built for a profile and seed, to idle or its horizon, with its checks. */
export interface PipelineRun {
  readonly sim: Simulation;
  readonly world: PipelineWorld;
  readonly end: RunEnd;
  readonly violations: Violation[];
}

export async function runPipeline(
  profile: ProfileName,
  seed: number,
  configure: (builder: PipelineWorldBuilder) => PipelineWorldBuilder = (b) => b,
  faults: FaultMenu = {},
): Promise<PipelineRun> {
  const sim = createSimulation({ seed, strategy: 'random', epochMs: findProfile(profile).epochMs, faults });
  const world = configure(new PipelineWorldBuilder(sim).profile(profile)).build();
  const end = await sim.run(world.horizonMs);
  return { sim, world, end, violations: world.check(end) };
}

export const collections: readonly CompactionCollection[] = ['lines', 'words'];

/** The CompactionRuns of the table: run id and state per collection. */
export function runStates(world: PipelineWorld): { readonly runId: string; readonly lines: unknown; readonly words: unknown }[] {
  return world.services.table
    .currentItems()
    .filter((item) => item.TYPE === compactionRunType)
    .map((item) => ({ runId: String(item.run_id), lines: item.lines_state, words: item.words_state }));
}

/** The run ids named by the messages now in a collection's dead-letter queue. */
export function deadLetteredRuns(world: PipelineWorld, collection: CompactionCollection): Set<string> {
  const queue = world.queues[collection];
  return new Set(
    world.services.queues.messages(queue.deadLetterUrl).map((m) => {
      const body = JSON.parse(m.body) as { entity_data?: { run_id?: unknown } };
      return String(body.entity_data?.run_id);
    }),
  );
}
