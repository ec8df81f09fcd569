import { describe, expect, it } from 'vitest';
import { applyCollectionUpdates } from '../../../../src/pipeline/compaction/operations/collectionUpdates.js';
import { lineChromaId, wordChromaId } from '../../../../src/pipeline/entities/chromaIds.js';
import { receiptSectionToItem } from '../../../../src/pipeline/entities/receiptSection.js';
import { receiptWordLabelToItem } from '../../../../src/pipeline/entities/receiptWordLabel.js';
import type { Simulation } from '../../../../src/sim/simulation.js';
import { simulate } from '../../../support/simulate.js';
import { img, label, section } from '../../entities/fixtures.js';
import { message, metadataById, operationsWorld, runMessage, uploadDeltaOf, vector } from './operationsWorld.js';

const runId = '11111111-1111-4111-8111-111111111111';
const labelled = wordChromaId(img, 1, 2, 3);
const removed = wordChromaId(img, 1, 2, 4);
const workDir = '/tmp/work';

const labelModify = message({
  entity_type: 'RECEIPT_WORD_LABEL',
  changes: { validation_status: { old: 'PENDING', new: 'VALID' } },
  entity_data: { entity_type: 'RECEIPT_WORD_LABEL', image_id: img, receipt_id: 1, line_id: 2, word_id: 3, label: 'TAX' },
});
const wordRemove = message({ entity_type: 'RECEIPT_WORD', event_name: 'REMOVE', entity_data: { entity_type: 'RECEIPT_WORD', image_id: img, receipt_id: 1, line_id: 2, word_id: 4 } });
const sectionInsert = message({ entity_type: 'RECEIPT_SECTION', event_name: 'INSERT', collection: 'lines', entity_data: { entity_type: 'RECEIPT_SECTION', image_id: img, receipt_id: 1, section_type: 'ITEMS' } });

describe('process_collection_updates (spec §3.3 fixed order, §3.4 step 5)', () => {
  it('merges deltas before label updates and deletions, whatever the order of the messages', async () => {
    await simulate({}, operationsWorld, async (world) => {
      await world.seed([receiptWordLabelToItem(label({ validation_status: 'VALID' }))]);
      await uploadDeltaOf(world, 'words', runId, [vector(labelled, { image_id: img, receipt_id: 1 }), vector(removed, { image_id: img, receipt_id: 1 })]);
      const snapshot = await world.snapshot('words');
      const results = await applyCollectionUpdates(world.ports, snapshot, 'words', [wordRemove, labelModify, runMessage(runId, img, 1, 'words')], { workDir, era: 'head' });
      expect(results.deltaMerges.map((r) => r.merged_count)).toEqual([2]);
      expect(results.labelUpdates).toEqual([{ chroma_id: labelled, updated: 1, error: null }]);
      expect(results.deletions).toEqual([{ entity_type: 'RECEIPT_WORD', image_id: img, receipt_id: 1, deleted: 1, error: null }]);
      expect(results.sectionUpdates).toEqual([]);
      expect(await metadataById(snapshot)).toEqual({ [labelled]: expect.objectContaining({ label_status: 'validated', valid_labels_array: '["TAX"]' }) });
    });
  });

  it('LINES: recomputes sections for the section messages\' receipts and the receipts of this cycle\'s merges', async () => {
    await simulate({}, operationsWorld, async (world) => {
      await world.seed([section({ line_ids: [4, 5] }), section({ receipt_id: 2, line_ids: [1] })].map(receiptSectionToItem));
      await uploadDeltaOf(world, 'lines', runId, [vector(lineChromaId(img, 1, 4), { image_id: img, receipt_id: 1, line_id: 4, row_line_ids: '[4,5]' })]);
      const snapshot = await world.snapshot('lines');
      await snapshot.upsert([vector(lineChromaId(img, 2, 1), { image_id: img, receipt_id: 2, line_id: 1 })]);
      const receipt2Section = message({ ...sectionInsert, entity_data: { ...sectionInsert.entity_data, receipt_id: 2 } });
      const results = await applyCollectionUpdates(world.ports, snapshot, 'lines', [receipt2Section, runMessage(runId, img, 1, 'lines')], { workDir, era: 'head' });
      expect(results.sectionUpdates).toEqual([
        { kind: 'section', image_id: img, receipt_id: 2, updated: 1, error: null },
        { kind: 'section', image_id: img, receipt_id: 1, updated: 1, error: null },
      ]);
      expect(await metadataById(snapshot)).toMatchObject({ [lineChromaId(img, 1, 4)]: { section_label: 'ITEMS' }, [lineChromaId(img, 2, 1)]: { section_label: 'ITEMS' } });
    });
  });

  it('seed era: only merges, metadata and labels run; section and deletion messages change nothing', async () => {
    await simulate({}, operationsWorld, async (world) => {
      await world.seed([receiptWordLabelToItem(label({ validation_status: 'VALID' }))]);
      await uploadDeltaOf(world, 'words', runId, [vector(labelled), vector(removed)]);
      const snapshot = await world.snapshot('words');
      const results = await applyCollectionUpdates(world.ports, snapshot, 'words', [wordRemove, sectionInsert, labelModify, runMessage(runId, img, 1, 'words')], { workDir, era: 'seed' });
      expect(results.deltaMerges.map((r) => r.merged_count)).toEqual([2]);
      expect(results.labelUpdates).toEqual([{ chroma_id: labelled, updated: 1, error: null }]);
      expect(results.sectionUpdates).toEqual([]);
      expect(results.deletions).toEqual([]);
      expect(Object.keys(await metadataById(snapshot))).toEqual([labelled, removed]);
    });
  });

  it('skips the delta merge with a warning when CHROMADB_BUCKET is empty', async () => {
    await simulate({}, (sim: Simulation) => operationsWorld(sim, { bucket: '' }), async (world) => {
      const results = await applyCollectionUpdates(world.ports, await world.snapshot('words'), 'words', [runMessage(runId, img, 1, 'words')], { workDir, era: 'head' });
      expect(results.deltaMerges).toEqual([]);
      expect(world.logs).toContainEqual({ level: 'warning', message: 'CHROMADB_BUCKET is empty; delta merges skipped' });
    });
  });
});
