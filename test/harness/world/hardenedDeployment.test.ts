import { describe, expect, it } from 'vitest';
import { streamProcessorMappingConfig } from '../../../src/adapters/memory/dynamodb/streamMapping.js';
import { streamMappingFor } from '../../../src/harness/world/pipelineFunctions.js';
import { runPipeline } from './pipelineRuns.js';

const throttledForever = { 'esm.invokeThrottle': { rate: 1, always: true } } as const;

describe('hardened deployment flags (ours)', () => {
  it('streamRetries: the spec discards a record after 3 retries or 1 h; untilRetention retries it 10 000 times for up to 7 days', () => {
    expect(streamMappingFor('head', 'spec')).toEqual(streamProcessorMappingConfig);
    expect(streamMappingFor('head', 'untilRetention')).toEqual({ ...streamProcessorMappingConfig, maximumRetryAttempts: 10_000, maximumRecordAgeMs: 604_800_000 });
  });

  it('maxReceiveCount: an LLM validation message whose consumer is throttled for 2 h is dead-lettered after 3 receives (spec); with max1000 it is still waiting', async () => {
    for (const maxReceiveCount of ['spec', 'max1000'] as const) {
      const { world, end } = await runPipeline('head', 7, (b) => b.receipts(1).merchantFailureRate(0).llmRates({ labelPerWord: 1 }).flags({ maxReceiveCount }).horizonMs(2 * 3_600_000), throttledForever);
      expect(end).toBe('horizon');
      const queue = world.queues.llmValidation!;
      expect(world.services.queues.configOf(queue.url).redrive?.maxReceiveCount).toBe(maxReceiveCount === 'spec' ? 3 : 1_000);
      const dead = world.services.queues.messages(queue.deadLetterUrl).length;
      const waiting = world.services.queues.messages(queue.url).length;
      expect({ dead, waiting }, maxReceiveCount).toEqual(maxReceiveCount === 'spec' ? { dead: 1, waiting: 0 } : { dead: 0, waiting: 1 });
    }
  });
});
