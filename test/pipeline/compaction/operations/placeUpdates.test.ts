import { describe, expect, it } from 'vitest';
import { Throttled } from '../../../../src/ports/errors.js';
import type { Collection } from '../../../../src/ports/vectorStore.js';
import { applyPlaceUpdates } from '../../../../src/pipeline/compaction/operations/placeUpdates.js';
import { lineChromaId, wordChromaId } from '../../../../src/pipeline/entities/chromaIds.js';
import { receiptLineToItem } from '../../../../src/pipeline/entities/receiptLine.js';
import { receiptWordToItem } from '../../../../src/pipeline/entities/receiptWord.js';
import type { Simulation } from '../../../../src/sim/simulation.js';
import { simulate } from '../../../support/simulate.js';
import { img, line, word } from '../../entities/fixtures.js';
import { type OperationsWorld, ScriptedCollection, failingQueries, message, metadataById, operationsWorld, vector } from './operationsWorld.js';

const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const merchant = { merchant_name: 'Sprouts', merchant_category: 'grocery', address: '1 Main St', phone_number: '555-0100', place_id: 'p1', canonical_merchant_name: 'SPROUTS' };
const wordIds = [wordChromaId(img, 1, 2, 3), wordChromaId(img, 1, 2, 4), wordChromaId(img, 1, 5, 1)];
const otherReceiptWord = wordChromaId(img, 2, 1, 1);

async function wordsWorld(world: OperationsWorld): Promise<Collection> {
  await world.seed([word(2, 3), word(2, 4), word(5, 1)].map(receiptWordToItem));
  const snapshot = await world.snapshot('words');
  await snapshot.upsert([...wordIds, otherReceiptWord].map((id) => vector(id, { text: 'w', ...merchant })));
  return snapshot;
}

const placeMessage = (event: 'MODIFY' | 'REMOVE', changes = {}) =>
  message({ entity_type: 'RECEIPT_PLACE', event_name: event, changes, entity_data: { entity_type: 'RECEIPT_PLACE', image_id: img, receipt_id: 1 } });
const metadataMessage = (event: 'MODIFY' | 'REMOVE', changes = {}) =>
  message({ entity_type: 'RECEIPT_METADATA', event_name: event, changes, entity_data: { entity_type: 'RECEIPT_METADATA', image_id: img, receipt_id: 1 } });

