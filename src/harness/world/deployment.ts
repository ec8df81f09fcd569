import type { Era } from '../../pipeline/config/flags.js';
import type { QueueConfig } from '../../ports/queue.js';

/**
 * The deployment each era runs on: function timeouts, memory-bound /tmp sizes, reserved concurrency,
 * event source mapping settings and queue configurations, with the numbers of the spec.
 */
export interface FunctionDeployment {
  readonly name: string;
  readonly timeoutMs: number;
  readonly reservedConcurrency?: number;
  readonly ephemeralStorageBytes: number;
}

export interface CompactionMappingDeployment {
  readonly batchSize: number;
  readonly batchingWindowMs: number;
  readonly maximumConcurrency?: number;
}

export interface Deployment {
  readonly streamProcessor: FunctionDeployment;
  readonly streamMapping: { readonly batchingWindowMs: number; readonly parallelizationFactor: number };
  readonly compaction: FunctionDeployment;
  readonly compactionMapping: CompactionMappingDeployment;
  readonly upload: FunctionDeployment;
  readonly llmValidation?: FunctionDeployment;
  /** Queue configurations by role; the DLQ of each is created from `deadLetter`. */
  readonly queues: {
    readonly lines: QueueConfig;
    readonly words: QueueConfig;
    readonly summary?: QueueConfig;
    readonly lineItems?: QueueConfig;
    readonly llmValidation?: QueueConfig;
  };
  readonly maxReceiveCount: { readonly compaction: number; readonly ackOnly: number };
}

const mb = 1024 * 1024;
const standard = { fifo: false, contentBasedDeduplication: false, messageRetentionSeconds: 345_600, receiveWaitTimeSeconds: 20 };

/** §2.1, §2.8, §3.1, §6.1, §6.2. */
export const headDeployment: Deployment = {
  streamProcessor: { name: 'stream-processor', timeoutMs: 120_000, ephemeralStorageBytes: 512 * mb },
  streamMapping: { batchingWindowMs: 5_000, parallelizationFactor: 5 },
  compaction: { name: 'compaction', timeoutMs: 900_000, reservedConcurrency: 4, ephemeralStorageBytes: 10_240 * mb },
  compactionMapping: { batchSize: 1_000, batchingWindowMs: 5_000, maximumConcurrency: 2 },
  upload: { name: 'upload-ocr', timeoutMs: 600_000, ephemeralStorageBytes: 2_048 * mb },
  llmValidation: { name: 'llm-validation', timeoutMs: 900_000, ephemeralStorageBytes: 2_048 * mb },
  queues: {
    lines: { ...standard, name: 'lines', visibilityTimeoutSeconds: 900, delaySeconds: 0 },
    words: { ...standard, name: 'words', visibilityTimeoutSeconds: 900, delaySeconds: 0 },
    summary: { ...standard, name: 'summary', visibilityTimeoutSeconds: 120, delaySeconds: 15 },
    lineItems: { ...standard, name: 'line-item', visibilityTimeoutSeconds: 240, delaySeconds: 15 },
    llmValidation: { ...standard, name: 'receipts-llm-validation-queue', visibilityTimeoutSeconds: 960, delaySeconds: 0 },
  },
  maxReceiveCount: { compaction: 100, ackOnly: 3 },
};

const fifo = { fifo: true, contentBasedDeduplication: true, messageRetentionSeconds: 345_600, receiveWaitTimeSeconds: 20 };

/** §8.2, §8.3, §8.6 (as of 2025-11-14). */
export const seedDeployment: Deployment = {
  streamProcessor: { name: 'stream-processor', timeoutMs: 120_000, ephemeralStorageBytes: 512 * mb },
  streamMapping: { batchingWindowMs: 5_000, parallelizationFactor: 5 },
  compaction: { name: 'compaction', timeoutMs: 300_000, reservedConcurrency: 10, ephemeralStorageBytes: 5_120 * mb },
  compactionMapping: { batchSize: 10, batchingWindowMs: 0 },
  upload: { name: 'upload-ocr', timeoutMs: 600_000, ephemeralStorageBytes: 2_048 * mb },
  queues: {
    lines: { ...fifo, name: 'lines.fifo', visibilityTimeoutSeconds: 1_200, delaySeconds: 0 },
    words: { ...fifo, name: 'words.fifo', visibilityTimeoutSeconds: 1_200, delaySeconds: 0 },
  },
  maxReceiveCount: { compaction: 3, ackOnly: 3 },
};

export const deploymentFor = (era: Era): Deployment => (era === 'head' ? headDeployment : seedDeployment);

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
