import { describe, expect, it } from 'vitest';
import { compactionRunToItem } from '../../../src/pipeline/entities/compactionRun.js';
import { receiptToItem } from '../../../src/pipeline/entities/receipt.js';
import { receiptLineToItem } from '../../../src/pipeline/entities/receiptLine.js';
import { receiptMetadataToItem } from '../../../src/pipeline/entities/receiptMetadata.js';
import { receiptPlaceToItem } from '../../../src/pipeline/entities/receiptPlace.js';
import { receiptSectionToItem } from '../../../src/pipeline/entities/receiptSection.js';
import { receiptSummaryToItem } from '../../../src/pipeline/entities/receiptSummary.js';
import { receiptWordToItem } from '../../../src/pipeline/entities/receiptWord.js';
import { receiptWordLabelToItem } from '../../../src/pipeline/entities/receiptWordLabel.js';
import { buildMessages } from '../../../src/pipeline/stream/messageBuilder.js';
import { type StreamProcessorOptions, streamProcessorOptions } from '../../../src/pipeline/stream/options.js';
import type { StreamRecord } from '../../../src/ports/stream.js';
import type { Item } from '../../../src/ports/values.js';
import { label, line, metadata, place, receipt, run, section, summary, word } from '../entities/fixtures.js';
import { Recorder, TestClock, insert, modify, remove } from './fixtures.js';

const head = streamProcessorOptions('head');
const seed = streamProcessorOptions('seed');

function build(records: StreamRecord[], options: StreamProcessorOptions, recorder = new Recorder()) {
  return buildMessages(records, { clock: new TestClock(), metrics: recorder, log: recorder.log }, options).map((m) => ({
    type: m.entity_type,
    event: m.event_name,
    to: m.collections,
  }));
}

const completed = compactionRunToItem(run({ lines_state: 'COMPLETED', words_state: 'COMPLETED' }));
const pending = compactionRunToItem(run());
const labelItem = receiptWordLabelToItem(label());
const relabelled = receiptWordLabelToItem(label({ validation_status: 'VALID' }));
const placeItem = receiptPlaceToItem(place());
const others: [string, Item][] = [
  ['RECEIPT_PLACE', placeItem],
  ['RECEIPT_WORD_LABEL', labelItem],
  ['RECEIPT', receiptToItem(receipt())],
  ['RECEIPT_LINE', receiptLineToItem(line())],
  ['RECEIPT_WORD', receiptWordToItem(word())],
];

describe('event rules, head era (spec §2.4)', () => {
  it('INSERT of a COMPACTION_RUN: two messages, lines and words, always', () => {
    expect(build([insert(pending)], head)).toEqual([
      { type: 'COMPACTION_RUN', event: 'INSERT', to: ['lines'] },
      { type: 'COMPACTION_RUN', event: 'INSERT', to: ['words'] },
    ]);
  });

  it('INSERT of a section or summary: a message when a relevant field differs from nothing', () => {
    expect(build([insert(receiptSectionToItem(section()))], head)).toEqual([{ type: 'RECEIPT_SECTION', event: 'INSERT', to: ['lines', 'line_items'] }]);
    expect(build([insert(receiptSummaryToItem(summary()))], head)).toEqual([{ type: 'RECEIPT_SUMMARY', event: 'INSERT', to: ['line_items'] }]);
  });

  it('INSERT of a section whose image does not parse: nothing differs, so no message', () => {
    expect(build([insert({ ...receiptSectionToItem(section()), confidence: 'high' })], head)).toEqual([]);
  });

  for (const [type, item] of others) {
    it(`INSERT of ${type}: no message`, () => expect(build([insert(item)], head)).toEqual([]));
  }

  it('MODIFY of a COMPACTION_RUN: no message, even when both collections completed (since 2026-02-19)', () => {
    expect(build([modify(pending, completed)], head)).toEqual([]);
  });

  it('MODIFY of a section or summary: a message only if a relevant field changed', () => {
    const before = receiptSectionToItem(section());
    expect(build([modify(before, receiptSectionToItem(section({ confidence: 0.5 })))], head)).toHaveLength(1);
    expect(build([modify(before, before)], head)).toEqual([]);
    const summaryBefore = receiptSummaryToItem(summary());
    expect(build([modify(summaryBefore, receiptSummaryToItem(summary('2026-01-01T00:00:00Z')))], head)).toHaveLength(1);
    expect(build([modify(summaryBefore, summaryBefore)], head)).toEqual([]);
  });

  it('MODIFY of a label or place: a message only if a relevant field changed', () => {
    expect(build([modify(labelItem, relabelled)], head)).toEqual([
      { type: 'RECEIPT_WORD_LABEL', event: 'MODIFY', to: ['words', 'lines', 'receipt_summary'] },
    ]);
    expect(build([modify(labelItem, receiptWordLabelToItem(label({ confidence: 0.4 })))], head)).toEqual([]);
    expect(build([modify(placeItem, receiptPlaceToItem(place({ phone_number: '555' })))], head)).toHaveLength(1);
    expect(build([modify(placeItem, receiptPlaceToItem(place({ website: 'x.com' })))], head)).toEqual([]);
  });

  it('MODIFY of a receipt, line or word: never a message (no relevant fields)', () => {
    const lineItem = receiptLineToItem(line());
    expect(build([modify(lineItem, { ...lineItem, text: 'CHANGED' })], head)).toEqual([]);
  });

  it('REMOVE of a COMPACTION_RUN: no message', () => {
    expect(build([remove(completed)], head)).toEqual([]);
  });

  it('REMOVE of a section or summary: a message, always', () => {
    expect(build([remove(receiptSectionToItem(section({ section_type: 'HEADER' })))], head)).toEqual([
      { type: 'RECEIPT_SECTION', event: 'REMOVE', to: ['lines'] },
    ]);
    expect(build([remove(receiptSummaryToItem(summary()))], head)).toEqual([{ type: 'RECEIPT_SUMMARY', event: 'REMOVE', to: ['line_items'] }]);
  });

  for (const [type, item] of others) {
    it(`REMOVE of ${type}: a message, always`, () => expect(build([remove(item)], head)).toHaveLength(1));
  }
});

