import type { UnknownItemIdentifier } from '../pipeline/config/flags.js';
import type { Clock } from '../ports/clock.js';
import type { InvocationContext } from '../ports/lambda.js';
import type { Queue, ReceivedMessage, SqsBatch, SqsBatchResponse, SqsRecord } from '../ports/queue.js';
import type { Invocations, SoakContainer } from './invocations.js';
import { asActor } from './soakActor.js';
import type { SoakQueue } from './soakResources.js';

/**
 * One SQS poller of a soak run, standing in for a Lambda event source mapping with
 * ReportBatchItemFailures: long-poll up to `batchSize` messages, invoke the handler with them, delete the ones that
 * did not fail. A failed invocation fails the whole batch; an item identifier that is no messageId of the
 * batch fails the whole batch too (`wholeBatchRetried`) or is ignored (`unknownIgnored`), as the flag says.
 * Unlike the mapping, failed messages are made visible again after `retryDelaySeconds` instead of the
 * queue's visibility timeout (900 s for compaction), so that a soak drains in minutes; receive counts and
 * DLQ redrive are SQS's own.
 */
export interface ConsumerSettings {
  readonly functionName: string;
  readonly queue: SoakQueue;
  /** Messages per invocation, 1..10 (the head mappings of 1000 with a 5 s window receive 10 at a time here). */
  readonly batchSize: number;
  readonly waitTimeSeconds: number;
  readonly retryDelaySeconds: number;
  readonly unknownItemIdentifier: UnknownItemIdentifier;
  /** Who sends the poller's own requests (receive, delete, visibility) in the trace, e.g. `compaction-words~1`. */
  readonly actor: string;
}

export type SqsHandler = (event: SqsBatch, context: InvocationContext) => Promise<SqsBatchResponse>;

/** Polls the queue until `stop`, its own requests sent as the actor `settings.actor`. */
export function consumeQueue(...args: Parameters<typeof poll>): Promise<void> {
  return asActor(args[1].actor, () => poll(...args));
}

async function poll(
  queue: Queue,
  settings: ConsumerSettings,
  handler: SqsHandler,
  container: SoakContainer,
  invocations: Invocations,
  clock: Clock,
  stop: AbortSignal,
): Promise<void> {
  const { url } = settings.queue;
  while (!stop.aborted) {
    let messages: readonly ReceivedMessage[];
    try {
      messages = await queue.receiveMessage(url, { maxMessages: settings.batchSize, waitTimeSeconds: settings.waitTimeSeconds });
    } catch (error) {
      if (stop.aborted) return;
      invocations.noteError(`${settings.functionName} receive`, error);
      await clock.sleep(1_000);
      continue;
    }
    if (messages.length === 0) continue;
    const records = messages.map((m) => toRecord(m, settings.queue.arn));
    const { result, error } = await invocations.run(
      settings.functionName,
      () => handler({ records }, container.context()),
      (response) => ((response?.batchItemFailures.length ?? 0) > 0 ? 'partial' : 'success'),
    );
    const failed = error === undefined ? failedMessageIds(records, result, settings.unknownItemIdentifier) : new Set(records.map((r) => r.messageId));
    await settle(queue, settings, messages, failed, invocations);
  }
}

function toRecord(message: ReceivedMessage, eventSourceARN: string): SqsRecord {
  return {
    messageId: message.messageId,
    receiptHandle: message.receiptHandle,
    body: message.body,
    attributes: message.attributes,
    receiveCount: message.receiveCount,
    sentTimestamp: message.sentTimestamp,
    eventSourceARN,
    ...(message.messageGroupId === undefined ? {} : { messageGroupId: message.messageGroupId }),
  };
}

function failedMessageIds(records: readonly SqsRecord[], response: SqsBatchResponse, unknown: UnknownItemIdentifier): Set<string> {
  const ids = new Set(records.map((r) => r.messageId));
  const failures = response?.batchItemFailures.map((f) => f.itemIdentifier) ?? [];
  if (unknown === 'wholeBatchRetried' && failures.some((id) => !ids.has(id))) return ids;
  return new Set(failures.filter((id) => ids.has(id)));
}

async function settle(queue: Queue, settings: ConsumerSettings, messages: readonly ReceivedMessage[], failed: ReadonlySet<string>, invocations: Invocations): Promise<void> {
  const { url } = settings.queue;
  const done = messages.filter((m) => !failed.has(m.messageId));
  try {
    for (let i = 0; i < done.length; i += 10) {
      await queue.deleteMessageBatch(url, done.slice(i, i + 10).map((m, index) => ({ id: String(index), receiptHandle: m.receiptHandle })));
    }
    for (const message of messages.filter((m) => failed.has(m.messageId))) {
      await queue.changeMessageVisibility(url, message.receiptHandle, settings.retryDelaySeconds);
    }
  } catch (error) {
    invocations.noteError(`${settings.functionName} settle`, error);
  }
}
