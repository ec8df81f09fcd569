import { type StreamMappingConfig, StreamEventSourceMapping } from '../../adapters/memory/dynamodb/streamMapping.js';
import { createLambdaTmp } from '../../adapters/memory/fs/memoryFileSystem.js';
import type { Invoker } from '../../adapters/memory/lambda/invocation.js';
import { SqsEventSourceMapping, type SqsEventSourceMappingConfig } from '../../adapters/memory/lambda/sqsEventSourceMapping.js';
import { type CompactionHandler, compactionHandler } from '../../pipeline/compaction/compactionHandler.js';
import { type CompactionHandlerPorts, deployedCompactionConfig } from '../../pipeline/compaction/compactionHandlerConfig.js';
import type { Era, StreamRetries } from '../../pipeline/config/flags.js';
import { uploadReceiptConfig } from '../../pipeline/ingest/ingestPorts.js';
import type { UploadReceiptPorts, UploadReceiptResult } from '../../pipeline/ingest/ingestPorts.js';
import { type UploadReceiptEvent, uploadReceiptHandler } from '../../pipeline/ingest/uploadReceiptHandler.js';
import { streamProcessorOptions } from '../../pipeline/stream/options.js';
import { streamProcessorHandler } from '../../pipeline/stream/streamProcessor.js';
import { llmValidationConsumer } from '../../pipeline/validation/llmValidationConsumer.js';
import type { FileSystem } from '../../ports/fileSystem.js';
import type { InvocationContext } from '../../ports/lambda.js';
import type { SqsBatch, SqsBatchResponse } from '../../ports/queue.js';
import type { StreamBatch } from '../../ports/stream.js';
import { UsageError } from '../../sim/errors.js';
import { type FunctionDeployment, compactionMappingFor, deploymentFor, messageGroupIdsFor } from './deployment.js';
import type { DeployedQueue, PipelineQueues } from './pipelineQueues.js';
import type { PipelineServices } from './pipelineServices.js';

/**
 * The Lambda functions of a world and the event source mappings that invoke them:
 * - the stream processor behind the table's stream mapping (§2.1), its FIFO group ids following the flag
 *   `queueType`;
 * - the compaction function behind one SQS mapping per compaction queue, with the era's batch size,
 *   window and maximum concurrency, `ReportBatchItemFailures` and the flag `unknownItemIdentifier` (§3.1,
 *   §8.3);
 * - an ack-only consumer for RECEIPT_SUMMARY and LINE_ITEMS (their consumers are out of scope);
 * - the upload/OCR function (invoked by the workload) and, in the head era, the LLM validation consumer
 *   behind its queue (batch 1, §6.2).
 */
export interface PipelineFunctions {
  readonly streamMapping: StreamEventSourceMapping;
  readonly upload: Invoker<UploadReceiptEvent, UploadReceiptResult>;
}

const ackOnlyMapping: SqsEventSourceMappingConfig = {
  batchSize: 10,
  batchingWindowMs: 0,
  maximumConcurrency: 2,
  reportBatchItemFailures: true,
  unknownItemIdentifier: 'wholeBatchRetried',
};

