import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkConvergence } from '../../src/invariants/convergence.js';
import { DynamoState, itemKey } from '../../src/invariants/dynamoState.js';
import { expectedMetadata } from '../../src/invariants/expectedMetadata.js';
import type { Metadata } from '../../src/ports/vectorStore.js';
import type { Item } from '../../src/ports/values.js';
import { type WorldRun, firstRun, runWorld } from './support.js';

const seeds = fc.integer({ min: 0, max: 0xffffffff });
const quiet = { labelPerWord: 0, merchantMismatch: 0 };

const pk = 'IMAGE#img';
const wordId = 'IMAGE#img#RECEIPT#00001#LINE#00001#WORD#00001';
const label = (name: string, status: string, timestamp: string, extra: Record<string, string | number> = {}): Item => ({
  PK: pk,
  SK: `RECEIPT#00001#LINE#00001#WORD#00001#LABEL#${name}`,
  TYPE: 'RECEIPT_WORD_LABEL',
  validation_status: status,
  timestamp_added: timestamp,
  ...extra,
});
const items: Item[] = [
  { PK: pk, SK: 'RECEIPT#00001', TYPE: 'RECEIPT' },
  { PK: pk, SK: 'RECEIPT#00001#LINE#00001', TYPE: 'RECEIPT_LINE', text: 'TOTAL 9.99' },
  { PK: pk, SK: 'RECEIPT#00001#LINE#00002', TYPE: 'RECEIPT_LINE', text: 'CASH' },
  { PK: pk, SK: 'RECEIPT#00001#LINE#00001#WORD#00001', TYPE: 'RECEIPT_WORD', text: 'TOTAL' },
  { PK: pk, SK: 'RECEIPT#00001#PLACE', TYPE: 'RECEIPT_PLACE', merchant_name: 'COSTCO WHOLESALE', formatted_address: '1 Main St' },
  label('GRAND_TOTAL', 'VALID', '2026-08-03T09:00:02Z'),
  label('TAX', 'INVALID', '2026-08-03T09:00:01Z'),
  label('DATE', 'PENDING', '2026-08-03T09:00:03Z', { label_proposed_by: 'simple_receipt_analyzer', confidence: 0.8 }),
];
const word: Metadata = {
  image_id: 'img',
  receipt_id: 1,
  line_id: 1,
  word_id: 1,
  text: 'TOTAL',
  merchant_name: 'COSTCO WHOLESALE',
  label_status: 'validated',
  valid_labels_array: '["GRAND_TOTAL"]',
  invalid_labels_array: '["TAX"]',
  label_validated_at: '2026-08-03T09:00:02Z',
  label_proposed_by: 'simple_receipt_analyzer',
  label_confidence: 0.8,
  x: 0.25,
};

/** What the record gets wrong, clause by clause. */
function differences(state: DynamoState, id: string, metadata: Metadata, document: string, rowLines?: number[]): string[] {
  const expectation = expectedMetadata(state, id, rowLines);
  if (!expectation.exists) return [`absent: ${expectation.reason}`];
  return expectation.clauses.flatMap((c) => c.check(metadata, document) ?? []);
}

