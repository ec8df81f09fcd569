import { createLambdaTmp } from '../../../../src/adapters/memory/fs/memoryFileSystem.js';
import type { InvocationOutcome } from '../../../../src/adapters/memory/lambda/invocation.js';
import { LambdaRuntime } from '../../../../src/adapters/memory/lambda/runtime.js';
import { SqsEventSourceMapping } from '../../../../src/adapters/memory/lambda/sqsEventSourceMapping.js';
import type { SqsBatch, SqsBatchResponse } from '../../../../src/ports/queue.js';
import type { Era } from '../../../../src/pipeline/config/flags.js';
import type { CompactionFlags } from '../../../../src/pipeline/compaction/compactionHandlerConfig.js';
import type { CompactionWorld } from './compactionWorld.js';

/**
 * The compaction Lambda behind its two event source mappings, with the numbers of the era: head §3.1
 * (900 s, reserved concurrency 4, batch 1000, window 5 s, maximum concurrency 2), seed §8.3 (300 s,
 * reserved concurrency 10, batch 10, no window, no maximum concurrency).
 */
export interface CompactionDeployment {
  readonly runtime: LambdaRuntime;
  readonly outcomes: InvocationOutcome<SqsBatchResponse>['kind'][];
}

export function deployCompaction(world: CompactionWorld, era: Era, flags: Partial<CompactionFlags> = {}): CompactionDeployment {
  const runtime = new LambdaRuntime(world.sim);
  const head = era === 'head';
  const handler = world.handler(era, flags);
  const invoke = runtime.register<SqsBatch, SqsBatchResponse>({
    name: 'compaction',
    timeoutMs: head ? 900_000 : 300_000,
    reservedConcurrency: head ? 4 : 10,
    ephemeralStorageBytes: (head ? 10_240 : 5_120) * 1024 * 1024,
    createTmp: (container, bytes) => createLambdaTmp(world.sim, container, bytes),
    handler,
  });
  const outcomes: InvocationOutcome<SqsBatchResponse>['kind'][] = [];
  for (const url of Object.values(world.urls)) {
    new SqsEventSourceMapping(
      world.sim,
      world.queues,
      url,
      async (event, options) => {
        const outcome = await invoke(event, options);
        outcomes.push(outcome.kind);
        return outcome;
      },
      {
        batchSize: head ? 1_000 : 10,
        batchingWindowMs: head ? 5_000 : 0,
        ...(head ? { maximumConcurrency: 2 } : {}),
        reportBatchItemFailures: true,
        unknownItemIdentifier: 'wholeBatchRetried',
      },
    ).start();
  }
  return { runtime, outcomes };
}

/** Sleeps (as the calling actor) until both queues hold nothing and no invocation runs. */
export async function drained(world: CompactionWorld, deployment: CompactionDeployment): Promise<void> {
  const busy = (): boolean =>
    deployment.runtime.running() > 0 ||
    Object.values(world.urls).some((url) => {
      const stats = world.queues.stats(url);
      return stats.visible + stats.inFlight + stats.delayed > 0;
    });
  while (busy()) await world.sim.sleep(10_000);
}

/** Messages in the dead-letter queues. */
export function deadLetters(world: CompactionWorld): number {
  return Object.values(world.urls).reduce((sum, url) => {
    const dlq = world.queues.configOf(url).redrive?.deadLetterQueueUrl;
    return sum + (dlq === undefined ? 0 : world.queues.messages(dlq).length);
  }, 0);
}
