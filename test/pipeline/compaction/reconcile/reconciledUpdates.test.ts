import { describe, expect, it } from 'vitest';
import { applyCollectionUpdates } from '../../../../src/pipeline/compaction/operations/collectionUpdates.js';
import { applyReconciledUpdates } from '../../../../src/pipeline/compaction/reconcile/reconciledUpdates.js';
import type { CompactionCollection, CompactionMessage } from '../../../../src/pipeline/compaction/compactionMessage.js';
import type { CollectionUpdateResults } from '../../../../src/pipeline/compaction/results.js';
import { failedRecordIds } from '../../../../src/pipeline/compaction/failureMapping.js';
import { lineChromaId, wordChromaId } from '../../../../src/pipeline/entities/chromaIds.js';
import { receiptToItem } from '../../../../src/pipeline/entities/receipt.js';
import { receiptLineToItem } from '../../../../src/pipeline/entities/receiptLine.js';
import { receiptPlaceToItem } from '../../../../src/pipeline/entities/receiptPlace.js';
import { receiptWordToItem } from '../../../../src/pipeline/entities/receiptWord.js';
import { receiptWordLabelToItem } from '../../../../src/pipeline/entities/receiptWordLabel.js';
import { Throttled } from '../../../../src/ports/errors.js';
import type { Item } from '../../../../src/ports/values.js';
import type { Collection } from '../../../../src/ports/vectorStore.js';
import { simulate } from '../../../support/simulate.js';
import { img, label, line, place, receipt, word } from '../../entities/fixtures.js';
import { type OperationsWorld, failingQueries, message, metadataById, operationsWorld, runMessage, uploadDeltaOf, vector } from '../operations/operationsWorld.js';

const wordId = wordChromaId(img, 1, 2, 3);
const rowId = lineChromaId(img, 1, 2);
const runId = '9b2e6c1d-8f4a-4c3b-a1d2-0e5f6a7b8c9d';
const embedTime = { image_id: img, receipt_id: 1, line_id: 2, word_id: 3, text: 'TOTAL', merchant_name: '', label_status: 'auto_suggested' };

type Apply = (world: OperationsWorld, snapshot: Collection, collection: CompactionCollection, messages: CompactionMessage[]) => Promise<CollectionUpdateResults>;
const head: Apply = (world, snapshot, collection, messages) => applyCollectionUpdates(world.ports, snapshot, collection, messages, { era: 'head', workDir: '/tmp/work' });
const reconciled: Apply = (world, snapshot, collection, messages) => applyReconciledUpdates(world.ports, snapshot, collection, messages, '/tmp/work');

const labelMessage = (event: 'INSERT' | 'MODIFY' | 'REMOVE', name: string) =>
  message({
    entity_type: 'RECEIPT_WORD_LABEL',
    event_name: event,
    entity_data: { entity_type: 'RECEIPT_WORD_LABEL', image_id: img, receipt_id: 1, line_id: 2, word_id: 3, label: name },
  });

const placeMessage = (from: string | null, to: string) =>
  message({
    entity_type: 'RECEIPT_PLACE',
    event_name: from === null ? 'INSERT' : 'MODIFY',
    changes: { merchant_name: { old: from, new: to } },
    entity_data: { entity_type: 'RECEIPT_PLACE', image_id: img, receipt_id: 1 },
  });

/** Seeds DynamoDB, puts the word's embed-time vector in a fresh snapshot, applies the batches in turn. */
async function after(apply: Apply, items: readonly Item[], batches: CompactionMessage[][]): Promise<Record<string, unknown>> {
  let result: Record<string, unknown> = {};
  await simulate({}, operationsWorld, async (world) => {
    await world.seed(items);
    const snapshot = await world.snapshot('words');
    await snapshot.upsert([vector(wordId, embedTime)]);
    for (const batch of batches) await apply(world, snapshot, 'words', batch);
    result = await metadataById(snapshot);
  });
  return result;
}