export function deployFunctions(services: PipelineServices, queues: PipelineQueues): PipelineFunctions {
  const { sim, flags, telemetry } = services;
  const deployment = deploymentFor(flags.era);
  const register = <Event, Result>(fn: FunctionDeployment, handler: (event: Event, context: InvocationContext) => Promise<Result>): Invoker<Event, Result> =>
    services.runtime.register<Event, Result>({
      ...fn,
      createTmp: (container: string, bytes: number): FileSystem => createLambdaTmp(sim, container, bytes),
      handler,
    });
  const attach = (queue: DeployedQueue | undefined, invoke: Invoker<SqsBatch, SqsBatchResponse>, config: SqsEventSourceMappingConfig): void => {
    if (queue !== undefined) new SqsEventSourceMapping(sim, services.queues, queue.url, invoke, config).start();
  };
  const log = telemetry.log;

  const streamProcessor = streamProcessorHandler(
    { queue: services.queues, clock: services.clock, metrics: telemetry, log },
    {
      environment: {
        LINES_QUEUE_URL: queues.lines.url,
        WORDS_QUEUE_URL: queues.words.url,
        ...(queues.summary === undefined ? {} : { RECEIPT_SUMMARY_QUEUE_URL: queues.summary.url }),
        ...(queues.lineItems === undefined ? {} : { LINE_ITEM_QUEUE_URL: queues.lineItems.url }),
      },
      options: streamProcessorOptions(flags.era, { messageGroupIds: messageGroupIdsFor(flags.queueType), insertMessages: flags.streamInserts }),
    },
  );
  const streamMapping = new StreamEventSourceMapping(
    sim,
    services.stream,
    register<StreamBatch, unknown>(deployment.streamProcessor, (event) => streamProcessor(event)),
    streamMappingFor(flags.era, flags.streamRetries),
  );
  streamMapping.start();

  const compaction = register<SqsBatch, SqsBatchResponse>(deployment.compaction, buildCompactionHandler(services, queues));
  attach(queues.lines, compaction, compactionMappingFor(flags));
  attach(queues.words, compaction, compactionMappingFor(flags));

  const ackOnly = register<SqsBatch, SqsBatchResponse>({ name: 'ack-only-consumer', timeoutMs: 60_000, ephemeralStorageBytes: 512 * 1024 * 1024 }, async () => ({ batchItemFailures: [] }));
  attach(queues.summary, ackOnly, ackOnlyMapping);
  attach(queues.lineItems, ackOnly, ackOnlyMapping);

  const uploadPorts: UploadReceiptPorts = {
    table: services.table,
    store: services.store,
    clock: services.clock,
    random: services.random,
    tasks: services.tasks,
    vectorStores: services.vectorStores,
    merchants: services.merchants,
    llm: services.llm,
    ...(flags.era === 'head' ? { queue: services.queues } : {}),
    metrics: telemetry,
    log,
  };
  const upload = register(deployment.upload, uploadReceiptHandler(uploadPorts, uploadReceiptConfig(flags, queues.llmValidation?.url)));

  if (deployment.llmValidation !== undefined && queues.llmValidation !== undefined) {
    const consumer = llmValidationConsumer({ table: services.table, clock: services.clock, llm: services.llm, store: services.store, log, metrics: telemetry });
    attach(queues.llmValidation, register<SqsBatch, SqsBatchResponse>(deployment.llmValidation, (event) => consumer(event)), {
      batchSize: 1,
      batchingWindowMs: 0,
      reportBatchItemFailures: true,
      unknownItemIdentifier: flags.unknownItemIdentifier,
    });
  }
  return { streamMapping, upload };
}

/**
 * The flag `streamRetries`: the stream mapping of §2.1 (3 retries, records older than 1 h discarded), or
 * retries without a limit (AWS allows -1; the fake's ceiling is 10 000) and no age limit but the stream's
 * 24 h retention, so a record is never discarded while the failures holding it back are transient.
 */
export function streamMappingFor(era: Era, flag: StreamRetries): StreamMappingConfig {
  const mapping = deploymentFor(era).streamMapping;
  return flag === 'spec' ? mapping : { ...mapping, maximumRetryAttempts: 10_000, maximumRecordAgeMs: 604_800_000 };
}

/** The compaction handler of the era; a flag combination the handler refuses is a usage error at build. */
function buildCompactionHandler(services: PipelineServices, queues: PipelineQueues): CompactionHandler {
  const { flags } = services;
  const ports: CompactionHandlerPorts = {
    table: services.table,
    store: services.store,
    queue: services.queues,
    clock: services.clock,
    random: services.random,
    tasks: services.tasks,
    vectorStores: services.vectorStores,
    ...(services.efs === undefined ? {} : { efs: services.efs }),
    log: services.telemetry.log,
    metrics: services.telemetry,
  };
  const config = deployedCompactionConfig(flags, services.store.bucket, queues.lines.url, queues.words.url);
  try {
    return compactionHandler(ports, config);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const advice = flags.era === 'seed' ? 'the seed era needs --flag lockMode=twoPhase' : 'use another --flag lockMode, or --flag era=seed';
    throw new UsageError(`flags era=${flags.era} and lockMode=${flags.lockMode} do not go together (${error.message}); ${advice}`);
  }
}
