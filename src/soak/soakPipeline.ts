import { type CompactionHandler, compactionHandler } from '../pipeline/compaction/compactionHandler.js';
import { deployedCompactionConfig } from '../pipeline/compaction/compactionHandlerConfig.js';
import { type UploadReceiptResult, uploadReceiptConfig } from '../pipeline/ingest/ingestPorts.js';
import type { OcrReceipt } from '../pipeline/ingest/ocrReceipt.js';
import { uploadReceiptHandler } from '../pipeline/ingest/uploadReceiptHandler.js';
import { streamProcessorOptions } from '../pipeline/stream/options.js';
import { streamProcessorHandler } from '../pipeline/stream/streamProcessor.js';
import { llmValidationConsumer } from '../pipeline/validation/llmValidationConsumer.js';
import type { StreamSource } from '../ports/stream.js';
import { deploymentFor, messageGroupIdsFor, type FunctionDeployment } from '../harness/world/deployment.js';
import { streamMappingFor } from '../harness/world/pipelineFunctions.js';
import type { QueueRole } from '../harness/world/pipelineQueues.js';
import { UsageError } from '../sim/errors.js';
import { Invocations, SoakContainer } from './invocations.js';
import type { SoakQueue } from './soakResources.js';
import type { SoakServices } from './soakServices.js';
import { type SqsHandler, consumeQueue } from './sqsConsumer.js';
import { type StreamPoller, feedSource, streamSource } from './streamPoller.js';
import type { WriteFeedTable } from './writeFeedTable.js';

/**
 * The handlers of one soak run wired as `pipelineFunctions.ts` wires them in a simulated world, with the
 * same configuration (spec §2.1, §3.1, §6.2, §8.3), running as concurrent loops in this process: the
 * stream poller, `compactors` pollers per compaction queue, `validators` pollers of the LLM validation
 * queue (head), one ack-only poller per summary and line-item queue, and the upload function the workload
 * invokes. `stop` ends every loop after its current invocation.
 */
export interface PipelineConcurrency {
  readonly compactors: number;
  readonly validators: number;
  readonly waitTimeSeconds: number;
  readonly retryDelaySeconds: number;
}

export interface SoakPipeline {
  readonly invocations: Invocations;
  readonly stream: StreamPoller;
  readonly loops: Promise<void>;
  upload(receipt: OcrReceipt, index: number): Promise<UploadReceiptResult | undefined>;
}

export type StreamInput = { readonly kind: 'feed'; readonly feed: WriteFeedTable } | { readonly kind: 'stream'; readonly source: StreamSource };

export function startSoakPipeline(services: SoakServices, queues: readonly SoakQueue[], input: StreamInput, concurrency: PipelineConcurrency, stop: AbortSignal): SoakPipeline {
  const { flags, telemetry, clock } = services;
  const deployment = deploymentFor(flags.era);
  const invocations = new Invocations();
  const queueOf = (role: QueueRole): SoakQueue | undefined => queues.find((q) => q.role === role);
  const lines = queueOf('lines')!;
  const words = queueOf('words')!;
  const summary = queueOf('summary');
  const lineItems = queueOf('lineItems');
  const llmValidation = queueOf('llmValidation');
  const container = (fn: FunctionDeployment, id: string): SoakContainer => new SoakContainer(fn.name, id, services.workDirectory, fn.timeoutMs, clock);
  const log = telemetry.log;

  const processor = streamProcessorHandler(
    { queue: services.queue, clock, metrics: telemetry, log },
    {
      environment: {
        LINES_QUEUE_URL: lines.url,
        WORDS_QUEUE_URL: words.url,
        ...(summary === undefined ? {} : { RECEIPT_SUMMARY_QUEUE_URL: summary.url }),
        ...(lineItems === undefined ? {} : { LINE_ITEM_QUEUE_URL: lineItems.url }),
      },
      options: streamProcessorOptions(flags.era, { messageGroupIds: messageGroupIdsFor(flags.queueType), insertMessages: flags.streamInserts }),
    },
  );
  const delivery = {
    invoke: (records: Parameters<typeof processor>[0]['records']) => processor({ records }),
    container: container(deployment.streamProcessor, 'stream-processor-1'),
    invocations,
    clock,
    maximumRetryAttempts: Math.min(streamMappingFor(flags.era, flags.streamRetries).maximumRetryAttempts, 100),
    stop,
  };
  const stream = input.kind === 'feed' ? feedSource(input.feed, delivery) : streamSource(input.source, delivery);

  const loops: Promise<void>[] = [stream.run];
  const poll = (fn: FunctionDeployment, queue: SoakQueue, handler: SqsHandler, count: number, batchSize = 10): void => {
    for (let i = 1; i <= count; i++) {
      const settings = { functionName: fn.name, queue, batchSize, waitTimeSeconds: concurrency.waitTimeSeconds, retryDelaySeconds: concurrency.retryDelaySeconds, unknownItemIdentifier: flags.unknownItemIdentifier, actor: `${fn.name}-${queue.role}~${i}` };
      loops.push(consumeQueue(services.queue, settings, handler, container(fn, `${fn.name}-${queue.role}-${i}`), invocations, clock, stop));
    }
  };
  const compaction = buildCompactionHandler(services, lines.url, words.url);
  poll(deployment.compaction, lines, compaction, concurrency.compactors);
  poll(deployment.compaction, words, compaction, concurrency.compactors);
  const ackOnly: FunctionDeployment = { name: 'ack-only-consumer', timeoutMs: 60_000, ephemeralStorageBytes: 512 * 1024 * 1024 };
  for (const queue of [summary, lineItems]) if (queue !== undefined) poll(ackOnly, queue, async () => ({ batchItemFailures: [] }), 1);
  if (deployment.llmValidation !== undefined && llmValidation !== undefined) {
    const consumer = llmValidationConsumer({ table: services.table, clock, llm: services.llm, store: services.store, log, metrics: telemetry });
    // §6.2: batch size 1.
    poll(deployment.llmValidation, llmValidation, (event) => consumer(event), concurrency.validators, 1);
  }

  const uploadHandler = uploadReceiptHandler(
    {
      table: services.table,
      store: services.store,
      clock,
      random: services.random,
      tasks: services.tasks,
      vectorStores: services.vectorStores,
      merchants: services.merchants,
      llm: services.llm,
      ...(flags.era === 'head' ? { queue: services.queue } : {}),
      metrics: telemetry,
      log,
    },
    uploadReceiptConfig(flags, llmValidation?.url),
  );
  return {
    invocations,
    stream,
    loops: Promise.all(loops).then(() => undefined),
    async upload(receipt, index) {
      const host = container(deployment.upload, `upload-ocr-${index}`);
      try {
        return (await invocations.run(deployment.upload.name, () => uploadHandler({ receipt }, host.context()))).result;
      } finally {
        await host.discard();
      }
    },
  };
}

/** The era's compaction handler with the environment of §3.1 / §8.3; a refused flag combination is a usage error. */
function buildCompactionHandler(services: SoakServices, linesUrl: string, wordsUrl: string): CompactionHandler {
  const { flags } = services;
  const config = deployedCompactionConfig(flags, services.store.bucket, linesUrl, wordsUrl);
  const { table, store, queue, clock, random, tasks, vectorStores, efs, telemetry } = services;
  try {
    return compactionHandler({ table, store, queue, clock, random, tasks, vectorStores, ...(efs === undefined ? {} : { efs }), log: telemetry.log, metrics: telemetry }, config);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new UsageError(`flags era=${flags.era} and lockMode=${flags.lockMode} do not go together (${error.message}); pick another --profile`);
  }
}
