import { describe, expect, it } from 'vitest';
import { receiptWordLabelFromItem } from '../../../src/pipeline/entities/receiptWordLabel.js';
import { deleteReceipt } from '../../../src/pipeline/ingest/deleteReceipt.js';
import { renameLabel } from '../../../src/pipeline/ingest/renameLabel.js';
import { uploadReceiptHandler } from '../../../src/pipeline/ingest/uploadReceiptHandler.js';
import { seedValidationVariants } from '../../../src/pipeline/validation/seedValidation.js';
import { simulate } from '../../support/simulate.js';
import { type IngestWorld, imageId, ingestWorld, itemsOfType, receiptWhere } from './ingestWorld.js';

const receipt = receiptWhere((r) => r.merchant !== undefined);
const leastEventful = { input: { kind: 'fastCheck', values: [] } } as const;

async function ingested(era: 'seed' | 'head', body: (world: IngestWorld) => Promise<void>): Promise<IngestWorld> {
  let world: IngestWorld | undefined;
  await simulate(leastEventful, (s) => (world = ingestWorld(s, { llmRates: { labelPerWord: 1 } })), async (w) => {
    const config =
      era === 'seed'
        ? ({ era, closeBeforeTar: true, validation: seedValidationVariants.E } as const)
        : ({ era, closeBeforeTar: true, llmValidation: 'sync' } as const);
    await uploadReceiptHandler(w.ports, config)({ receipt }, w.context);
    await body(w);
  });
  return world!;
}

const kindOf = (sk: string): string =>
  sk.includes('#LABEL#') ? 'LABEL' : sk.includes('#WORD#') ? 'WORD' : sk.includes('#LINE#') ? 'LINE' : sk.endsWith('#METADATA') ? 'METADATA' : sk.endsWith('#PLACE') ? 'PLACE' : sk.includes('#COMPACTION_RUN#') ? 'RUN' : 'RECEIPT';

describe('deleteReceipt', () => {
  for (const era of ['seed', 'head'] as const) {
    it(`${era}: removes labels, then words, then lines, then the merchant record, then the receipt, and keeps the run`, async () => {
      const world = await ingested(era, async (w) => {
        const before = w.changes.length;
        const counts = await deleteReceipt(w.ports, imageId, 1);
        expect(counts.labels).toBeGreaterThan(0);
        const removals = w.changes.slice(before).map((c) => `${c.event} ${kindOf(c.sk)}`);
        expect(removals.every((r) => r.startsWith('REMOVE'))).toBe(true);
        const order = [...new Set(removals.map((r) => r.slice('REMOVE '.length)))];
        expect(order).toEqual(['LABEL', 'WORD', 'LINE', era === 'seed' ? 'METADATA' : 'PLACE', 'RECEIPT']);
      });
      expect(world.table.currentItems().map((item) => item.TYPE)).toEqual(['COMPACTION_RUN']);
    });
  }
});

describe('renameLabel', () => {
  it('is a REMOVE of the old label and an INSERT of the new one with every other field kept (§1.3)', async () => {
    await ingested('seed', async (w) => {
      const original = receiptWordLabelFromItem(itemsOfType(w, 'RECEIPT_WORD_LABEL')[0]!);
      const newName = original.label === 'TAX' ? 'tip' : 'tax';
      const before = w.changes.length;
      const renamed = await renameLabel(w.ports, original, newName);
      expect(renamed).toEqual({ ...original, label: newName.toUpperCase() });
      const changes = w.changes.slice(before).map((c) => `${c.event} ${c.sk.split('#LABEL#')[1]}`);
      expect(changes.sort()).toEqual([`INSERT ${newName.toUpperCase()}`, `REMOVE ${original.label}`].sort());
      await expect(renameLabel(w.ports, original, 'DATE')).rejects.toThrow(/Transaction cancelled/);
    });
  });
});