describe('place updates, head (spec §3.6)', () => {
  it('MODIFY sets non-null changes (formatted_address under "address"), keeps the stored value of a null change, adds last_place_update', async () => {
    await simulate({}, operationsWorld, async (world) => {
      const snapshot = await wordsWorld(world);
      const changes = {
        merchant_name: { old: 'Sprouts', new: 'Sprouts Farmers Market' },
        formatted_address: { old: '1 Main St', new: '2 Oak Ave' },
        phone_number: { old: '555-0100', new: null },
      };
      const results = await applyPlaceUpdates(world.ports, snapshot, 'words', [placeMessage('MODIFY', changes)], { era: 'head' });
      expect(results).toEqual([{ kind: 'place', image_id: img, receipt_id: 1, updated: 3, error: null }]);
      const after = await metadataById(snapshot);
      for (const id of wordIds) {
        expect(after[id]).toEqual({ text: 'w', ...merchant, merchant_name: 'Sprouts Farmers Market', address: '2 Oak Ave', last_place_update: expect.stringMatching(iso) });
      }
      expect(after[otherReceiptWord]).toEqual({ text: 'w', ...merchant });
    });
  });

  it('REMOVE sets the six merchant keys to null where present (Chroma deletes them) and adds place_removed_at', async () => {
    await simulate({}, operationsWorld, async (world) => {
      const snapshot = await wordsWorld(world);
      await snapshot.update({ ids: [wordIds[0]!], metadatas: [{ canonical_merchant_name: null }] });
      const results = await applyPlaceUpdates(world.ports, snapshot, 'words', [placeMessage('REMOVE')], { era: 'head' });
      expect(results[0]?.updated).toBe(3);
      const after = await metadataById(snapshot);
      for (const id of wordIds) expect(after[id]).toEqual({ text: 'w', place_removed_at: expect.stringMatching(iso) });
    });
  });

  it('LINES: ids come from the receipt\'s ReceiptLines, so only lines that are a row\'s primary line match', async () => {
    await simulate({}, operationsWorld, async (world) => {
      await world.seed([line(2), line(5), line(6)].map(receiptLineToItem));
      const snapshot = new ScriptedCollection(await world.snapshot('lines'));
      await snapshot.upsert([vector(lineChromaId(img, 1, 2), { row_line_ids: '[2]' }), vector(lineChromaId(img, 1, 5), { row_line_ids: '[5,6]' })]);
      const results = await applyPlaceUpdates(world.ports, snapshot, 'lines', [placeMessage('MODIFY', { merchant_name: { old: null, new: 'Sprouts' } })], { era: 'head' });
      expect(results[0]?.updated).toBe(2);
      expect(snapshot.calls.find((c) => c.op === 'get')?.ids).toEqual([2, 5, 6].map((l) => lineChromaId(img, 1, l)));
      expect(snapshot.calls.find((c) => c.op === 'update')?.ids).toEqual([2, 5].map((l) => lineChromaId(img, 1, l)));
    });
  });

  it('no ids in DynamoDB, or none of them in Chroma, updates nothing and is a success', async () => {
    await simulate({}, operationsWorld, async (world) => {
      const snapshot = await world.snapshot('words');
      expect(await applyPlaceUpdates(world.ports, snapshot, 'words', [placeMessage('MODIFY', { place_id: { old: null, new: 'p' } })], { era: 'head' })).toEqual([
        { kind: 'place', image_id: img, receipt_id: 1, updated: 0, error: null },
      ]);
      await world.seed([receiptWordToItem(word(2, 3))]);
      expect((await applyPlaceUpdates(world.ports, snapshot, 'words', [placeMessage('REMOVE')], { era: 'head' }))[0]?.updated).toBe(0);
    });
  });

  it('a DynamoDB or Chroma error is logged and counts 0 updates without an error flag', async () => {
    const build = (sim: Simulation) => operationsWorld(sim, { wrapTable: (table) => failingQueries(table, (r) => (r.index === 'GSI3' ? new Throttled('ProvisionedThroughputExceededException') : undefined)) });
    await simulate({}, build, async (world) => {
      const snapshot = await wordsWorld(world);
      const modify = placeMessage('MODIFY', { merchant_name: { old: 'Sprouts', new: 'X' } });
      expect(await applyPlaceUpdates(world.ports, snapshot, 'words', [modify], { era: 'head' })).toEqual([{ kind: 'place', image_id: img, receipt_id: 1, updated: 0, error: null }]);
      expect(world.logs.filter((l) => l.level === 'error')).toHaveLength(1);
    });
    await simulate({}, operationsWorld, async (world) => {
      const snapshot = new ScriptedCollection(await wordsWorld(world), { fail: (op) => (op === 'update' ? new Error('chroma down') : undefined) });
      const results = await applyPlaceUpdates(world.ports, snapshot, 'words', [placeMessage('REMOVE')], { era: 'head' });
      expect(results).toEqual([{ kind: 'place', image_id: img, receipt_id: 1, updated: 0, error: null }]);
    });
  });
});

describe('metadata updates, seed era (spec §8.3 metadata bullet)', () => {
  it('MODIFY keeps the ReceiptMetadata field names, drops a null change from the outgoing object (the stored value stays), adds last_metadata_update', async () => {
    await simulate({}, operationsWorld, async (world) => {
      const snapshot = await wordsWorld(world);
      const changes = { canonical_merchant_name: { old: 'SPROUTS', new: 'SPROUTS FM' }, address: { old: '1 Main St', new: '2 Oak Ave' }, merchant_name: { old: 'Sprouts', new: null } };
      const results = await applyPlaceUpdates(world.ports, snapshot, 'words', [metadataMessage('MODIFY', changes)], { era: 'seed' });
      expect(results).toEqual([{ kind: 'place', image_id: img, receipt_id: 1, updated: 3, error: null }]);
      const after = await metadataById(snapshot);
      expect(after[wordIds[0]!]).toEqual({ text: 'w', ...merchant, canonical_merchant_name: 'SPROUTS FM', address: '2 Oak Ave', last_metadata_update: expect.stringMatching(iso) });
    });
  });

  it('REMOVE drops the six fields from the outgoing object, so their stored values stay, and adds metadata_removed_at', async () => {
    await simulate({}, operationsWorld, async (world) => {
      const snapshot = await wordsWorld(world);
      await applyPlaceUpdates(world.ports, snapshot, 'words', [metadataMessage('REMOVE')], { era: 'seed' });
      const after = await metadataById(snapshot);
      for (const id of wordIds) expect(after[id]).toEqual({ text: 'w', ...merchant, metadata_removed_at: expect.stringMatching(iso) });
    });
  });
});
