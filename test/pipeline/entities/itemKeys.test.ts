import { describe, expect, it } from 'vitest';
import { compactionRunKey, compactionRunSkPrefix, compactionRunToItem } from '../../../src/pipeline/entities/compactionRun.js';
import { receiptToItem } from '../../../src/pipeline/entities/receipt.js';
import { receiptLineToItem } from '../../../src/pipeline/entities/receiptLine.js';
import { receiptMetadataToItem } from '../../../src/pipeline/entities/receiptMetadata.js';
import { receiptPlaceToItem } from '../../../src/pipeline/entities/receiptPlace.js';
import { receiptSectionToItem } from '../../../src/pipeline/entities/receiptSection.js';
import { receiptSummaryToItem } from '../../../src/pipeline/entities/receiptSummary.js';
import { receiptWordToItem } from '../../../src/pipeline/entities/receiptWord.js';
import { receiptWordLabelToItem } from '../../../src/pipeline/entities/receiptWordLabel.js';
import { img, label, line, metadata, place, receipt, run, runId, section, summary, word } from './fixtures.js';

const keysOf = (item: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(item).filter(([name]) => name === 'PK' || name === 'SK' || name === 'TYPE' || name.startsWith('GSI')));

describe('item keys of every entity (spec §1.2)', () => {
  it('Receipt: IMAGE#{img} / RECEIPT#{rid5}, GSI1 the same', () => {
    expect(keysOf(receiptToItem(receipt(7)))).toEqual({
      PK: `IMAGE#${img}`,
      SK: 'RECEIPT#00007',
      GSI1PK: `IMAGE#${img}`,
      GSI1SK: 'RECEIPT#00007',
      TYPE: 'RECEIPT',
    });
  });

  it('ReceiptLine: LINE SK, GSI1 by embedding status, GSI3 LINE, GSI4 2_LINE', () => {
    expect(keysOf(receiptLineToItem(line(2)))).toEqual({
      PK: `IMAGE#${img}`,
      SK: 'RECEIPT#00001#LINE#00002',
      GSI1PK: 'EMBEDDING_STATUS#NONE',
      GSI1SK: `LINE#IMAGE#${img}#RECEIPT#00001#LINE#00002`,
      GSI3PK: `IMAGE#${img}#RECEIPT#00001`,
      GSI3SK: 'LINE',
      GSI4PK: `IMAGE#${img}#RECEIPT#00001`,
      GSI4SK: '2_LINE#00002',
      TYPE: 'RECEIPT_LINE',
    });
  });

  it('ReceiptWord: WORD SK, GSI1 by embedding status, GSI2 RECEIPT, GSI3 WORD, GSI4 3_WORD', () => {
    const path = `IMAGE#${img}#RECEIPT#00001#LINE#00002#WORD#00003`;
    expect(keysOf(receiptWordToItem(word(2, 3)))).toEqual({
      PK: `IMAGE#${img}`,
      SK: 'RECEIPT#00001#LINE#00002#WORD#00003',
      GSI1PK: 'EMBEDDING_STATUS#NONE',
      GSI1SK: `WORD#${path}`,
      GSI2PK: 'RECEIPT',
      GSI2SK: path,
      GSI3PK: `IMAGE#${img}#RECEIPT#00001`,
      GSI3SK: 'WORD',
      GSI4PK: `IMAGE#${img}#RECEIPT#00001`,
      GSI4SK: '3_WORD#00002#00003',
      TYPE: 'RECEIPT_WORD',
    });
  });

  it('ReceiptWordLabel: upper-cased label in the SK, GSI1 padded to 40, GSI3 by validation status, GSI4 4_LABEL', () => {
    const path = `IMAGE#${img}#RECEIPT#00001#LINE#00002#WORD#00003`;
    expect(keysOf(receiptWordLabelToItem(label({ label: 'grand_total', validation_status: 'VALID' })))).toEqual({
      PK: `IMAGE#${img}`,
      SK: 'RECEIPT#00001#LINE#00002#WORD#00003#LABEL#GRAND_TOTAL',
      GSI1PK: 'LABEL#GRAND_TOTAL' + '_'.repeat(23),
      GSI1SK: path,
      GSI2PK: 'RECEIPT',
      GSI2SK: path,
      GSI3PK: 'VALIDATION_STATUS#VALID',
      GSI3SK: `${path}#LABEL#GRAND_TOTAL`,
      GSI4PK: `IMAGE#${img}#RECEIPT#00001`,
      GSI4SK: '4_LABEL#00002#00003#GRAND_TOTAL',
      TYPE: 'RECEIPT_WORD_LABEL',
    });
  });

  it('ReceiptPlace: GSI1 by slug, GSI2 by place id, GSI3 by conf4 and status, GSI4 1_PLACE', () => {
    const item = receiptPlaceToItem(place({ merchant_name: "Trader Joe's #55", place_id: 'ChIJ123', confidence: 0.95, validation_status: 'MATCHED' }));
    expect(keysOf(item)).toEqual({
      PK: `IMAGE#${img}`,
      SK: 'RECEIPT#00001#PLACE',
      GSI1PK: 'MERCHANT#TRADER_JOE_S_55',
      GSI1SK: `IMAGE#${img}#RECEIPT#00001#PLACE`,
      GSI2PK: 'PLACE#ChIJ123',
      GSI2SK: `IMAGE#${img}#RECEIPT#00001#PLACE`,
      GSI3PK: 'PLACE_VALIDATION',
      GSI3SK: `CONFIDENCE#0.9500#STATUS#MATCHED#IMAGE#${img}`,
      GSI4PK: `IMAGE#${img}#RECEIPT#00001`,
      GSI4SK: '1_PLACE',
      TYPE: 'RECEIPT_PLACE',
    });
  });

  it('ReceiptPlace without a place id has no GSI2 attributes at all (sparse index)', () => {
    const item = receiptPlaceToItem(place({ place_id: '' }));
    expect(Object.keys(item).filter((k) => k.startsWith('GSI2'))).toEqual([]);
  });

  it('ReceiptMetadata: GSI1 by canonical name (or name) upper-cased with spaces as _, GSI2 place, GSI3 validation', () => {
    const withCanonical = receiptMetadataToItem(
      metadata({ merchant_name: 'sprouts', canonical_merchant_name: 'Sprouts Farmers Market', place_id: 'ChIJ9', matched_fields: ['name'] }),
    );
    expect(keysOf(withCanonical)).toEqual({
      PK: `IMAGE#${img}`,
      SK: 'RECEIPT#00001#METADATA',
      GSI1PK: 'MERCHANT#SPROUTS_FARMERS_MARKET',
      GSI1SK: `IMAGE#${img}#RECEIPT#00001#METADATA`,
      GSI2PK: 'PLACE#ChIJ9',
      GSI2SK: `IMAGE#${img}#RECEIPT#00001#METADATA`,
      GSI3PK: 'MERCHANT_VALIDATION',
      GSI3SK: 'STATUS#UNSURE',
      TYPE: 'RECEIPT_METADATA',
    });
    expect(receiptMetadataToItem(metadata({ merchant_name: "Trader Joe's" })).GSI1PK).toBe("MERCHANT#TRADER_JOE'S");
  });

  it('ReceiptSection: SECTION#{SECTION_TYPE} upper-cased in the SK, no GSIs', () => {
    expect(keysOf(receiptSectionToItem(section({ section_type: 'items' })))).toEqual({
      PK: `IMAGE#${img}`,
      SK: 'RECEIPT#00001#SECTION#ITEMS',
      TYPE: 'RECEIPT_SECTION',
    });
  });

  it('ReceiptSummary: SUMMARY SK, GSI2 RECEIPT_SUMMARY', () => {
    expect(keysOf(receiptSummaryToItem(summary()))).toEqual({
      PK: `IMAGE#${img}`,
      SK: 'RECEIPT#00001#SUMMARY',
      GSI2PK: 'RECEIPT_SUMMARY',
      GSI2SK: `IMAGE#${img}#RECEIPT#00001`,
      TYPE: 'RECEIPT_SUMMARY',
    });
  });

  it('CompactionRun: COMPACTION_RUN#{run_id} SK, GSI1 RUNS / CREATED_AT#{created_at}, and the §1.4 attributes', () => {
    expect(compactionRunToItem(run())).toEqual({
      PK: `IMAGE#${img}`,
      SK: `RECEIPT#00001#COMPACTION_RUN#${runId}`,
      GSI1PK: 'RUNS',
      GSI1SK: 'CREATED_AT#2025-11-14T12:00:00.000Z',
      TYPE: 'COMPACTION_RUN',
      run_id: runId,
      image_id: img,
      receipt_id: 1,
      lines_delta_prefix: `lines/delta/${runId}/`,
      words_delta_prefix: `words/delta/${runId}/`,
      lines_state: 'PENDING',
      lines_started_at: null,
      lines_finished_at: null,
      lines_error: null,
      lines_merged_vectors: 0,
      words_state: 'PENDING',
      words_started_at: null,
      words_finished_at: null,
      words_error: null,
      words_merged_vectors: 0,
      created_at: '2025-11-14T12:00:00.000Z',
      updated_at: null,
    });
    expect(compactionRunKey(img, 1, runId).SK.startsWith(compactionRunSkPrefix(1))).toBe(true);
  });
});
