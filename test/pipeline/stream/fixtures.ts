import type { Clock } from '../../../src/ports/clock.js';
import { QueueError } from '../../../src/ports/errors.js';
import type { Queue, SendBatchResult, SendEntry } from '../../../src/ports/queue.js';
import type { StreamEventName, StreamRecord } from '../../../src/ports/stream.js';
import type { Item } from '../../../src/ports/values.js';
import type { Log, LogLevel, Metrics } from '../../../src/pipeline/observability.js';

/** Stream records, a settable clock, recorded metrics and logs, and a scripted SQS client. */
export const nowMs = Date.UTC(2026, 2, 1, 12, 0, 0);

export class TestClock implements Clock {
  constructor(public ms = nowMs) {}
  now(): number {
    return this.ms;
  }
  nowIso(): string {
    return new Date(this.ms).toISOString();
  }
  async sleep(milliseconds: number): Promise<void> {
    this.ms += milliseconds;
  }
}

export class Recorder implements Metrics {
  readonly counts = new Map<string, number>();
  readonly lines: { level: LogLevel; message: string }[] = [];
  readonly log: Log = (level, message) => {
    this.lines.push({ level, message });
  };
  count(name: string, value = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + value);
  }
}

let sequence = 0;

function record(eventName: StreamEventName, keysFrom: Item, images: { oldImage?: Item; newImage?: Item }, eventID?: string): StreamRecord {
  sequence++;
  return {
    eventID: eventID ?? `event-${sequence}`,
    eventName,
    awsRegion: 'us-east-1',
    keys: { PK: String(keysFrom.PK), SK: String(keysFrom.SK) },
    sequenceNumber: String(sequence).padStart(21, '0'),
    approximateCreationTime: nowMs,
    ...images,
  };
}

export const insert = (item: Item, eventID?: string) => record('INSERT', item, { newImage: item }, eventID);
export const modify = (oldItem: Item, newItem: Item, eventID?: string) => record('MODIFY', newItem, { oldImage: oldItem, newImage: newItem }, eventID);
export const remove = (item: Item, eventID?: string) => record('REMOVE', item, { oldImage: item }, eventID);

export interface SendCall {
  readonly url: string;
  readonly entries: readonly SendEntry[];
}

/**
 * Records every SendMessageBatch; `failEntry(callIndex, entry)` reports an entry Failed and
 * `throwOnCall` raises a client error on that call (0-based).
 */
export class ScriptedQueue implements Queue {
  readonly calls: SendCall[] = [];
  constructor(
    private readonly script: {
      readonly failEntry?: (call: number, entry: SendEntry) => boolean;
      readonly throwOnCall?: number;
    } = {},
  ) {}

  async sendMessageBatch(url: string, entries: readonly SendEntry[]): Promise<SendBatchResult> {
    const call = this.calls.length;
    this.calls.push({ url, entries });
    if (this.script.throwOnCall === call) throw new QueueError('AWS.SimpleQueueService.NonExistentQueue', 'no such queue');
    const failed = entries.filter((e) => this.script.failEntry?.(call, e) === true);
    return {
      successful: entries.filter((e) => !failed.includes(e)).map((e) => ({ id: e.id, messageId: `${call}-${e.id}` })),
      failed: failed.map((e) => ({ id: e.id, code: 'InternalError', senderFault: false })),
    };
  }
  receiveMessage(): never {
    throw new Error('not used by the stream processor');
  }
  deleteMessage(): never {
    throw new Error('not used by the stream processor');
  }
  deleteMessageBatch(): never {
    throw new Error('not used by the stream processor');
  }
  changeMessageVisibility(): never {
    throw new Error('not used by the stream processor');
  }
}

export const environment = {
  LINES_QUEUE_URL: 'https://sqs/lines',
  WORDS_QUEUE_URL: 'https://sqs/words',
  RECEIPT_SUMMARY_QUEUE_URL: 'https://sqs/summary',
  LINE_ITEM_QUEUE_URL: 'https://sqs/line-item',
};
