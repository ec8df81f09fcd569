import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anchorMetadata } from '../../../src/pipeline/ingest/anchors.js';
import { titleCase } from '../../../src/pipeline/ingest/embedRecords.js';
import { generateOcrReceipt } from '../../../src/pipeline/ingest/generateOcrReceipt.js';
import { labelArrayValue, rowLabelEnrichment, wordLabelEnrichment } from '../../../src/pipeline/ingest/labelEnrichment.js';
import { ocrEntities } from '../../../src/pipeline/ingest/ocrEntities.js';
import { visualRows } from '../../../src/pipeline/ingest/visualRows.js';
import { label } from '../entities/fixtures.js';
import { imageId, listDraw } from './ingestWorld.js';

describe('embed-time label enrichment (spec §3.11)', () => {
  it('keeps CORE_LABELS only and takes the valid names out of the invalid array', () => {
    const metadata = wordLabelEnrichment([
      label({ label: 'TAX', validation_status: 'VALID' }),
      label({ label: 'TAX', validation_status: 'INVALID', line_id: 2 }),
      label({ label: 'DATE', validation_status: 'INVALID' }),
      label({ label: 'FAVOURITE', validation_status: 'VALID' }),
      label({ label: 'GRAND_TOTAL', validation_status: 'VALID' }),
    ]);
    expect(metadata.valid_labels_array).toBe('["GRAND_TOTAL","TAX"]');
    expect(metadata.invalid_labels_array).toBe('["DATE"]');
    expect(metadata.label_status).toBe('validated');
  });

  it('takes label_proposed_by and label_confidence from the newest PENDING label and label_validated_at from the newest VALID one', () => {
    const metadata = wordLabelEnrichment([
      label({ label: 'TAX', validation_status: 'PENDING', timestamp_added: '2025-11-14T12:00:01.000Z', label_proposed_by: 'old', confidence: 0.2 }),
      label({ label: 'DATE', validation_status: 'PENDING', timestamp_added: '2025-11-14T12:00:05.000Z', label_proposed_by: 'new', confidence: 0.7 }),
      label({ label: 'TIME', validation_status: 'VALID', timestamp_added: '2025-11-14T12:00:02.000Z' }),
      label({ label: 'TIP', validation_status: 'VALID', timestamp_added: '2025-11-14T12:00:03.000Z' }),
    ]);
    expect(metadata).toMatchObject({ label_proposed_by: 'new', label_confidence: 0.7, label_validated_at: '2025-11-14T12:00:03.000Z' });
  });

  it('gives label_status validated, auto_suggested or unvalidated, and leaves out empty arrays', () => {
    expect(wordLabelEnrichment([])).toEqual({ label_status: 'unvalidated' });
    expect(wordLabelEnrichment([label({ validation_status: 'PENDING' })]).label_status).toBe('auto_suggested');
    expect(wordLabelEnrichment([label({ validation_status: 'INVALID' })]).label_status).toBe('unvalidated');
    expect(rowLabelEnrichment([label({ validation_status: 'INVALID' })])).toEqual({ label_status: 'validated', invalid_labels_array: '["TAX"]' });
    expect(rowLabelEnrichment([label({ validation_status: 'PENDING' })])).toEqual({ label_status: 'auto_suggested' });
  });

  it('never puts a name in both arrays', () => {
    const statuses = ['VALID', 'INVALID', 'PENDING', 'NONE'] as const;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('TAX', 'DATE', 'TIP', 'OTHER'), fc.constantFrom(...statuses)), { maxLength: 8 }), (pairs) => {
        const labels = pairs.map(([name, status], i) => label({ label: name, validation_status: status, line_id: i + 1 }));
        for (const metadata of [wordLabelEnrichment(labels), rowLabelEnrichment(labels)]) {
          const valid: string[] = JSON.parse(String(metadata.valid_labels_array ?? '[]'));
          const invalid: string[] = JSON.parse(String(metadata.invalid_labels_array ?? '[]'));
          expect(valid.filter((name) => invalid.includes(name))).toEqual([]);
          expect([...valid, ...invalid]).not.toContain('OTHER');
        }
      }),
      { numRuns: 50 },
    );
  });

  it('encodes a label array as the JSON of its sorted, de-duplicated names', () => {
    expect(labelArrayValue(['TAX', 'DATE', 'TAX'])).toBe('["DATE","TAX"]');
  });
});

describe('anchors and merchant names', () => {
  it('normalises phone numbers to 10 digits, addresses to upper case and URLs without scheme, www and trailing slash', () => {
    expect(
      anchorMetadata([
        null,
        { type: 'phone', value: '+1 (702) 555-0134' },
        { type: 'address', value: '6435 S Rainbow Blvd,  Las Vegas' },
        { type: 'url', value: 'HTTPS://www.Sprouts.com/' },
        { type: 'phone', value: '555-0000' },
      ]),
    ).toEqual({ normalized_phone_10: '7025550134', normalized_full_address: '6435 S RAINBOW BLVD, LAS VEGAS', normalized_url: 'sprouts.com' });
  });

  it("title-cases as Python's str.title()", () => {
    expect(titleCase('SPROUTS FARMERS MKT #42')).toBe('Sprouts Farmers Mkt #42');
    expect(titleCase("in-n-out mcdonald's 3rd")).toBe("In-N-Out Mcdonald'S 3Rd");
  });
});

describe('visual rows', () => {
  it('puts every non-noise line in exactly one row, the leftmost first, rows top to bottom', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1_000), { maxLength: 200, size: 'max' }), (values) => {
        const { lines } = ocrEntities(generateOcrReceipt(listDraw(values), { imageId }), '2025-11-14T12:00:00.000Z');
        const rows = visualRows(lines);
        const placed = rows.flatMap((r) => r.lines.map((l) => l.line_id)).sort((a, b) => a - b);
        expect(placed).toEqual(lines.filter((l) => !l.is_noise).map((l) => l.line_id));
        for (const row of rows) {
          expect(row.primary).toBe(row.lines[0]);
          expect(row.lines.every((l) => l.bounding_box.y === row.primary.bounding_box.y && l.bounding_box.x >= row.primary.bounding_box.x)).toBe(true);
        }
        const tops = rows.map((r) => r.primary.bounding_box.y);
        expect(tops).toEqual([...tops].sort((a, b) => b - a));
      }),
      { numRuns: 50 },
    );
  });
});
