import type { StreamMappingConfig } from '../../adapters/memory/dynamodb/streamMapping.js';
import { streamProcessorMappingConfig } from '../../adapters/memory/dynamodb/streamMapping.js';
import type { SqsEventSourceMappingConfig } from '../../adapters/memory/lambda/sqsEventSourceMapping.js';
import type { Era, PipelineFlags, QueueType } from '../../pipeline/config/flags.js';
import type { MessageGroupIds } from '../../pipeline/stream/options.js';
import type { QueueConfig } from '../../ports/queue.js';

/**
 * The deployment a world runs on: function timeouts, memory-bound /tmp sizes, reserved concurrency,
 * event source mapping settings and queue configurations, with the numbers of the spec. The era decides
 * the functions and the compaction mappings (§2.1, §3.1, §6.2 head; §8.2, §8.3, §8.6 seed); the flag
 * `queueType` decides the queues (§2.8 Standard, or the FIFO queues of §8.2).
 */
export interface FunctionDeployment {
  readonly name: string;
  readonly timeoutMs: number;
  readonly reservedConcurrency?: number;
  readonly ephemeralStorageBytes: number;
}

export interface QueueDeployment {
  readonly config: QueueConfig;
  readonly maxReceiveCount: number;
}

export interface EraDeployment {
  readonly streamProcessor: FunctionDeployment;
  readonly streamMapping: StreamMappingConfig;
  readonly compaction: FunctionDeployment;
  readonly compactionMapping: Pick<SqsEventSourceMappingConfig, 'batchSize' | 'batchingWindowMs' | 'maximumConcurrency'>;
  readonly upload: FunctionDeployment;
  /** Head only: the async LLM validation consumer (§6.2). */
  readonly llmValidation?: FunctionDeployment;
}

const mb = 1024 * 1024;

/**
 * §2.1, §3.1, §6.2. The validation consumer is "the same container Lambda" as the upload; it is registered
 * as a function of its own (same image, 900 s to fit under the queue's 960 s visibility) so that its
 * invocations can be told apart in the trace.
 */
export const headDeployment: EraDeployment = {
  streamProcessor: { name: 'stream-processor', timeoutMs: 120_000, ephemeralStorageBytes: 512 * mb },
  streamMapping: streamProcessorMappingConfig,
  compaction: { name: 'compaction', timeoutMs: 900_000, reservedConcurrency: 4, ephemeralStorageBytes: 10_240 * mb },
  compactionMapping: { batchSize: 1_000, batchingWindowMs: 5_000, maximumConcurrency: 2 },
  upload: { name: 'upload-ocr', timeoutMs: 600_000, ephemeralStorageBytes: 2_048 * mb },
  llmValidation: { name: 'llm-validation', timeoutMs: 900_000, ephemeralStorageBytes: 2_048 * mb },
};

/** §8.2, §8.3, §8.6 (as of 2025-11-14). */
export const seedDeployment: EraDeployment = {
  streamProcessor: { name: 'stream-processor', timeoutMs: 120_000, ephemeralStorageBytes: 512 * mb },
  streamMapping: streamProcessorMappingConfig,
  compaction: { name: 'compaction', timeoutMs: 300_000, reservedConcurrency: 10, ephemeralStorageBytes: 5_120 * mb },
  compactionMapping: { batchSize: 10, batchingWindowMs: 0 },
  upload: { name: 'upload-ocr', timeoutMs: 600_000, ephemeralStorageBytes: 2_048 * mb },
};

export const deploymentFor = (era: Era): EraDeployment => (era === 'head' ? headDeployment : seedDeployment);

