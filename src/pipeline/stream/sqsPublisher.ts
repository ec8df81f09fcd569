import type { Queue, SendEntry } from '../../ports/queue.js';
import { messageGroupId } from './messageGroupId.js';
import type { Log, Metrics } from '../observability.js';
import type { StreamProcessorEnvironment, StreamProcessorOptions } from './options.js';
import type { QueueCollection } from './routing.js';
import { type StreamMessage, messageAttributes, messageBody } from './streamMessage.js';
import { StreamProcessorError } from './streamProcessorError.js';

/**
 * `publish_messages` (spec §2.7, §8.2): messages grouped by target queue (in order of first use), sent
 * with SendMessageBatch in chunks of 10, entry Id = the index in the chunk. Head: a missing queue URL, a
 * client error or any Failed entry raises, failing the stream batch; what was sent before stays sent, so
 * the retry publishes it again. Seed: a missing queue URL is logged and that queue skipped, Failed
 * entries are only logged (the messages are lost); a client error still raises. No deduplication id:
 * FIFO queues deduplicate by content, and the body holds the build time.
 */
export interface PublisherPorts {
  readonly queue: Queue;
  readonly metrics: Metrics;
  readonly log: Log;
}

export const queueUrlVariables: Readonly<Record<QueueCollection, keyof StreamProcessorEnvironment>> = {
  lines: 'LINES_QUEUE_URL',
  words: 'WORDS_QUEUE_URL',
  receipt_summary: 'RECEIPT_SUMMARY_QUEUE_URL',
  line_items: 'LINE_ITEM_QUEUE_URL',
};

const chunkSize = 10;

/** Returns the number of messages SQS accepted. */
export async function publishMessages(
  ports: PublisherPorts,
  environment: StreamProcessorEnvironment,
  options: StreamProcessorOptions,
  messages: readonly StreamMessage[],
): Promise<number> {
  const byQueue = new Map<QueueCollection, StreamMessage[]>();
  for (const message of messages) {
    for (const collection of message.collections) {
      const queued = byQueue.get(collection) ?? [];
      queued.push(message);
      byQueue.set(collection, queued);
    }
  }
  let sent = 0;
  for (const [collection, queued] of byQueue) {
    const variable = queueUrlVariables[collection];
    const url = environment[variable];
    if (url === undefined || url === '') {
      if (options.era === 'head') throw new StreamProcessorError('MissingQueueUrl', `${variable} is not set`);
      ports.log('error', `${variable} is not set; ${queued.length} messages not sent`, { collection });
      continue;
    }
    for (let start = 0; start < queued.length; start += chunkSize) {
      const entries = queued.slice(start, start + chunkSize).map((m, index) => sendEntry(m, collection, index, options));
      const result = await ports.queue.sendMessageBatch(url, entries);
      sent += result.successful.length;
      ports.metrics.count('StreamMessagesPublished', result.successful.length);
      if (result.failed.length === 0) continue;
      ports.metrics.count('StreamMessagesFailed', result.failed.length);
      const failed = result.failed.map((f) => `${f.id}:${f.code}`).join(', ');
      if (options.era === 'head') throw new StreamProcessorError('SendMessageBatchFailed', `${collection}: failed entries ${failed}`);
      ports.log('error', `SendMessageBatch to ${collection} had failed entries: ${failed}`, { collection });
    }
  }
  return sent;
}

function sendEntry(message: StreamMessage, collection: QueueCollection, index: number, options: StreamProcessorOptions): SendEntry {
  const groupId = messageGroupId(message, collection, options.messageGroupIds);
  return {
    id: String(index),
    body: messageBody(message),
    attributes: messageAttributes(message, collection),
    ...(groupId === undefined ? {} : { messageGroupId: groupId }),
  };
}
