import { describe, expect, it } from 'vitest';
import { receiptToItem } from '../../../src/pipeline/entities/receipt.js';
import { receiptLineToItem } from '../../../src/pipeline/entities/receiptLine.js';
import { receiptMetadataToItem } from '../../../src/pipeline/entities/receiptMetadata.js';
import { receiptPlaceToItem } from '../../../src/pipeline/entities/receiptPlace.js';
import { receiptWordToItem } from '../../../src/pipeline/entities/receiptWord.js';
import { receiptWordLabelToItem } from '../../../src/pipeline/entities/receiptWordLabel.js';
import { buildMessages } from '../../../src/pipeline/stream/messageBuilder.js';
import { type StreamProcessorOptions, streamProcessorOptions } from '../../../src/pipeline/stream/options.js';
import type { StreamRecord } from '../../../src/ports/stream.js';
import { label, line, metadata, place, receipt, word } from '../entities/fixtures.js';
import { Recorder, TestClock, insert } from './fixtures.js';

const build = (records: StreamRecord[], options: StreamProcessorOptions) =>
  buildMessages(records, { clock: new TestClock(), metrics: new Recorder(), log: new Recorder().log }, options);

describe('streamInserts (ours): place and label INSERTs send messages', () => {
  it('head (§2.4): a ReceiptPlace or ReceiptWordLabel INSERT sends nothing', () => {
    const head = streamProcessorOptions('head');
    expect(build([insert(receiptPlaceToItem(place())), insert(receiptWordLabelToItem(label()))], head)).toEqual([]);
  });

  it('with insertMessages, a ReceiptPlace INSERT goes where a MODIFY would, every relevant field changed from null', () => {
    const [message, ...rest] = build([insert(receiptPlaceToItem(place()))], streamProcessorOptions('head', { insertMessages: true }));
    expect(rest).toEqual([]);
    expect(message?.entity_type).toBe('RECEIPT_PLACE');
    expect(message?.event_name).toBe('INSERT');
    expect(message?.collections).toEqual(['lines', 'words', 'receipt_summary']);
    expect(message?.changes.merchant_name).toEqual({ old: null, new: place().merchant_name });
  });

  it('with insertMessages, a label INSERT goes to WORDS, LINES and RECEIPT_SUMMARY with the word it labels', () => {
    const [message] = build([insert(receiptWordLabelToItem(label()))], streamProcessorOptions('head', { insertMessages: true }));
    expect(message?.collections).toEqual(['words', 'lines', 'receipt_summary']);
    expect(message?.entity_data).toMatchObject({ line_id: label().line_id, word_id: label().word_id, label: label().label });
  });

  it('with insertMessages, a seed-era ReceiptMetadata INSERT goes to LINES and WORDS', () => {
    const [message] = build([insert(receiptMetadataToItem(metadata()))], streamProcessorOptions('seed', { insertMessages: true }));
    expect(message?.entity_type).toBe('RECEIPT_METADATA');
    expect(message?.collections).toEqual(['lines', 'words']);
  });

  it('with insertMessages, INSERTs of receipts, lines and words still send nothing', () => {
    const options = streamProcessorOptions('head', { insertMessages: true });
    expect(build([insert(receiptToItem(receipt())), insert(receiptLineToItem(line())), insert(receiptWordToItem(word()))], options)).toEqual([]);
  });
});
