import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messageGroupId } from '../../../src/pipeline/stream/messageGroupId.js';
import { type StreamProcessorOptions, streamProcessorOptions } from '../../../src/pipeline/stream/options.js';
import type { QueueCollection } from '../../../src/pipeline/stream/routing.js';
import { publishMessages } from '../../../src/pipeline/stream/sqsPublisher.js';
import type { StreamMessage } from '../../../src/pipeline/stream/streamMessage.js';
import { StreamProcessorError } from '../../../src/pipeline/stream/streamProcessorError.js';
import { QueueError } from '../../../src/ports/errors.js';
import { img, runId } from '../entities/fixtures.js';
import { Recorder, ScriptedQueue, environment } from './fixtures.js';

function message(n: number, collections: readonly QueueCollection[], overrides: Partial<StreamMessage> = {}): StreamMessage {
  return {
    entity_type: 'RECEIPT',
    entity_data: { entity_type: 'RECEIPT', image_id: img, receipt_id: n },
    changes: {},
    event_name: 'REMOVE',
    timestamp: '2026-03-01T12:00:00.000Z',
    stream_record_id: `ev-${n}`,
    aws_region: 'us-east-1',
    collections,
    ...overrides,
  };
}

async function publish(messages: StreamMessage[], options: StreamProcessorOptions, queue = new ScriptedQueue(), env: object = environment) {
  const recorder = new Recorder();
  const sent = await publishMessages({ queue, metrics: recorder, log: recorder.log }, env, options, messages);
  return { sent, queue, recorder };
}

const head = streamProcessorOptions('head');
const seed = streamProcessorOptions('seed');

describe('publishMessages: batching (spec §2.7)', () => {
  it('sends each queue its messages in order, in SendMessageBatch chunks of at most 10 with entry Id = index in the chunk', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 35 }), fc.integer({ min: 0, max: 12 }), async (lines, words) => {
        const messages = [
          ...Array.from({ length: lines }, (_, i) => message(i, ['lines'])),
          ...Array.from({ length: words }, (_, i) => message(100 + i, ['words'])),
        ];
        const { sent, queue } = await publish(messages, head);
        expect(sent).toBe(lines + words);
        const toLines = queue.calls.filter((c) => c.url === environment.LINES_QUEUE_URL);
        expect(toLines).toHaveLength(Math.ceil(lines / 10));
        for (const call of queue.calls) {
          expect(call.entries.length).toBeLessThanOrEqual(10);
          expect(call.entries.map((e) => e.id)).toEqual(call.entries.map((_, i) => String(i)));
        }
        const order = toLines.flatMap((c) => c.entries.map((e) => (JSON.parse(e.body) as { stream_record_id: string }).stream_record_id));
        expect(order).toEqual(messages.slice(0, lines).map((m) => m.stream_record_id));
      }),
      { numRuns: 40 },
    );
  });

  it('groups by queue in the order queues are first targeted', async () => {
    const { queue } = await publish([message(1, ['words', 'lines']), message(2, ['line_items']), message(3, ['lines'])], head);
    expect(queue.calls.map((c) => [c.url, c.entries.length])).toEqual([
      [environment.WORDS_QUEUE_URL, 1],
      [environment.LINES_QUEUE_URL, 2],
      [environment.LINE_ITEM_QUEUE_URL, 1],
    ]);
  });
});

