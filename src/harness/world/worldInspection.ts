import type { PipelineInspection, QueueInspection } from '../../invariants/pipelineInspection.js';
import type { RunEnd } from '../../sim/simulation.js';
import type { PipelineFunctions } from './pipelineFunctions.js';
import type { PipelineQueues } from './pipelineQueues.js';
import type { PipelineServices } from './pipelineServices.js';

/** What the invariant checkers see of a pipeline world once its run stopped (read-only, no step taken). */
export function inspectPipeline(services: PipelineServices, queues: PipelineQueues, functions: PipelineFunctions, horizonMs: number, end: RunEnd): PipelineInspection {
  const { sim } = services;
  const queue = (url: string, deadLetter: boolean): QueueInspection => ({
    name: services.queues.configOf(url).name,
    deadLetter,
    ...services.queues.stats(url),
    messageIds: services.queues.messages(url).map((m) => m.messageId),
  });
  return {
    era: services.flags.era,
    end,
    horizonMs,
    epochMs: sim.epochMs,
    nowMs: sim.now,
    trace: sim.trace.steps,
    items: services.table.currentItems(),
    bucket: services.store,
    queues: queues.all.flatMap((q) => [queue(q.url, false), queue(q.deadLetterUrl, true)]),
    pendingStreamRecords: functions.streamMapping.pendingRecords(),
  };
}
