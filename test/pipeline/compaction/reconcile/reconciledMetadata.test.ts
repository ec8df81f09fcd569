import { describe, expect, it } from 'vitest';
import { patchChanges, rowMetadataPatch, wordMetadataPatch } from '../../../../src/pipeline/compaction/reconcile/reconciledMetadata.js';
import { label, place } from '../../entities/fixtures.js';

const t = (minute: number): string => `2025-11-14T11:${String(minute).padStart(2, '0')}:00.000Z`;

describe('chromaReconcile metadata: what a vector gets from DynamoDB (ours)', () => {
  it('a word: the place as §3.6 writes it and the labels as §3.7 rebuilds them, stale label keys deleted', () => {
    const labels = [
      label({ label: 'TAX', validation_status: 'VALID', timestamp_added: t(3) }),
      label({ label: 'TIP', validation_status: 'PENDING', timestamp_added: t(4), confidence: 0.7, label_proposed_by: 'llm' }),
    ];
    const existing = { text: 'TOTAL', label_status: 'unvalidated', label_custom: 'x', merchant_name: '' };
    expect(wordMetadataPatch(existing, place({ formatted_address: '1 Main St', place_id: 'p1' }), labels)).toEqual({
      label_custom: null,
      label_status: 'validated',
      label_confidence: 0.7,
      label_proposed_by: 'llm',
      valid_labels_array: '["TAX"]',
      invalid_labels_array: null,
      label_validated_at: t(3),
      merchant_name: 'Sprouts Farmers Market',
      merchant_category: '',
      address: '1 Main St',
      phone_number: '',
      place_id: 'p1',
      canonical_merchant_name: null,
    });
  });

  it('a word without labels or place: unvalidated, every optional label key and merchant detail deleted, merchant_name ""', () => {
    expect(wordMetadataPatch({ label_validated_at: t(1), address: 'old' }, undefined, [])).toEqual({
      label_status: 'unvalidated',
      label_confidence: null,
      label_proposed_by: null,
      label_validated_at: null,
      valid_labels_array: null,
      invalid_labels_array: null,
      merchant_name: '',
      merchant_category: null,
      address: null,
      phone_number: null,
      place_id: null,
      canonical_merchant_name: null,
    });
  });

  it('a row: §3.7 LINES flags over the labels of its lines plus the embed-time arrays, flags of renamed labels deleted', () => {
    const labels = [
      label({ label: 'TAX', validation_status: 'VALID' }),
      label({ word_id: 4, label: 'DATE', validation_status: 'INVALID' }),
      label({ word_id: 5, label: 'NOT_A_CORE_LABEL', validation_status: 'VALID' }),
    ];
    const patch = rowMetadataPatch({ label_TIP: true, row_line_ids: '[2]', merchant_name: 'X' }, place(), labels);
    expect(patch).toMatchObject({
      label_TIP: null,
      label_TAX: true,
      label_DATE: false,
      label_status: 'validated',
      valid_labels_array: '["TAX"]',
      invalid_labels_array: '["DATE"]',
      merchant_name: 'Sprouts Farmers Market',
    });
    expect(rowMetadataPatch(null, undefined, [])).toMatchObject({ label_status: 'unvalidated', merchant_name: null, valid_labels_array: null });
  });

  it('a patch that restates the stored metadata changes nothing', () => {
    const patch = wordMetadataPatch(null, undefined, []);
    const stored = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== null));
    expect(patchChanges(stored, patch)).toBe(false);
    expect(patchChanges({ ...stored, label_confidence: 0.5 }, patch)).toBe(true);
    expect(patchChanges({ ...stored, label_status: 'validated' }, patch)).toBe(true);
  });
});
