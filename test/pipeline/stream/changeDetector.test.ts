import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createReceiptWordLabel } from '../../../src/pipeline/entities/receiptWordLabel.js';
import { RELEVANT_FIELDS, detectChanges } from '../../../src/pipeline/stream/changeDetector.js';
import { receiptWordLabelInput } from '../entities/arbitraries.js';
import { label, metadata, place, section, summary } from '../entities/fixtures.js';

describe('relevant field lists (spec §2.5)', () => {
  it('are exactly the spec lists, and empty for runs, receipts, lines and words', () => {
    expect(RELEVANT_FIELDS).toEqual({
      RECEIPT_PLACE: ['merchant_name', 'merchant_category', 'formatted_address', 'phone_number', 'place_id'],
      RECEIPT_WORD_LABEL: ['label', 'reasoning', 'validation_status', 'label_proposed_by', 'label_consolidated_from'],
      RECEIPT_SECTION: ['section_type', 'line_ids', 'confidence', 'validation_status'],
      RECEIPT_SUMMARY: ['timestamp_computed'],
      RECEIPT_METADATA: ['canonical_merchant_name', 'merchant_name', 'merchant_category', 'address', 'phone_number', 'place_id'],
      COMPACTION_RUN: [],
      RECEIPT_WORD: [],
      RECEIPT_LINE: [],
      RECEIPT: [],
    });
  });
});

describe('detectChanges (spec §2.4)', () => {
  it('lists only relevant fields whose old and new values differ', () => {
    const changes = detectChanges('RECEIPT_WORD_LABEL', label(), label({ validation_status: 'VALID', confidence: 0.9, timestamp_added: '2026-01-01T00:00:00Z' }));
    expect(changes).toEqual({ validation_status: { old: 'PENDING', new: 'VALID' } });
  });

  it('compares lists by value: equal line_ids are no change, a different order is one', () => {
    expect(detectChanges('RECEIPT_SECTION', section({ line_ids: [4, 5] }), section({ line_ids: [4, 5] }))).toEqual({});
    expect(detectChanges('RECEIPT_SECTION', section({ line_ids: [4, 5] }), section({ line_ids: [5, 4] }))).toEqual({
      line_ids: { old: [4, 5], new: [5, 4] },
    });
  });

  it('counts a missing entity as all fields null (an INSERT lists every non-null new field)', () => {
    expect(detectChanges('RECEIPT_SUMMARY', null, summary())).toEqual({ timestamp_computed: { old: null, new: '2025-11-14T12:00:00.000Z' } });
    expect(Object.keys(detectChanges('RECEIPT_PLACE', null, place({ place_id: 'p1' })))).toEqual([
      'merchant_name',
      'merchant_category',
      'formatted_address',
      'phone_number',
      'place_id',
    ]);
  });

  it('on REMOVE lists every non-null old field with new null; seed metadata reads "" which is not null', () => {
    expect(detectChanges('RECEIPT_WORD_LABEL', label(), null)).toEqual({
      label: { old: 'TAX', new: null },
      validation_status: { old: 'PENDING', new: null },
    });
    const removed = detectChanges('RECEIPT_METADATA', metadata(), null);
    expect(removed.merchant_category).toEqual({ old: '', new: null });
    expect(Object.keys(removed)).toHaveLength(6);
  });

  it('has nothing to report for types without relevant fields, whatever changed', () => {
    expect(detectChanges('RECEIPT', { image_id: 'a', receipt_id: 1 }, null)).toEqual({});
  });

  it('for any two labels reports exactly the relevant fields that differ, with their old and new values', () => {
    fc.assert(
      fc.property(receiptWordLabelInput, receiptWordLabelInput, (a, b) => {
        const before = createReceiptWordLabel(a);
        const after = createReceiptWordLabel(b);
        const changes = detectChanges('RECEIPT_WORD_LABEL', before, after);
        for (const field of RELEVANT_FIELDS.RECEIPT_WORD_LABEL) {
          const key = field as keyof typeof before;
          if (before[key] === after[key]) expect(changes[field]).toBeUndefined();
          else expect(changes[field]).toEqual({ old: before[key], new: after[key] });
        }
        expect(Object.keys(changes).every((f) => RELEVANT_FIELDS.RECEIPT_WORD_LABEL.includes(f))).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});