describe('expectedMetadata', () => {
  const state = new DynamoState('head', items);

  it('a word: ids, text, merchant, and its labels reconstructed as §3.7 says; geometry is not constrained', () => {
    expect(differences(state, wordId, word, 'TOTAL')).toEqual([]);
    expect(differences(state, wordId, { ...word, x: 0.9, label_status: 'auto_suggested' }, 'TOTAL')).toEqual(['label_status="auto_suggested"']);
    expect(differences(state, wordId, { ...word, merchant_name: 'Costco' }, 'TOTAL')).toEqual(['merchant_name="Costco"']);
  });

  it('a place key is optional but, when present, must be the ReceiptPlace’s value', () => {
    expect(differences(state, wordId, { ...word, address: '1 Main St' }, 'TOTAL')).toEqual([]);
    expect(differences(state, wordId, { ...word, address: '9 Old Rd' }, 'TOTAL')).toEqual(['address="9 Old Rd" (DynamoDB "1 Main St")']);
  });

  it('a label in both lists breaks §7 as well as the reconstruction', () => {
    expect(differences(state, wordId, { ...word, valid_labels_array: '["GRAND_TOTAL","TAX"]' }, 'TOTAL')).toEqual([
      'valid_labels_array={GRAND_TOTAL,TAX}',
      'both list TAX',
    ]);
  });

  it('a row: its lines’ text, the merchant in any case, and its labels stated by flags and embed-time arrays together', () => {
    const rowId = 'IMAGE#img#RECEIPT#00001#LINE#00001';
    const row: Metadata = {
      image_id: 'img',
      receipt_id: 1,
      line_id: 1,
      text: 'TOTAL 9.99 CASH',
      merchant_name: 'Costco Wholesale',
      label_status: 'validated',
      label_GRAND_TOTAL: true,
      invalid_labels_array: '["TAX"]',
    };
    expect(differences(state, rowId, row, 'TOTAL 9.99 CASH', [1, 2])).toEqual([]);
    expect(differences(state, rowId, { ...row, label_TAX: true }, 'TOTAL 9.99 CASH', [1, 2])).toEqual(['VALID labels {GRAND_TOTAL,TAX}']);
    expect(differences(state, rowId, { ...row, section_label: 'ITEMS' }, 'TOTAL 9.99 CASH', [1, 2])).toEqual(['section_label="ITEMS"']);
  });

  it('no vector for an entity DynamoDB no longer has', () => {
    const without = new DynamoState('head', items.filter((i) => itemKey(i) !== wordId));
    expect(expectedMetadata(without, wordId)).toEqual({ exists: false, reason: 'the word is not in DynamoDB' });
  });

  it('seed era: ReceiptMetadata’s merchant, a string receipt_id, and the comma lists of §8.3', () => {
    const seedItems = items.map((i) => (i.TYPE === 'RECEIPT_PLACE' ? { PK: pk, SK: 'RECEIPT#00001#METADATA', TYPE: 'RECEIPT_METADATA', merchant_name: 'COSTCO' } : i));
    const seed = new DynamoState('seed', seedItems);
    const metadata: Metadata = {
      image_id: 'img',
      receipt_id: '1',
      line_id: 1,
      word_id: 1,
      text: 'TOTAL',
      merchant_name: 'COSTCO',
      label_status: 'validated',
      validated_labels: ',GRAND_TOTAL,',
      invalid_labels: ',TAX,',
      label_validated_at: '2026-08-03T09:00:02Z',
      label_proposed_by: 'simple_receipt_analyzer',
    };
    expect(differences(seed, wordId, metadata, 'TOTAL')).toEqual([]);
    expect(differences(seed, wordId, { ...metadata, validated_labels: '' }, 'TOTAL')).toEqual(['validated_labels={}']);
  });
});

describe('convergence', () => {
  let head: WorldRun;
  beforeAll(async () => {
    head = await runWorld('head', 4, (b) => b.receipts(2).llmRates(quiet));
  });

  it('holds for head runs without labels or merchant corrections', async () => {
    await fc.assert(
      fc.asyncProperty(seeds, async (seed) => {
        const run = await runWorld('head', seed, (b) => b.receipts(2).llmRates(quiet));
        expect(run.end).toBe('idle');
        expect(checkConvergence(run.inspection)).toEqual([]);
      }),
      { numRuns: 2 },
    );
    expect(checkConvergence(head.inspection)).toEqual([]);
  });

  it('flags a record whose DynamoDB entity changed or went away, one violation per record', () => {
    const words = head.inspection.items.filter((i) => i.TYPE === 'RECEIPT_WORD');
    const [renamed, removed] = [words[0]!, words[1]!];
    const doctored = {
      ...head.inspection,
      items: head.inspection.items.filter((i) => i !== removed).map((i) => (i === renamed ? { ...i, text: 'CHANGED' } : i)),
    };
    const violations = checkConvergence(doctored);
    expect(violations.find((v) => v.entity === itemKey(renamed))?.actual).toMatch(/^text="[^"]*" document=/);
    expect(violations.find((v) => v.entity === itemKey(removed))).toMatchObject({ expected: 'no vector (the word is not in DynamoDB)', actual: 'a vector exists' });
    expect(violations).toHaveLength(2);
  });

  it('is judged only at quiescence', () => {
    const doctored = { ...head.inspection, end: 'horizon' as const, items: head.inspection.items.filter((i) => i.TYPE !== 'RECEIPT_WORD') };
    expect(checkConvergence(doctored)).toEqual([]);
  });

  it('head: a label validated before its delta is merged is lost (§6.2: only an existing record is updated)', async () => {
    const run = await firstRun(
      [1, 2, 3, 4, 5, 6],
      (seed) => runWorld('head', seed, (b) => b.receipts(3)),
      (r) => checkConvergence(r.inspection).some((v) => v.expected.includes('label_status')),
    );
    expect(run).toBeDefined();
    const violation = checkConvergence(run!.inspection).find((v) => v.expected.includes('label_status'))!;
    expect(violation.entity).toMatch(/^IMAGE#.+#RECEIPT#\d{5}#LINE#\d{5}(#WORD#\d{5})?$/);
    expect(violation.steps.length).toBeGreaterThan(1);
  });

  it('seed era: labels the validation inserts never reach Chroma (label INSERTs send no message, §8.2)', async () => {
    const run = await runWorld('seed', 2, (b) => b.receipts(2).flags({ closeBeforeTar: true }));
    const violation = checkConvergence(run.inspection).find((v) => v.entity.includes('#WORD#'));
    expect(violation?.actual).toMatch(/^label_status=absent/);
  });
});
