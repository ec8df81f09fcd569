import type { Queue, ReceivedMessage, SqsRecord } from '../../ports/queue.js';
import type { Log } from '../observability.js';
import { errorText } from '../snapshot/errorText.js';
import type { CompactionEnvironment } from './compactionHandlerConfig.js';

/**
 * The head handler's extra fetch ("phase 2", §3.2 step 1) and its cleanup (step 6). Messages fetched
 * here are in flight for 900 s under this invocation, outside the event source mapping: only the handler
 * can delete them, and it does so only when the whole invocation succeeded.
 */
export const extraFetchReceive = { maxMessages: 10, visibilityTimeoutSeconds: 900, waitTimeSeconds: 0 } as const;

/** §3.2 step 6: DeleteMessageBatch takes at most 10 entries. */
export const deleteBatchSize = 10;

export interface ExtraFetch {
  readonly queueUrl: string;
  readonly records: readonly SqsRecord[];
}

/** §3.2 step 1: `lines` → LINES_QUEUE_URL, anything else → WORDS_QUEUE_URL. */
export function extraFetchQueueUrl(first: SqsRecord, environment: CompactionEnvironment): string {
  return first.attributes.collection === 'lines' ? environment.LINES_QUEUE_URL : environment.WORDS_QUEUE_URL;
}

/**
 * While the total is below `maxMessages`, receive up to 10 more; stop on an empty response or an error.
 * Fetched messages take the event-record shape (the source ARN of the batch they join).
 */
export async function fetchAdditionalMessages(queue: Queue, log: Log, batch: readonly SqsRecord[], environment: CompactionEnvironment, maxMessages: number): Promise<ExtraFetch> {
  const first = batch[0];
  if (first === undefined) return { queueUrl: environment.LINES_QUEUE_URL, records: [] };
  const queueUrl = extraFetchQueueUrl(first, environment);
  const records: SqsRecord[] = [];
  while (batch.length + records.length < maxMessages) {
    let received: readonly ReceivedMessage[];
    try {
      received = await queue.receiveMessage(queueUrl, extraFetchReceive);
    } catch (error) {
      log('warning', 'Additional message fetch failed', { queueUrl, error: errorText(error) });
      break;
    }
    if (received.length === 0) break;
    for (const m of received) {
      records.push({
        messageId: m.messageId,
        receiptHandle: m.receiptHandle,
        body: m.body,
        attributes: m.attributes,
        receiveCount: m.receiveCount,
        sentTimestamp: m.sentTimestamp,
        eventSourceARN: first.eventSourceARN,
        ...(m.messageGroupId === undefined ? {} : { messageGroupId: m.messageGroupId }),
      });
    }
  }
  if (records.length > 0) log('info', 'Fetched additional messages', { queueUrl, fetched: records.length, total: batch.length + records.length });
  return { queueUrl, records };
}

/** §3.2 step 6: delete the fetched messages in chunks of 10; failures are logged (they return after 900 s). */
export async function deleteFetchedMessages(queue: Queue, log: Log, fetch: ExtraFetch): Promise<void> {
  for (let start = 0; start < fetch.records.length; start += deleteBatchSize) {
    const entries = fetch.records.slice(start, start + deleteBatchSize).map((r, i) => ({ id: String(i), receiptHandle: r.receiptHandle }));
    try {
      const { failed } = await queue.deleteMessageBatch(fetch.queueUrl, entries);
      if (failed.length > 0) log('warning', 'Some fetched messages were not deleted', { queueUrl: fetch.queueUrl, failed: failed.length });
    } catch (error) {
      log('warning', 'Deleting fetched messages failed', { queueUrl: fetch.queueUrl, error: errorText(error) });
    }
  }
}
