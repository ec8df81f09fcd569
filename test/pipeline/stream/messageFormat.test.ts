import { describe, expect, it } from 'vitest';
import { receiptWordLabelToItem } from '../../../src/pipeline/entities/receiptWordLabel.js';
import { buildMessages } from '../../../src/pipeline/stream/messageBuilder.js';
import { streamProcessorOptions } from '../../../src/pipeline/stream/options.js';
import { publishMessages } from '../../../src/pipeline/stream/sqsPublisher.js';
import { img, label } from '../entities/fixtures.js';
import { Recorder, ScriptedQueue, TestClock, environment, modify } from './fixtures.js';

describe('SQS message format (spec §2.7)', () => {
  it('serialises exactly source, entity_type, entity_data, changes, event_name, timestamp, stream_record_id, aws_region, in that order', async () => {
    const clock = new TestClock(Date.UTC(2026, 2, 1, 12, 30, 15, 250));
    const recorder = new Recorder();
    const record = modify(receiptWordLabelToItem(label()), receiptWordLabelToItem(label({ validation_status: 'INVALID' })), 'ev-42');
    const messages = buildMessages([record], { clock, metrics: recorder, log: recorder.log }, streamProcessorOptions('head'));
    const queue = new ScriptedQueue();
    await publishMessages({ queue, metrics: recorder, log: recorder.log }, environment, streamProcessorOptions('head'), messages);
    const entry = queue.calls[0]!.entries[0]!;
    expect(entry.body).toBe(
      JSON.stringify({
        source: 'dynamodb_stream',
        entity_type: 'RECEIPT_WORD_LABEL',
        entity_data: { entity_type: 'RECEIPT_WORD_LABEL', image_id: img, receipt_id: 1, line_id: 2, word_id: 3, label: 'TAX' },
        changes: { validation_status: { old: 'PENDING', new: 'INVALID' } },
        event_name: 'MODIFY',
        timestamp: '2026-03-01T12:30:15.250Z',
        stream_record_id: 'ev-42',
        aws_region: 'us-east-1',
      }),
    );
    expect(Object.keys(JSON.parse(entry.body) as object)).not.toContain('record_snapshot');
  });

  it('sends the same body to every target queue with the collection as a String attribute', async () => {
    const recorder = new Recorder();
    const record = modify(receiptWordLabelToItem(label()), receiptWordLabelToItem(label({ validation_status: 'VALID' })));
    const options = streamProcessorOptions('head');
    const messages = buildMessages([record], { clock: new TestClock(), metrics: recorder, log: recorder.log }, options);
    const queue = new ScriptedQueue();
    await publishMessages({ queue, metrics: recorder, log: recorder.log }, environment, options, messages);
    expect(queue.calls.map((c) => c.url)).toEqual([environment.WORDS_QUEUE_URL, environment.LINES_QUEUE_URL, environment.RECEIPT_SUMMARY_QUEUE_URL]);
    expect(new Set(queue.calls.map((c) => c.entries[0]!.body)).size).toBe(1);
    expect(queue.calls.map((c) => c.entries[0]!.attributes)).toEqual(
      ['words', 'lines', 'receipt_summary'].map((collection) => ({
        source: 'dynamodb_stream',
        entity_type: 'RECEIPT_WORD_LABEL',
        event_name: 'MODIFY',
        collection,
      })),
    );
    expect(queue.calls.every((c) => c.entries[0]!.messageGroupId === undefined && c.entries[0]!.messageDeduplicationId === undefined)).toBe(true);
  });

  it('stamps each message with the processor clock at build time, not the record time', () => {
    const clock = new TestClock(Date.UTC(2030, 0, 1));
    const recorder = new Recorder();
    const record = modify(receiptWordLabelToItem(label()), receiptWordLabelToItem(label({ validation_status: 'VALID' })));
    const [message] = buildMessages([record], { clock, metrics: recorder, log: recorder.log }, streamProcessorOptions('head'));
    expect(message!.timestamp).toBe('2030-01-01T00:00:00.000Z');
  });
});
