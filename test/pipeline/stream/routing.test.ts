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
import { img, label, line, metadata, place, receipt, run, runId, section, summary, word } from '../entities/fixtures.js';
import { Recorder, TestClock, insert, remove } from './fixtures.js';

const head = streamProcessorOptions('head');

function route(record: StreamRecord, options: StreamProcessorOptions = head) {
  const recorder = new Recorder();
  return buildMessages([record], { clock: new TestClock(), metrics: recorder, log: recorder.log }, options).map((m) => ({
    data: m.entity_data,
    to: m.collections,
  }));
}

describe('routing and entity_data (spec §2.6)', () => {
  it('COMPACTION_RUN: one message to LINES and one to WORDS, delta_s3_prefix being the target collection prefix', () => {
    const common = {
      run_id: runId,
      image_id: img,
      receipt_id: 1,
      lines_delta_prefix: `lines/delta/${runId}/`,
      words_delta_prefix: `words/delta/${runId}/`,
    };
    const messages = route(insert(compactionRunToItem(run())));
    expect(messages).toEqual([
      { data: { ...common, delta_s3_prefix: `lines/delta/${runId}/` }, to: ['lines'] },
      { data: { ...common, delta_s3_prefix: `words/delta/${runId}/` }, to: ['words'] },
    ]);
    expect(Object.keys(messages[0]!.data)).toEqual([...Object.keys(common), 'delta_s3_prefix']);
  });

  it('COMPACTION_RUN parsing: run_id from the NewImage, else the last SK segment; image_id after the first # of the PK', () => {
    const item = { ...compactionRunToItem(run()), run_id: 'from-image' };
    expect(route(insert(item))[0]!.data.run_id).toBe('from-image');
    const { run_id: _dropped, ...withoutRunId } = compactionRunToItem(run());
    expect(route(insert(withoutRunId))[0]!.data.run_id).toBe(runId);
    const hashed = { ...compactionRunToItem(run()), PK: 'IMAGE#abc#def' };
    expect(route(insert(hashed))[0]!.data.image_id).toBe('abc#def');
  });

  it('COMPACTION_RUN parsing: receipt_id from the RECEIPT#{rid5} part of the SK, else NewImage receipt_id', () => {
    const item = { ...compactionRunToItem(run()), SK: `RECEIPT#00042#COMPACTION_RUN#${runId}`, receipt_id: 7 };
    expect(route(insert(item))[0]!.data.receipt_id).toBe(42);
    const noReceiptInSk = { ...item, SK: `X#COMPACTION_RUN#${runId}` };
    expect(route(insert(noReceiptInSk))[0]!.data.receipt_id).toBe(7);
  });

  it('RECEIPT_PLACE → LINES, WORDS, RECEIPT_SUMMARY with entity_type, image_id, receipt_id', () => {
    expect(route(remove(receiptPlaceToItem(place())))).toEqual([
      { data: { entity_type: 'RECEIPT_PLACE', image_id: img, receipt_id: 1 }, to: ['lines', 'words', 'receipt_summary'] },
    ]);
  });

  it('RECEIPT_WORD_LABEL → WORDS, LINES, RECEIPT_SUMMARY with the word ids and the label', () => {
    expect(route(remove(receiptWordLabelToItem(label())))).toEqual([
      {
        data: { entity_type: 'RECEIPT_WORD_LABEL', image_id: img, receipt_id: 1, line_id: 2, word_id: 3, label: 'TAX' },
        to: ['words', 'lines', 'receipt_summary'],
      },
    ]);
  });

  it('labels went to WORDS only before 2026-01-22, and without RECEIPT_SUMMARY before 2026-01-28', () => {
    const item = receiptWordLabelToItem(label());
    expect(route(remove(item), streamProcessorOptions('head', { labelsToLines: false, summaryTargets: false }))[0]!.to).toEqual(['words']);
    expect(route(remove(item), streamProcessorOptions('head', { summaryTargets: false }))[0]!.to).toEqual(['words', 'lines']);
    expect(route(remove(receiptPlaceToItem(place())), streamProcessorOptions('head', { summaryTargets: false }))[0]!.to).toEqual(['lines', 'words']);
  });

  it('RECEIPT_METADATA (historical) → LINES and WORDS', () => {
    const options = streamProcessorOptions('head', { merchantEntity: 'RECEIPT_METADATA' });
    expect(route(remove(receiptMetadataToItem(metadata())), options)).toEqual([
      { data: { entity_type: 'RECEIPT_METADATA', image_id: img, receipt_id: 1 }, to: ['lines', 'words'] },
    ]);
  });

  it('RECEIPT_SECTION → LINES, plus LINE_ITEMS when the upper-cased section_type is ITEMS', () => {
    expect(route(remove(receiptSectionToItem(section({ section_type: 'items' }))))).toEqual([
      { data: { entity_type: 'RECEIPT_SECTION', image_id: img, receipt_id: 1, section_type: 'items' }, to: ['lines', 'line_items'] },
    ]);
    expect(route(remove(receiptSectionToItem(section({ section_type: 'TOTALS' }))))[0]!.to).toEqual(['lines']);
  });

  it('RECEIPT_SUMMARY → LINE_ITEMS', () => {
    expect(route(remove(receiptSummaryToItem(summary())))).toEqual([
      { data: { entity_type: 'RECEIPT_SUMMARY', image_id: img, receipt_id: 1 }, to: ['line_items'] },
    ]);
  });

  it('RECEIPT → LINES and WORDS; RECEIPT_WORD → WORDS; RECEIPT_LINE → LINES', () => {
    expect(route(remove(receiptToItem(receipt())))).toEqual([
      { data: { entity_type: 'RECEIPT', image_id: img, receipt_id: 1 }, to: ['lines', 'words'] },
    ]);
    expect(route(remove(receiptWordToItem(word())))).toEqual([
      { data: { entity_type: 'RECEIPT_WORD', image_id: img, receipt_id: 1, line_id: 2, word_id: 3 }, to: ['words'] },
    ]);
    expect(route(remove(receiptLineToItem(line())))).toEqual([
      { data: { entity_type: 'RECEIPT_LINE', image_id: img, receipt_id: 1, line_id: 2 }, to: ['lines'] },
    ]);
  });
});