const receiptItems = [receiptToItem(receipt()), receiptLineToItem(line()), receiptWordToItem(word())];

describe('chromaReconcile (ours): the compactor rebuilds touched receipts from strong DynamoDB reads', () => {
  it('a rename (REMOVE of the old label): head nulls every label key; reconcile keeps the renamed label', async () => {
    const items = [...receiptItems, receiptWordLabelToItem(label({ label: 'TIP', validation_status: 'VALID' }))];
    expect((await after(head, items, [[labelMessage('REMOVE', 'TAX')]]))[wordId]).not.toHaveProperty('valid_labels_array');
    expect((await after(reconciled, items, [[labelMessage('REMOVE', 'TAX')]]))[wordId]).toMatchObject({ label_status: 'validated', valid_labels_array: '["TIP"]' });
  });

  it('place messages delivered out of order: head keeps the older name; reconcile the name DynamoDB has', async () => {
    const items = [...receiptItems, receiptPlaceToItem(place({ merchant_name: 'Costco Wholesale' }))];
    const outOfOrder = [[placeMessage('Sprouts Farmers Market', 'Costco Wholesale')], [placeMessage(null, 'Sprouts Farmers Market')]];
    expect((await after(head, items, outOfOrder))[wordId]).toMatchObject({ merchant_name: 'Sprouts Farmers Market' });
    expect((await after(reconciled, items, outOfOrder))[wordId]).toMatchObject({ merchant_name: 'Costco Wholesale' });
  });

  it('a vector whose word is gone is deleted by any message naming its receipt; one whose Receipt is gone too', async () => {
    expect(await after(reconciled, [receiptToItem(receipt())], [[labelMessage('MODIFY', 'TAX')]])).toEqual({});
    expect(await after(reconciled, [receiptWordToItem(word())], [[labelMessage('MODIFY', 'TAX')]])).toEqual({});
    expect(Object.keys(await after(reconciled, receiptItems, [[labelMessage('MODIFY', 'TAX')]]))).toEqual([wordId]);
  });

  it('a delta merged after its receipt was deleted: head brings the vectors back; reconcile merges only existing entities', async () => {
    for (const [name, apply] of [['head', head], ['reconcile', reconciled]] as const) {
      await simulate({}, operationsWorld, async (world) => {
        await world.seed([receiptToItem(receipt()), receiptLineToItem(line())]);
        await uploadDeltaOf(world, 'lines', runId, [vector(rowId, { image_id: img, receipt_id: 1, line_id: 2, row_line_ids: '[2]' }), vector(lineChromaId(img, 1, 7))]);
        const snapshot = await world.snapshot('lines');
        const results = await apply(world, snapshot, 'lines', [runMessage(runId, img, 1, 'lines')]);
        expect(results.deltaMerges.map((m) => m.error), name).toEqual([null]);
        expect(Object.keys(await metadataById(snapshot)).sort(), name).toEqual(name === 'head' ? [rowId, lineChromaId(img, 1, 7)].sort() : [rowId]);
      });
    }
  });

  it('a DynamoDB failure: head acknowledges the place message unapplied; reconcile fails every message of the receipt', async () => {
    for (const [name, apply] of [['head', head], ['reconcile', reconciled]] as const) {
      await simulate(
        {},
        (sim) => operationsWorld(sim, { wrapTable: (table) => failingQueries(table, () => new Throttled('ProvisionedThroughputExceededException')) }),
        async (world) => {
          await world.seed(receiptItems);
          const snapshot = await world.snapshot('words');
          await snapshot.upsert([vector(wordId, embedTime)]);
          const messages = [placeMessage(null, 'Costco Wholesale'), labelMessage('MODIFY', 'TAX')];
          const failed = failedRecordIds(await apply(world, snapshot, 'words', messages), messages);
          expect(failed, name).toEqual(name === 'head' ? [messages[1]!.context.record_id] : messages.map((m) => m.context.record_id));
        },
      );
    }
  });
});
