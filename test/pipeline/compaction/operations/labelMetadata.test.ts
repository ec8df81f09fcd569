import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLabelArray, reconstructLabelMetadata } from '../../../../src/pipeline/compaction/operations/labelMetadata.js';
import { rowLabelMetadata } from '../../../../src/pipeline/compaction/operations/rowLabelUpdates.js';
import { CORE_LABELS } from '../../../../src/pipeline/entities/coreLabels.js';
import type { ReceiptWordLabel } from '../../../../src/pipeline/entities/receiptWordLabel.js';
import { validationStatuses } from '../../../../src/pipeline/entities/validationStatus.js';
import { label } from '../../entities/fixtures.js';

const t = (minute: number): string => `2025-11-14T12:${String(minute).padStart(2, '0')}:00.000Z`;

const mixed: ReceiptWordLabel[] = [
  label({ label: 'TAX', validation_status: 'VALID', timestamp_added: t(3) }),
  label({ label: 'DATE', validation_status: 'VALID', timestamp_added: t(1) }),
  label({ label: 'GRAND_TOTAL', validation_status: 'INVALID', timestamp_added: t(5) }),
  label({ label: 'SUBTOTAL', validation_status: 'PENDING', timestamp_added: t(2), confidence: 0.4, label_proposed_by: 'chroma' }),
  label({ label: 'TIP', validation_status: 'PENDING', timestamp_added: t(4), confidence: 0.7, label_proposed_by: 'llm' }),
  label({ label: 'TIME', validation_status: 'NEEDS_REVIEW', timestamp_added: t(6) }),
];

describe('label metadata reconstruction, head (spec §3.7 update_word_labels)', () => {
  it('writes status, the newest PENDING label\'s confidence and proposer, both arrays and the latest VALID time', () => {
    const metadata = reconstructLabelMetadata(mixed, 'head');
    expect(metadata).toEqual({
      label_status: 'validated',
      label_confidence: 0.7,
      label_proposed_by: 'llm',
      valid_labels_array: '["DATE","TAX"]',
      invalid_labels_array: '["GRAND_TOTAL"]',
      label_validated_at: t(3),
    });
  });

  it('with only PENDING labels: auto_suggested, both arrays written as null, no validated time, null proposer omitted', () => {
    const pending = [
      label({ label: 'TAX', timestamp_added: t(1), label_proposed_by: 'chroma', confidence: 0.2 }),
      label({ label: 'TIP', timestamp_added: t(2), label_proposed_by: null, confidence: 0.9 }),
    ];
    expect(reconstructLabelMetadata(pending, 'head')).toEqual({
      label_status: 'auto_suggested',
      label_confidence: 0.9,
      valid_labels_array: null,
      invalid_labels_array: null,
    });
  });

  it('without labels (or only NONE / NEEDS_REVIEW): unvalidated, and the arrays are still written as null', () => {
    expect(reconstructLabelMetadata([], 'head')).toEqual({ label_status: 'unvalidated', valid_labels_array: null, invalid_labels_array: null });
    const unjudged = [label({ validation_status: 'NONE' }), label({ label: 'DATE', validation_status: 'NEEDS_REVIEW' })];
    expect(reconstructLabelMetadata(unjudged, 'head')).toEqual({ label_status: 'unvalidated', valid_labels_array: null, invalid_labels_array: null });
  });

  it('names are trimmed, de-duplicated and sorted, and not filtered to CORE_LABELS', () => {
    const labels = [
      label({ label: 'TAX ', validation_status: 'VALID' }),
      label({ label: 'TAX', validation_status: 'VALID' }),
      label({ label: 'NOT_A_CORE_LABEL', validation_status: 'VALID' }),
    ];
    expect(reconstructLabelMetadata(labels, 'head').valid_labels_array).toBe('["NOT_A_CORE_LABEL","TAX"]');
  });

  it('two stored names that differ only by whitespace can land in both arrays (trimming happens after the split)', () => {
    const labels = [label({ label: 'TAX ', validation_status: 'VALID' }), label({ label: 'TAX', validation_status: 'INVALID' })];
    const metadata = reconstructLabelMetadata(labels, 'head');
    expect(decodeLabelArray(metadata.valid_labels_array)).toEqual(['TAX']);
    expect(decodeLabelArray(metadata.invalid_labels_array)).toEqual(['TAX']);
  });
});

describe('label metadata reconstruction, seed era (spec §8.3 labels bullet)', () => {
  it('comma-joined name lists in ascending name order, the newest PENDING proposer, no confidence, the newest VALID time', () => {
    expect(reconstructLabelMetadata(mixed, 'seed')).toEqual({
      label_status: 'validated',
      label_proposed_by: 'llm',
      validated_labels: ',DATE,TAX,',
      invalid_labels: ',GRAND_TOTAL,',
      label_validated_at: t(3),
    });
  });

  it('both lists are always written, as "" when empty; there are no *_labels_array keys', () => {
    const metadata = reconstructLabelMetadata([label({ timestamp_added: t(1), label_proposed_by: null })], 'seed');
    expect(metadata).toEqual({ label_status: 'auto_suggested', validated_labels: '', invalid_labels: '' });
  });

  it('names are joined as stored: no trimming or de-duplication', () => {
    const labels = [label({ label: 'TAX', validation_status: 'VALID' }), label({ label: 'TAX ', validation_status: 'VALID' })];
    expect(reconstructLabelMetadata(labels, 'seed').validated_labels).toBe(',TAX,TAX ,');
  });
});