describe('event rules, seed era (spec §8.2)', () => {
  const metadataItem = receiptMetadataToItem(metadata());

  it('INSERT of a COMPACTION_RUN: the two messages of §2.6 with empty changes', () => {
    const recorder = new Recorder();
    const messages = buildMessages([insert(pending)], { clock: new TestClock(), metrics: recorder, log: recorder.log }, seed);
    expect(messages.map((m) => [m.collections, m.changes])).toEqual([
      [['lines'], {}],
      [['words'], {}],
    ]);
  });

  it('INSERT of a label or ReceiptMetadata: nothing', () => {
    expect(build([insert(labelItem), insert(metadataItem)], seed)).toEqual([]);
  });

  it('MODIFY of ReceiptMetadata: LINES and WORDS if a §2.5 field changed, else nothing', () => {
    expect(build([modify(metadataItem, receiptMetadataToItem(metadata({ address: '1 Main St' })))], seed)).toEqual([
      { type: 'RECEIPT_METADATA', event: 'MODIFY', to: ['lines', 'words'] },
    ]);
    expect(build([modify(metadataItem, receiptMetadataToItem(metadata({ matched_fields: ['name', 'phone'] })))], seed)).toEqual([]);
  });

  it('MODIFY of a label: WORDS only if a §2.5 field changed, else nothing', () => {
    expect(build([modify(labelItem, relabelled)], seed)).toEqual([{ type: 'RECEIPT_WORD_LABEL', event: 'MODIFY', to: ['words'] }]);
    expect(build([modify(labelItem, labelItem)], seed)).toEqual([]);
  });

  it('REMOVE of ReceiptMetadata or a label: the same targets, always', () => {
    expect(build([remove(metadataItem), remove(labelItem)], seed)).toEqual([
      { type: 'RECEIPT_METADATA', event: 'REMOVE', to: ['lines', 'words'] },
      { type: 'RECEIPT_WORD_LABEL', event: 'REMOVE', to: ['words'] },
    ]);
  });

  it('ignores receipts, lines, words, sections, summaries and places entirely', () => {
    const ignored = [receiptToItem(receipt()), receiptLineToItem(line()), receiptWordToItem(word()), receiptSectionToItem(section()), receiptSummaryToItem(summary()), placeItem];
    expect(build(ignored.flatMap((item) => [insert(item), remove(item)]), seed)).toEqual([]);
  });

  it('COMPACTION_RUN MODIFY with both states COMPLETED: the completion message fails to build, is counted, nothing is sent', () => {
    const recorder = new Recorder();
    expect(build([modify(pending, completed)], seed, recorder)).toEqual([]);
    expect(recorder.counts.get('CompactionRunCompletionMessageBuildError')).toBe(1);
  });

  it('COMPACTION_RUN MODIFY with both *_finished_at strings counts the same build error', () => {
    const recorder = new Recorder();
    const finished = compactionRunToItem(run({ lines_finished_at: '2025-11-14T12:01:00Z', words_finished_at: '2025-11-14T12:02:00Z' }));
    expect(build([modify(pending, finished)], seed, recorder)).toEqual([]);
    expect(recorder.counts.get('CompactionRunCompletionMessageBuildError')).toBe(1);
  });

  it('COMPACTION_RUN MODIFY with one collection done, or a REMOVE: nothing, and no build error', () => {
    const recorder = new Recorder();
    const half = compactionRunToItem(run({ lines_state: 'COMPLETED', lines_finished_at: '2025-11-14T12:01:00Z' }));
    expect(build([modify(pending, half), remove(completed)], seed, recorder)).toEqual([]);
    expect(recorder.counts.has('CompactionRunCompletionMessageBuildError')).toBe(false);
  });

  it('skips a record that raises and keeps the others (per-record errors), where the head era fails the batch', () => {
    const noReceipt = { ...pending, SK: 'RUN#COMPACTION_RUN#x', receipt_id: null, run_id: null };
    const recorder = new Recorder();
    expect(build([insert(noReceipt), modify(labelItem, relabelled)], seed, recorder)).toEqual([
      { type: 'RECEIPT_WORD_LABEL', event: 'MODIFY', to: ['words'] },
    ]);
    expect(recorder.counts.get('StreamRecordProcessingError')).toBe(1);
    expect(() => build([insert(noReceipt)], head)).toThrow(/receipt id/);
  });
});

describe('COMPACTION_RUN completion messages before 2026-02-19 (compactionRunModify completionMessages)', () => {
  it('sends one MODIFY message per collection with run_id, image_id and receipt_id only', () => {
    const options = streamProcessorOptions('head', { compactionRunModify: 'completionMessages' });
    const recorder = new Recorder();
    const messages = buildMessages([modify(pending, completed)], { clock: new TestClock(), metrics: recorder, log: recorder.log }, options);
    expect(messages.map((m) => [m.event_name, m.collections, m.entity_data])).toEqual([
      ['MODIFY', ['lines'], { run_id: run().run_id, image_id: run().image_id, receipt_id: 1 }],
      ['MODIFY', ['words'], { run_id: run().run_id, image_id: run().image_id, receipt_id: 1 }],
    ]);
    expect(buildMessages([modify(pending, pending)], { clock: new TestClock(), metrics: recorder, log: recorder.log }, options)).toEqual([]);
  });
});