/** The compaction mapping of the era, within what a FIFO queue accepts (batches of 10, no window). */
export function compactionMappingFor(flags: Pick<PipelineFlags, 'era' | 'queueType' | 'unknownItemIdentifier'>): SqsEventSourceMappingConfig {
  const mapping = deploymentFor(flags.era).compactionMapping;
  const fifo = flags.queueType !== 'standard';
  return {
    ...mapping,
    batchSize: fifo ? Math.min(mapping.batchSize, 10) : mapping.batchSize,
    batchingWindowMs: fifo ? 0 : mapping.batchingWindowMs,
    reportBatchItemFailures: true,
    unknownItemIdentifier: flags.unknownItemIdentifier,
  };
}

/** The queues the stream processor sends to, by role (§2.8; the seed era has only LINES and WORDS, §8.2). */
export interface QueueSet {
  readonly lines: QueueDeployment;
  readonly words: QueueDeployment;
  readonly summary?: QueueDeployment;
  readonly lineItems?: QueueDeployment;
}

const retention = { messageRetentionSeconds: 345_600, receiveWaitTimeSeconds: 20 };

function queue(name: string, fifo: boolean, visibilityTimeoutSeconds: number, delaySeconds: number, maxReceiveCount: number): QueueDeployment {
  return {
    config: { ...retention, name: fifo ? `${name}.fifo` : name, fifo, contentBasedDeduplication: fifo, visibilityTimeoutSeconds, delaySeconds },
    maxReceiveCount,
  };
}

/**
 * Standard: §2.8 (lines/words 900 s, maxReceiveCount 100; summary 120 s and line-item 240 s, delay 15 s,
 * maxReceiveCount 3). FIFO: §8.2 (content-based dedup, 1200 s, maxReceiveCount 3); in the FIFO era every
 * queue was FIFO (§2.7), so the head era's summary and line-item queues are FIFO there too.
 */
export function queuesFor(era: Era, queueType: QueueType): QueueSet {
  const fifo = queueType !== 'standard';
  const compaction = fifo ? { visibility: 1_200, maxReceiveCount: 3 } : { visibility: 900, maxReceiveCount: 100 };
  const lines = queue('lines', fifo, compaction.visibility, 0, compaction.maxReceiveCount);
  const words = queue('words', fifo, compaction.visibility, 0, compaction.maxReceiveCount);
  if (era === 'seed') return { lines, words };
  return { lines, words, summary: queue('summary', fifo, 120, 15, 3), lineItems: queue('line-item', fifo, 240, 15, 3) };
}

/** §6.2: the async validation queue (its ARN must end with `-llm-validation-queue`). */
export const llmValidationQueue: QueueDeployment = {
  config: { ...retention, name: 'receipts-llm-validation-queue', fifo: false, contentBasedDeduplication: false, visibilityTimeoutSeconds: 960, delaySeconds: 0 },
  maxReceiveCount: 3,
};

/**
 * The stream processor's FIFO `MessageGroupId` for the flag: Standard queues take none; `fifoPerEntity`
 * is the seed date's per-receipt grouping `COMPACTION_RUN:{image_id}:{collection}` (from 2025-10-30, §8.2);
 * `fifoPerCollection` is `compaction:{collection}` (from 2025-12-22, §2.7).
 */
export function messageGroupIdsFor(queueType: QueueType): MessageGroupIds {
  switch (queueType) {
    case 'standard':
      return 'none';
    case 'fifoPerEntity':
      return 'perImage';
    case 'fifoPerCollection':
      return 'perCollection';
  }
}

/** The DLQ of a queue (§2.8: 14 days, visibility 300 s, no wait; FIFO for FIFO queues, §8.2). */
export function deadLetterQueueOf(queue: QueueConfig): QueueConfig {
  const name = queue.fifo ? queue.name.replace(/\.fifo$/, '-dlq.fifo') : `${queue.name}-dlq`;
  return {
    name,
    fifo: queue.fifo,
    contentBasedDeduplication: queue.fifo,
    visibilityTimeoutSeconds: 300,
    messageRetentionSeconds: 1_209_600,
    receiveWaitTimeSeconds: 0,
    delaySeconds: 0,
  };
}