describe('property: no label name is in both lists', () => {
  const names = [...CORE_LABELS.slice(0, 8), 'MERCHANT', 'ITEM_CODE'];
  const labelSets = fc.uniqueArray(
    fc.record({
      name: fc.constantFrom(...names),
      status: fc.constantFrom(...validationStatuses),
      minute: fc.integer({ min: 0, max: 59 }),
      proposer: fc.option(fc.constantFrom('llm', 'chroma')),
      confidence: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
    }),
    { selector: (l) => l.name, maxLength: names.length },
  );
  const build = (set: readonly { name: string; status: ReceiptWordLabel['validation_status']; minute: number; proposer: string | null; confidence: number | null }[]) =>
    set.map((l) => label({ label: l.name, validation_status: l.status, timestamp_added: t(l.minute), label_proposed_by: l.proposer, confidence: l.confidence }));

  it('head: the arrays hold exactly the VALID and INVALID names, disjoint', () => {
    fc.assert(
      fc.property(labelSets, (set) => {
        const labels = build(set);
        const metadata = reconstructLabelMetadata(labels, 'head');
        const valid = decodeLabelArray(metadata.valid_labels_array);
        const invalid = decodeLabelArray(metadata.invalid_labels_array);
        expect(valid.filter((name) => invalid.includes(name))).toEqual([]);
        expect(valid).toEqual(labels.filter((l) => l.validation_status === 'VALID').map((l) => l.label).sort());
        expect(invalid).toEqual(labels.filter((l) => l.validation_status === 'INVALID').map((l) => l.label).sort());
        expect(metadata.label_status).toBe(valid.length > 0 ? 'validated' : labels.some((l) => l.validation_status === 'PENDING') ? 'auto_suggested' : 'unvalidated');
      }),
      { numRuns: 50 },
    );
  });

  it('seed: the comma lists hold exactly the VALID and INVALID names, disjoint', () => {
    fc.assert(
      fc.property(labelSets, (set) => {
        const labels = build(set);
        const metadata = reconstructLabelMetadata(labels, 'seed');
        const split = (value: unknown): string[] => String(value).split(',').filter((name) => name !== '');
        const valid = split(metadata.validated_labels);
        const invalid = split(metadata.invalid_labels);
        expect(valid.filter((name) => invalid.includes(name))).toEqual([]);
        expect(valid).toEqual(labels.filter((l) => l.validation_status === 'VALID').map((l) => l.label).sort());
        expect(invalid).toEqual(labels.filter((l) => l.validation_status === 'INVALID').map((l) => l.label).sort());
        expect(Object.keys(metadata)).not.toContain('label_confidence');
      }),
      { numRuns: 50 },
    );
  });
});

describe('row label flags (spec §3.7 LINES)', () => {
  const existing = { text: 'TOTAL 9.99', row_line_ids: '[4,5]', label_status: 'validated', label_TIP: true, valid_labels_array: '["TIP"]', section_label: 'ITEMS' };

  it('VALID → true, INVALID → false unless already true, CORE_LABELS only; old label_* keys are left out of the outgoing object', () => {
    const labels = [
      label({ line_id: 4, label: 'TAX', validation_status: 'INVALID' }),
      label({ line_id: 4, word_id: 4, label: 'TAX', validation_status: 'VALID' }),
      label({ line_id: 5, label: 'DATE', validation_status: 'INVALID' }),
      label({ line_id: 5, label: 'NOT_A_CORE_LABEL', validation_status: 'VALID' }),
    ];
    expect(rowLabelMetadata(existing, labels)).toEqual({
      text: 'TOTAL 9.99',
      row_line_ids: '[4,5]',
      valid_labels_array: '["TIP"]',
      section_label: 'ITEMS',
      label_TAX: true,
      label_DATE: false,
      label_status: 'validated',
    });
  });

  it('only PENDING core labels → auto_suggested with no flags; only non-core labels → unvalidated', () => {
    expect(rowLabelMetadata(existing, [label({ line_id: 4, label: 'TAX' })])).toMatchObject({ label_status: 'auto_suggested' });
    expect(Object.keys(rowLabelMetadata(existing, [label({ line_id: 4, label: 'TAX' })])).filter((k) => k.startsWith('label_'))).toEqual(['label_status']);
    expect(rowLabelMetadata(existing, [label({ label: 'NOT_A_CORE_LABEL', validation_status: 'VALID' })]).label_status).toBe('unvalidated');
  });
});
