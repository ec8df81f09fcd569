import { describe, expect, it } from 'vitest';
import { compactionRunFromItem, compactionRunToItem } from '../../../src/pipeline/entities/compactionRun.js';
import { InvalidEntity } from '../../../src/pipeline/entities/invalidEntity.js';
import { createReceiptLine } from '../../../src/pipeline/entities/receiptLine.js';
import { receiptMetadataFromItem, receiptMetadataToItem } from '../../../src/pipeline/entities/receiptMetadata.js';
import { receiptWordLabelFromItem, receiptWordLabelToItem } from '../../../src/pipeline/entities/receiptWordLabel.js';
import { img, label, line, metadata, place, receipt, run, section } from './fixtures.js';

const createLine = (overrides: Record<string, number>) => createReceiptLine({ ...line(), ...overrides });

describe('entity constructors validate as spec §1.3, §1.4 and §8.1 state', () => {
  it('stores a label upper-cased and refuses an empty one', () => {
    expect(label({ label: 'grand_total' }).label).toBe('GRAND_TOTAL');
    expect(() => label({ label: '' })).toThrow(InvalidEntity);
  });

  it('sets a missing or null label validation_status to NONE and refuses unknown statuses', () => {
    expect(label({ validation_status: undefined }).validation_status).toBe('NONE');
    expect(label({ validation_status: null }).validation_status).toBe('NONE');
    expect(() => label({ validation_status: 'MAYBE' as 'VALID' })).toThrow(/validation_status/);
  });

  it('reads a stored NULL label status as NONE', () => {
    const item = { ...receiptWordLabelToItem(label()), validation_status: null };
    expect(receiptWordLabelFromItem(item).validation_status).toBe('NONE');
  });

  it('requires positive label ids, a UUID image id, non-empty reasoning when set, and an ISO timestamp', () => {
    for (const field of ['receipt_id', 'line_id', 'word_id'] as const) {
      expect(() => label({ [field]: 0 }), field).toThrow(field);
      expect(() => label({ [field]: 1.5 }), field).toThrow(field);
    }
    expect(() => label({ image_id: 'not-a-uuid' })).toThrow(/image_id/);
    expect(() => label({ reasoning: '' })).toThrow(/reasoning/);
    expect(label({ reasoning: null }).reasoning).toBeNull();
    expect(() => label({ timestamp_added: 'yesterday' })).toThrow(/timestamp_added/);
  });

  it('writes no confidence attribute for a label without one (the seed era has none) and reads its absence as null', () => {
    const item = receiptWordLabelToItem(label());
    expect(Object.hasOwn(item, 'confidence')).toBe(false);
    expect(receiptWordLabelFromItem(item).confidence).toBeNull();
    expect(receiptWordLabelToItem(label({ confidence: 0.7 })).confidence).toBe(0.7);
    expect(() => label({ confidence: 1.01 })).toThrow(/confidence/);
  });

  it('accepts line and word ids from 0 but receipt ids only from 1', () => {
    expect(line(0).line_id).toBe(0);
    expect(() => receipt(0)).toThrow(/receipt_id/);
  });

  it('keeps OCR confidence in (0, 1] and geometry finite', () => {
    expect(() => createLine({ confidence: 0 })).toThrow(/confidence/);
    expect(() => createLine({ confidence: 1.5 })).toThrow(/confidence/);
    expect(createLine({ confidence: 1 }).confidence).toBe(1);
    expect(() => createLine({ angle_degrees: Number.NaN })).toThrow(/angle_degrees/);
  });

  it('keeps place confidence in [0, 1] and requires a merchant name', () => {
    expect(place({ confidence: 0 }).confidence).toBe(0);
    expect(() => place({ confidence: -0.1 })).toThrow(/confidence/);
    expect(() => place({ merchant_name: '' })).toThrow(/merchant_name/);
  });

  it('checks sections: non-empty type, line ids >= 0, confidence in [0, 1]', () => {
    expect(() => section({ section_type: '' })).toThrow(/section_type/);
    expect(() => section({ line_ids: [-1] })).toThrow(/line_ids/);
    expect(() => section({ confidence: 2 })).toThrow(/confidence/);
  });

  it('requires a v4 run id, a positive receipt id, non-empty prefixes and known states for a CompactionRun', () => {
    expect(() => run({ run_id: '9b2e6c1d-8f4a-1c3b-a1d2-0e5f6a7b8c9d' })).toThrow(/run_id/);
    expect(() => run({ receipt_id: 0 })).toThrow(/receipt_id/);
    expect(() => run({ lines_delta_prefix: '' })).toThrow(/lines_delta_prefix/);
    expect(() => run({ words_state: 'DONE' as 'COMPLETED' })).toThrow(/words_state/);
    expect(() => run({ lines_merged_vectors: -1 })).toThrow(/lines_merged_vectors/);
    expect(run()).toMatchObject({ lines_state: 'PENDING', words_state: 'PENDING', lines_error: '', words_merged_vectors: 0 });
  });

  it('stores an empty CompactionRun error as NULL and reads it back as ""', () => {
    const item = compactionRunToItem(run({ words_error: '', lines_error: 'boom' }));
    expect(item.words_error).toBeNull();
    expect(item.lines_error).toBe('boom');
    expect(compactionRunFromItem(item).words_error).toBe('');
  });
});

describe('seed-era ReceiptMetadata (spec §8.1)', () => {
  it('stores empty optional strings as NULL and reads NULL back as ""', () => {
    const item = receiptMetadataToItem(metadata({ merchant_category: '', address: '' }));
    expect(item.merchant_category).toBeNull();
    expect(item.address).toBeNull();
    expect(item.canonical_merchant_name).toBeNull();
    const read = receiptMetadataFromItem(item);
    expect(read.merchant_category).toBe('');
    expect(read.canonical_merchant_name).toBe('');
    expect(read.merchant_name).toBe('Sprouts Farmers Market');
  });

  it('derives validation_status from matched_fields: MATCHED from 2, UNSURE from 1, else NO_MATCH', () => {
    expect(metadata({ matched_fields: [] }).validation_status).toBe('NO_MATCH');
    expect(metadata({ matched_fields: ['name'] }).validation_status).toBe('UNSURE');
    expect(metadata({ matched_fields: ['name', 'phone'] }).validation_status).toBe('MATCHED');
    expect(metadata({ matched_fields: ['name', 'phone', 'address'] }).validation_status).toBe('MATCHED');
  });

  it('ignores a stored validation_status and re-derives it on read', () => {
    const item = { ...receiptMetadataToItem(metadata({ matched_fields: ['name'] })), validation_status: 'MATCHED' };
    expect(receiptMetadataFromItem(item).validation_status).toBe('UNSURE');
  });

  it('treats a missing optional attribute like NULL', () => {
    const { merchant_category: _dropped, ...item } = receiptMetadataToItem(metadata({ merchant_category: 'grocery' }));
    expect(receiptMetadataFromItem(item).merchant_category).toBe('');
  });

  it('refuses an item whose keys do not belong to the entity', () => {
    const item = receiptMetadataToItem(metadata());
    expect(() => receiptMetadataFromItem({ ...item, SK: 'RECEIPT#00001#PLACE' })).toThrow(InvalidEntity);
    expect(() => receiptMetadataFromItem({ ...item, PK: `LOCK#${img}` })).toThrow(/PK/);
  });
});

