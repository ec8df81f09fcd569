import { describe, expect, it } from 'vitest';
import { findProfile } from '../../../src/harness/profiles.js';
import { compactionMappingFor, messageGroupIdsFor } from '../../../src/harness/world/deployment.js';
import type { PipelineWorld } from '../../../src/harness/world/pipelineWorld.js';
import { PipelineWorldBuilder } from '../../../src/harness/world/pipelineWorldBuilder.js';
import { createSimulation } from '../../../src/sim/createSimulation.js';
import { UsageError } from '../../../src/sim/errors.js';
import type { Simulation } from '../../../src/sim/simulation.js';

const simulation = (profile: 'seed' | 'head'): Simulation => createSimulation({ seed: 1, strategy: 'random', epochMs: findProfile(profile).epochMs });

/** Each queue of the world: name, FIFO, visibility, delay, and its DLQ's name and maxReceiveCount. */
function queueTable(world: PipelineWorld): string[] {
  const queues = world.services.queues;
  return world.queues.all.map((q) => {
    const config = queues.configOf(q.url);
    const dlq = queues.configOf(q.deadLetterUrl);
    return `${config.name} fifo=${config.fifo} visibility=${config.visibilityTimeoutSeconds} delay=${config.delaySeconds} → ${dlq.name} after ${config.redrive?.maxReceiveCount}`;
  });
}

describe('the pipeline world builder', () => {
  it('head: Standard queues of §2.8 with their DLQs, the LLM validation queue of §6.2, and no EFS mount', () => {
    const world = new PipelineWorldBuilder(simulation('head')).profile('head').build();
    expect(queueTable(world)).toEqual([
      'lines fifo=false visibility=900 delay=0 → lines-dlq after 100',
      'words fifo=false visibility=900 delay=0 → words-dlq after 100',
      'summary fifo=false visibility=120 delay=15 → summary-dlq after 3',
      'line-item fifo=false visibility=240 delay=15 → line-item-dlq after 3',
      'receipts-llm-validation-queue fifo=false visibility=960 delay=0 → receipts-llm-validation-queue-dlq after 3',
    ]);
    expect(world.services.efs).toBeUndefined();
    expect(world.uploads).toHaveLength(3);
  });

  it('seed: the two FIFO queues of §8.2 with FIFO DLQs after 3 receives, the EFS mount, no other queue', () => {
    const world = new PipelineWorldBuilder(simulation('seed')).profile('seed').receipts(2).build();
    expect(queueTable(world)).toEqual([
      'lines.fifo fifo=true visibility=1200 delay=0 → lines-dlq.fifo after 3',
      'words.fifo fifo=true visibility=1200 delay=0 → words-dlq.fifo after 3',
    ]);
    expect(world.services.efs).toBeDefined();
    expect(world.uploads).toHaveLength(2);
  });

  it('keeps the compaction mapping within what a FIFO queue accepts: batches of 10 and no batching window', () => {
    const flags = { ...findProfile('head').flags, queueType: 'fifoPerCollection' as const };
    expect(compactionMappingFor(flags)).toMatchObject({ batchSize: 10, batchingWindowMs: 0, maximumConcurrency: 2, reportBatchItemFailures: true });
    expect(compactionMappingFor(findProfile('head').flags)).toMatchObject({ batchSize: 1_000, batchingWindowMs: 5_000, maximumConcurrency: 2 });
    expect(compactionMappingFor({ ...findProfile('seed').flags, unknownItemIdentifier: 'unknownIgnored' })).toMatchObject({
      batchSize: 10,
      batchingWindowMs: 0,
      unknownItemIdentifier: 'unknownIgnored',
    });
    expect(['standard', 'fifoPerEntity', 'fifoPerCollection'].map((q) => messageGroupIdsFor(q as 'standard'))).toEqual(['none', 'perImage', 'perCollection']);
  });

  it('the stream processor groups FIFO messages as the flag queueType says (per receipt image, or per collection)', async () => {
    const groupsSeen = async (queueType: 'fifoPerEntity' | 'fifoPerCollection'): Promise<{ groups: string[]; images: string[] }> => {
      const sim = simulation('seed');
      const world = new PipelineWorldBuilder(sim).profile('seed').flags({ queueType, closeBeforeTar: true }).receipts(2).build();
      const groups = new Set<string>();
      sim.spawn('watcher', async () => {
        for (let i = 0; i < 600; i++) {
          for (const queue of [world.queues.lines, world.queues.words]) {
            for (const m of world.services.queues.messages(queue.url)) groups.add(m.messageGroupId ?? 'none');
          }
          await sim.sleep(100);
        }
      });
      await sim.run(world.horizonMs);
      return { groups: [...groups].sort(), images: world.uploads.map((u) => u.receipt.image_id) };
    };
    const perImage = await groupsSeen('fifoPerEntity');
    expect(perImage.groups).toEqual(perImage.images.flatMap((image) => [`COMPACTION_RUN:${image}:lines`, `COMPACTION_RUN:${image}:words`]).sort());
    expect((await groupsSeen('fifoPerCollection')).groups).toEqual(['compaction:lines', 'compaction:words']);
  });

  it('refuses at build, naming the flag, the lock modes the era handler refuses', () => {
    expect(() => new PipelineWorldBuilder(simulation('head')).profile('head').flags({ lockMode: 'twoPhase' }).build()).toThrow(UsageError);
    expect(() => new PipelineWorldBuilder(simulation('head')).profile('head').flags({ lockMode: 'twoPhase' }).build()).toThrow(/lockMode=twoPhase/);
    expect(() => new PipelineWorldBuilder(simulation('seed')).profile('seed').flags({ lockMode: 'singleHeartbeat' }).build()).toThrow(/--flag lockMode=twoPhase/);
  });

  it('refuses knobs that are not non-negative integers', () => {
    expect(() => new PipelineWorldBuilder(simulation('head')).receipts(-1).build()).toThrow(RangeError);
    expect(() => new PipelineWorldBuilder(simulation('head')).labelRenames(1.5).build()).toThrow(RangeError);
  });
});
