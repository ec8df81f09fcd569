import { createLambdaTmp } from '../../../../src/adapters/memory/fs/memoryFileSystem.js';
import type { InvocationContext } from '../../../../src/adapters/memory/lambda/invocation.js';
import { type FunctionConfig, LambdaRuntime } from '../../../../src/adapters/memory/lambda/runtime.js';
import {
  SqsEventSourceMapping,
  type SqsEventSourceMappingConfig,
} from '../../../../src/adapters/memory/lambda/sqsEventSourceMapping.js';
import { MemoryQueues } from '../../../../src/adapters/memory/sqs/memoryQueues.js';
import { Throttled } from '../../../../src/ports/errors.js';
import type { QueueConfig, SendBatchResult, SqsBatch, SqsBatchResponse } from '../../../../src/ports/queue.js';
import type { Simulation } from '../../../../src/sim/simulation.js';
import { fifoQueue, standardQueue } from '../sqs/queueConfigs.js';

export const tmpBytes = 512 * 1024 * 1024;

/** A function whose containers get a real in-memory `/tmp`. */
export function functionConfig<Event, Result>(
  sim: Simulation,
  name: string,
  handler: (event: Event, context: InvocationContext) => Promise<Result>,
  overrides: Partial<FunctionConfig<Event, Result>> = {},
): FunctionConfig<Event, Result> {
  return {
    name,
    timeoutMs: 300_000,
    ephemeralStorageBytes: tmpBytes,
    createTmp: (container, bytes) => createLambdaTmp(sim, container, bytes),
    handler,
    ...overrides,
  };
}

export interface MappingWorld {
  readonly queues: MemoryQueues;
  readonly runtime: LambdaRuntime;
  readonly url: string;
  readonly dlq: string;
  readonly mapping: SqsEventSourceMapping;
}

export interface MappingSetup {
  readonly fifo?: boolean;
  readonly queue?: Partial<QueueConfig>;
  readonly maxReceiveCount?: number;
  readonly function?: Partial<FunctionConfig<SqsBatch, SqsBatchResponse>>;
  readonly mapping?: Partial<SqsEventSourceMappingConfig>;
  /** Start the pollers when the world is built (default), or leave it to the test. */
  readonly start?: boolean;
}

/** A queue with a dead-letter queue, a function and an event source mapping between them. */
export function mappingWorld(
  sim: Simulation,
  handler: (batch: SqsBatch, context: InvocationContext) => Promise<SqsBatchResponse>,
  setup: MappingSetup = {},
): MappingWorld {
  const queues = new MemoryQueues(sim);
  const makeQueue = setup.fifo === true ? fifoQueue : standardQueue;
  const dlq = queues.createQueue(makeQueue('lines-dlq', { messageRetentionSeconds: 1_209_600, visibilityTimeoutSeconds: 300 }));
  const url = queues.createQueue(
    makeQueue('lines', {
      visibilityTimeoutSeconds: 60,
      redrive: { deadLetterQueueUrl: dlq, maxReceiveCount: setup.maxReceiveCount ?? 100 },
      ...setup.queue,
    }),
  );
  const runtime = new LambdaRuntime(sim);
  const invoke = runtime.register(functionConfig(sim, 'compaction', handler, setup.function));
  const mapping = new SqsEventSourceMapping(sim, queues, url, invoke, {
    batchSize: 10,
    batchingWindowMs: 0,
    reportBatchItemFailures: true,
    unknownItemIdentifier: 'wholeBatchRetried',
    ...setup.mapping,
  });
  if (setup.start !== false) mapping.start();
  return { queues, runtime, url, dlq, mapping };
}

/** Sends `count` messages with bodies `m0`, `m1`, ... in batches of 10 (retrying throttled requests) and returns their ids by body. */
export async function sendMessages(
  world: MappingWorld,
  count: number,
  group?: (index: number) => string,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (let start = 0; start < count; start += 10) {
    const entries = Array.from({ length: Math.min(10, count - start) }, (_, i) => ({
      id: String(i),
      body: `m${start + i}`,
      ...(group === undefined ? {} : { messageGroupId: group(start + i) }),
    }));
    let result: SendBatchResult | undefined;
    while (result === undefined) {
      try {
        result = await world.queues.sendMessageBatch(world.url, entries);
      } catch (error) {
        if (!(error instanceof Throttled)) throw error;
      }
    }
    for (const ok of result.successful) ids.set(entries[Number(ok.id)]!.body, ok.messageId);
  }
  return ids;
}
