import { describe, expect, it } from 'vitest';
import { applyDeletions } from '../../../../src/pipeline/compaction/operations/deletions.js';
import { lineChromaId, wordChromaId } from '../../../../src/pipeline/entities/chromaIds.js';
import { receiptWordToItem } from '../../../../src/pipeline/entities/receiptWord.js';
import type { StreamEventName } from '../../../../src/ports/stream.js';
import { simulate } from '../../../support/simulate.js';
import { img, word } from '../../entities/fixtures.js';
import { ScriptedCollection, message, metadataById, operationsWorld, vector } from './operationsWorld.js';

const remove = (entity_type: string, data: Record<string, number>, event: StreamEventName = 'REMOVE') =>
  message({ entity_type, event_name: event, entity_data: { entity_type, image_id: img, receipt_id: 1, ...data } });
const words = [wordChromaId(img, 1, 2, 3), wordChromaId(img, 1, 2, 4), wordChromaId(img, 2, 1, 1)];
const record = (id: string, receiptId: number) => vector(id, { image_id: img, receipt_id: receiptId });

describe('deletions (spec §3.8)', () => {
  it('RECEIPT_WORD REMOVE deletes the word on WORDS only; INSERT/MODIFY are ignored', async () => {
    await simulate({}, operationsWorld, async (world) => {
      const snapshot = await world.snapshot('words');
      await snapshot.upsert(words.map((id, i) => record(id, i < 2 ? 1 : 2)));
      const results = await applyDeletions(world.ports, snapshot, 'words', [remove('RECEIPT_WORD', { line_id: 2, word_id: 3 }), remove('RECEIPT_WORD', { line_id: 2, word_id: 4 }, 'MODIFY')]);
      expect(results).toEqual([{ entity_type: 'RECEIPT_WORD', image_id: img, receipt_id: 1, deleted: 1, error: null }]);
      expect(Object.keys(await metadataById(snapshot))).toEqual(words.slice(1));
      expect(await applyDeletions(world.ports, await world.snapshot('lines'), 'lines', [remove('RECEIPT_WORD', { line_id: 2, word_id: 4 })])).toEqual([]);
    });
  });

  it('a Chroma error deleting a word is caught and counts 0 deletions', async () => {
    await simulate({}, operationsWorld, async (world) => {
      const snapshot = new ScriptedCollection(await world.snapshot('words'), { fail: (op) => (op === 'delete' ? new Error('chroma down') : undefined) });
      expect(await applyDeletions(world.ports, snapshot, 'words', [remove('RECEIPT_WORD', { line_id: 2, word_id: 3 })])).toEqual([
        { entity_type: 'RECEIPT_WORD', image_id: img, receipt_id: 1, deleted: 0, error: null },
      ]);
    });
  });

  it('RECEIPT_LINE REMOVE deletes the row only when the line is the row\'s primary line', async () => {
    await simulate({}, operationsWorld, async (world) => {
      const snapshot = await world.snapshot('lines');
      await snapshot.upsert([record(lineChromaId(img, 1, 2), 1), record(lineChromaId(img, 1, 5), 1)]);
      await applyDeletions(world.ports, snapshot, 'lines', [remove('RECEIPT_LINE', { line_id: 2 }), remove('RECEIPT_LINE', { line_id: 6 })]);
      expect(Object.keys(await metadataById(snapshot))).toEqual([lineChromaId(img, 1, 5)]);
    });
  });

  it('RECEIPT REMOVE deletes the ids DynamoDB still lists for the receipt', async () => {
    await simulate({}, operationsWorld, async (world) => {
      await world.seed([receiptWordToItem(word(2, 3))]);
      const snapshot = await world.snapshot('words');
      await snapshot.upsert(words.map((id, i) => record(id, i < 2 ? 1 : 2)));
      expect(await applyDeletions(world.ports, snapshot, 'words', [remove('RECEIPT', {})])).toEqual([
        { entity_type: 'RECEIPT', image_id: img, receipt_id: 1, deleted: 1, error: null },
      ]);
      expect(Object.keys(await metadataById(snapshot))).toEqual(words.slice(1));
    });
  });

  it('RECEIPT REMOVE falls back to a metadata query when DynamoDB lists nothing', async () => {
    await simulate({}, operationsWorld, async (world) => {
      const snapshot = await world.snapshot('words');
      await snapshot.upsert(words.map((id, i) => record(id, i < 2 ? 1 : 2)));
      expect((await applyDeletions(world.ports, snapshot, 'words', [remove('RECEIPT', {})]))[0]?.deleted).toBe(2);
      expect(Object.keys(await metadataById(snapshot))).toEqual(words.slice(2));
    });
  });

  it('a failure of the fallback metadata query is the result\'s error', async () => {
    await simulate({}, operationsWorld, async (world) => {
      const snapshot = new ScriptedCollection(await world.snapshot('words'), { fail: (op) => (op === 'get' ? new Error('chroma down') : undefined) });
      expect(await applyDeletions(world.ports, snapshot, 'words', [remove('RECEIPT', {})])).toEqual([
        { entity_type: 'RECEIPT', image_id: img, receipt_id: 1, deleted: 0, error: 'Error: chroma down' },
      ]);
    });
  });
});