describe('FIFO MessageGroupId (spec §2.7, §8.2)', () => {
  const run = message(1, ['lines'], {
    entity_type: 'COMPACTION_RUN',
    entity_data: { run_id: runId, image_id: img, receipt_id: 1, lines_delta_prefix: 'l', words_delta_prefix: 'w', delta_s3_prefix: 'l' },
  });
  const labelMessage = message(2, ['words'], {
    entity_type: 'RECEIPT_WORD_LABEL',
    entity_data: { entity_type: 'RECEIPT_WORD_LABEL', image_id: img, receipt_id: 3, line_id: 1, word_id: 1, label: 'TAX' },
  });
  const anonymous = message(3, ['words'], { entity_type: 'RECEIPT_METADATA', entity_data: { entity_type: 'RECEIPT_METADATA' } });

  it('head (Standard queues): no group id and no deduplication id', () => {
    expect(messageGroupId(run, 'lines', 'none')).toBeUndefined();
  });

  it('before 2025-10-30: {entity_type}:{run_id|receipt_id|image_id|default}:{collection}', () => {
    expect(messageGroupId(run, 'lines', 'perEntity')).toBe(`COMPACTION_RUN:${runId}:lines`);
    expect(messageGroupId(labelMessage, 'words', 'perEntity')).toBe('RECEIPT_WORD_LABEL:3:words');
    expect(messageGroupId(message(4, ['lines'], { entity_data: { image_id: img } }), 'lines', 'perEntity')).toBe(`RECEIPT:${img}:lines`);
    expect(messageGroupId(anonymous, 'words', 'perEntity')).toBe('RECEIPT_METADATA:default:words');
  });

  it('seed (from 2025-10-30): COMPACTION_RUN:{image_id}:{collection} for every type, unknown without an image id', () => {
    expect(messageGroupId(run, 'words', 'perImage')).toBe(`COMPACTION_RUN:${img}:words`);
    expect(messageGroupId(labelMessage, 'words', 'perImage')).toBe(`COMPACTION_RUN:${img}:words`);
    expect(messageGroupId(anonymous, 'lines', 'perImage')).toBe('COMPACTION_RUN:unknown:lines');
  });

  it('from 2025-12-22: one group per collection, compaction:{collection}', () => {
    expect(messageGroupId(run, 'lines', 'perCollection')).toBe('compaction:lines');
    expect(messageGroupId(labelMessage, 'words', 'perCollection')).toBe('compaction:words');
  });

  it('is put on every entry, without a deduplication id (content-based)', async () => {
    const { queue } = await publish([labelMessage, run], seed);
    expect(queue.calls.flatMap((c) => c.entries.map((e) => [e.messageGroupId, e.messageDeduplicationId]))).toEqual([
      [`COMPACTION_RUN:${img}:words`, undefined],
      [`COMPACTION_RUN:${img}:lines`, undefined],
    ]);
  });
});

describe('publish failures, head era (spec §2.7): every failure raises, and what was sent stays sent', () => {
  it('raises on a Failed entry after sending its chunk, and sends nothing after it', async () => {
    const queue = new ScriptedQueue({ failEntry: (call, entry) => call === 1 && entry.id === '1' });
    const messages = Array.from({ length: 12 }, (_, i) => message(i, ['lines', 'words']));
    await expect(publish(messages, head, queue)).rejects.toThrow(StreamProcessorError);
    expect(queue.calls.map((c) => [c.url, c.entries.length])).toEqual([
      [environment.LINES_QUEUE_URL, 10],
      [environment.LINES_QUEUE_URL, 2],
    ]);
  });

  it('raises on a missing queue URL once it reaches that queue', async () => {
    const queue = new ScriptedQueue();
    const { RECEIPT_SUMMARY_QUEUE_URL: _missing, ...env } = environment;
    const messages = [message(1, ['lines', 'receipt_summary', 'words'])];
    await expect(publish(messages, head, queue, env)).rejects.toThrow(/RECEIPT_SUMMARY_QUEUE_URL is not set/);
    expect(queue.calls.map((c) => c.url)).toEqual([environment.LINES_QUEUE_URL]);
  });

  it('lets a client error propagate', async () => {
    await expect(publish([message(1, ['lines'])], head, new ScriptedQueue({ throwOnCall: 0 }))).rejects.toThrow(QueueError);
  });
});

describe('publish failures, seed era (spec §8.2): logged, not raised', () => {
  it('only logs Failed entries and goes on; the failed messages are simply lost', async () => {
    const queue = new ScriptedQueue({ failEntry: (call, entry) => call === 0 && entry.id === '0' });
    const { sent, recorder } = await publish([message(1, ['lines', 'words']), message(2, ['lines'])], seed, queue);
    expect(sent).toBe(2);
    expect(queue.calls).toHaveLength(2);
    expect(recorder.counts.get('StreamMessagesFailed')).toBe(1);
    expect(recorder.lines.filter((l) => l.level === 'error').map((l) => l.message)).toEqual([
      'SendMessageBatch to lines had failed entries: 0:InternalError',
    ]);
  });

  it('logs a missing queue URL, sends nothing to that queue and still sends to the others', async () => {
    const queue = new ScriptedQueue();
    const { sent, recorder } = await publish([message(1, ['lines', 'words'])], seed, queue, { WORDS_QUEUE_URL: environment.WORDS_QUEUE_URL });
    expect(sent).toBe(1);
    expect(queue.calls.map((c) => c.url)).toEqual([environment.WORDS_QUEUE_URL]);
    expect(recorder.lines.map((l) => l.message)).toContain('LINES_QUEUE_URL is not set; 1 messages not sent');
  });

  it('still raises on a client error (§8.2 does not change §2.7 there)', async () => {
    await expect(publish([message(1, ['lines'])], seed, new ScriptedQueue({ throwOnCall: 0 }))).rejects.toThrow(QueueError);
  });
});
