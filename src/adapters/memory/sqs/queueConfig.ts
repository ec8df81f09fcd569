import { ValidationError } from '../../../ports/errors.js';
import type { QueueConfig, ReceiveRequest, SendEntry } from '../../../ports/queue.js';

/** The limits SQS enforces on queue attributes, requests and entries. */
export const limits = {
  maxBatchEntries: 10,
  maxBatchBytes: 262_144,
  maxVisibilityTimeoutSeconds: 43_200,
  maxDelaySeconds: 900,
  maxWaitTimeSeconds: 20,
  deduplicationIntervalMs: 5 * 60_000,
} as const;

function inRange(value: number, min: number, max: number): boolean {
  return Number.isFinite(value) && value >= min && value <= max;
}

/** Rejects what CreateQueue / SetQueueAttributes would reject. */
export function validateQueueConfig(config: QueueConfig, deadLetterQueue: QueueConfig | undefined): void {
  const problems: string[] = [];
  if (config.fifo !== config.name.endsWith('.fifo')) problems.push('a FIFO queue name ends in .fifo, and only a FIFO queue name does');
  if (config.contentBasedDeduplication && !config.fifo) problems.push('ContentBasedDeduplication applies to FIFO queues only');
  if (!inRange(config.visibilityTimeoutSeconds, 0, limits.maxVisibilityTimeoutSeconds)) problems.push('VisibilityTimeout must be 0..43200');
  if (!inRange(config.messageRetentionSeconds, 60, 1_209_600)) problems.push('MessageRetentionPeriod must be 60..1209600');
  if (!inRange(config.receiveWaitTimeSeconds, 0, limits.maxWaitTimeSeconds)) problems.push('ReceiveMessageWaitTimeSeconds must be 0..20');
  if (!inRange(config.delaySeconds, 0, limits.maxDelaySeconds)) problems.push('DelaySeconds must be 0..900');
  if (config.redrive !== undefined) {
    if (deadLetterQueue === undefined) problems.push(`dead-letter queue ${config.redrive.deadLetterQueueUrl} does not exist`);
    else if (deadLetterQueue.fifo !== config.fifo) problems.push('the dead-letter queue must be of the same type (Standard or FIFO)');
    if (!Number.isInteger(config.redrive.maxReceiveCount) || !inRange(config.redrive.maxReceiveCount, 1, 1000)) {
      problems.push('maxReceiveCount must be 1..1000');
    }
  }
  if (problems.length > 0) throw new ValidationError(`queue ${config.name}: ${problems.join('; ')}`);
}

/** Why SendMessageBatch would report this entry as failed by the sender's fault (an error code), if it would. */
export function entryProblem(config: QueueConfig, entry: SendEntry): string | undefined {
  if (entry.delaySeconds !== undefined && !inRange(entry.delaySeconds, 0, limits.maxDelaySeconds)) return 'InvalidParameterValue';
  if (!config.fifo) return entry.messageDeduplicationId === undefined ? undefined : 'InvalidParameterValue';
  if (entry.messageGroupId === undefined || entry.messageGroupId === '') return 'MissingParameter';
  // FIFO queues take a delay per queue only, and need a deduplication id unless content-based.
  if (entry.delaySeconds !== undefined) return 'InvalidParameterValue';
  if (entry.messageDeduplicationId === undefined && !config.contentBasedDeduplication) return 'InvalidParameterValue';
  return undefined;
}

export function validateReceive(request: ReceiveRequest): void {
  if (!Number.isInteger(request.maxMessages) || !inRange(request.maxMessages, 1, limits.maxBatchEntries)) {
    throw new ValidationError('MaxNumberOfMessages must be 1..10');
  }
  const visibility = request.visibilityTimeoutSeconds;
  if (visibility !== undefined && !inRange(visibility, 0, limits.maxVisibilityTimeoutSeconds)) {
    throw new ValidationError('VisibilityTimeout must be 0..43200');
  }
  const wait = request.waitTimeSeconds;
  if (wait !== undefined && !inRange(wait, 0, limits.maxWaitTimeSeconds)) throw new ValidationError('WaitTimeSeconds must be 0..20');
}
