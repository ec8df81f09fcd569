import { describe, expect, it } from 'vitest';
import { Throttled } from '../../../../src/ports/errors.js';
import { applyLabelUpdates } from '../../../../src/pipeline/compaction/operations/labelUpdates.js';
import { lineChromaId, wordChromaId } from '../../../../src/pipeline/entities/chromaIds.js';
import { receiptWordLabelToItem } from '../../../../src/pipeline/entities/receiptWordLabel.js';
import type { StreamEventName } from '../../../../src/ports/stream.js';
import type { Simulation } from '../../../../src/sim/simulation.js';
import { simulate } from '../../../support/simulate.js';
import { img, label } from '../../entities/fixtures.js';
import { failingQueries, message, metadataById, operationsWorld, vector } from './operationsWorld.js';

const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const t = (minute: number): string => `2025-11-14T11:${String(minute).padStart(2, '0')}:00.000Z`;
const wordId = wordChromaId(img, 1, 2, 3);

const labelMessage = (event: StreamEventName, lineId = 2, wordNumber = 3, name = 'TAX', collection: 'words' | 'lines' = 'words') =>
  message({
    entity_type: 'RECEIPT_WORD_LABEL',
    event_name: event,
    collection,
    changes: { validation_status: { old: 'PENDING', new: 'VALID' } },
    entity_data: { entity_type: 'RECEIPT_WORD_LABEL', image_id: img, receipt_id: 1, line_id: lineId, word_id: wordNumber, label: name },
  });

const wordLabels = [
  label({ label: 'TAX', validation_status: 'VALID', timestamp_added: t(3) }),
  label({ label: 'DATE', validation_status: 'INVALID', timestamp_added: t(1) }),
  label({ label: 'TIP', validation_status: 'PENDING', timestamp_added: t(4), confidence: 0.7, label_proposed_by: 'llm' }),
  label({ word_id: 4, label: 'SUBTOTAL', validation_status: 'VALID', timestamp_added: t(5) }),
];
const embedTime = { text: 'TOTAL', label_status: 'unvalidated', label_confidence: 0.1, label_custom: 'x' };

describe('word label updates, head (spec §3.7 WORDS)', () => {
  it('MODIFY rebuilds the label keys from all the word\'s labels in DynamoDB and merges them onto the record', async () => {
    await simulate({}, operationsWorld, async (world) => {
      await world.seed(wordLabels.map(receiptWordLabelToItem));
      const snapshot = await world.snapshot('words');
      await snapshot.upsert([vector(wordId, embedTime)]);
      const results = await applyLabelUpdates(world.ports, snapshot, 'words', [labelMessage('MODIFY')], { era: 'head' });
      expect(results).toEqual([{ chroma_id: wordId, updated: 1, error: null }]);
      expect((await metadataById(snapshot))[wordId]).toEqual({
        text: 'TOTAL',
        label_custom: 'x',
        label_status: 'validated',
        label_confidence: 0.7,
        label_proposed_by: 'llm',
        valid_labels_array: '["TAX"]',
        invalid_labels_array: '["DATE"]',
        label_validated_at: t(3),
        last_label_update: expect.stringMatching(iso),
      });
    });
  });

  it('a word without a Chroma record updates nothing and is no error', async () => {
    await simulate({}, operationsWorld, async (world) => {
      const snapshot = await world.snapshot('words');
      expect(await applyLabelUpdates(world.ports, snapshot, 'words', [labelMessage('MODIFY'), labelMessage('REMOVE')], { era: 'head' })).toEqual([
        { chroma_id: wordId, updated: 0, error: null },
        { chroma_id: wordId, updated: 0, error: null },
      ]);
    });
  });

  it('REMOVE nulls every label key present and any other non-null label_* key, adds labels_removed_at, and reads no labels', async () => {
    const build = (sim: Simulation) => operationsWorld(sim, { wrapTable: (table) => failingQueries(table, () => new Error('no DynamoDB read expected')) });
    await simulate({}, build, async (world) => {
      const snapshot = await world.snapshot('words');
      const labelled = { ...embedTime, label_proposed_by: 'llm', valid_labels_array: '["TAX"]', invalid_labels_array: '["DATE"]', label_validated_at: t(3) };
      await snapshot.upsert([vector(wordId, labelled)]);
      const results = await applyLabelUpdates(world.ports, snapshot, 'words', [labelMessage('REMOVE')], { era: 'head' });
      expect(results).toEqual([{ chroma_id: wordId, updated: 1, error: null }]);
      expect((await metadataById(snapshot))[wordId]).toEqual({ text: 'TOTAL', labels_removed_at: expect.stringMatching(iso) });
    });
  });

  it('a failed label read is the result\'s error (the image\'s label messages are retried)', async () => {
    const build = (sim: Simulation) => operationsWorld(sim, { wrapTable: (table) => failingQueries(table, () => new Throttled('ProvisionedThroughputExceededException')) });
    await simulate({}, build, async (world) => {
      const snapshot = await world.snapshot('words');
      await snapshot.upsert([vector(wordId, embedTime)]);
      const results = await applyLabelUpdates(world.ports, snapshot, 'words', [labelMessage('MODIFY')], { era: 'head' });
      expect(results).toEqual([{ chroma_id: wordId, updated: 0, error: 'ProvisionedThroughputExceededException: Rate exceeded' }]);
    });
  });
});

describe('word label updates, seed era (spec §8.3 labels bullet)', () => {
  it('MODIFY writes comma lists and no confidence', async () => {
    await simulate({}, operationsWorld, async (world) => {
      await world.seed(wordLabels.map(receiptWordLabelToItem));
      const snapshot = await world.snapshot('words');
      await snapshot.upsert([vector(wordId, embedTime)]);
      await applyLabelUpdates(world.ports, snapshot, 'words', [labelMessage('MODIFY')], { era: 'seed' });
      expect((await metadataById(snapshot))[wordId]).toEqual({
        text: 'TOTAL',
        label_custom: 'x',
        label_status: 'validated',
        label_confidence: 0.1,
        label_proposed_by: 'llm',
        validated_labels: ',TAX,',
        invalid_labels: ',DATE,',
        label_validated_at: t(3),
        last_label_update: expect.stringMatching(iso),
      });
    });
  });

  it('REMOVE drops the label keys from the outgoing object, so their stored values stay, and adds labels_removed_at', async () => {
    await simulate({}, operationsWorld, async (world) => {
      const snapshot = await world.snapshot('words');
      const labelled = { ...embedTime, validated_labels: ',TAX,', invalid_labels: '' };
      await snapshot.upsert([vector(wordId, labelled)]);
      await applyLabelUpdates(world.ports, snapshot, 'words', [labelMessage('REMOVE')], { era: 'seed' });
      expect((await metadataById(snapshot))[wordId]).toEqual({ ...labelled, labels_removed_at: expect.stringMatching(iso) });
    });
  });

  it('the LINES collection gets no label updates', async () => {
    await simulate({}, operationsWorld, async (world) => {
      const snapshot = await world.snapshot('lines');
      await snapshot.upsert([vector(lineChromaId(img, 1, 2), { image_id: img, receipt_id: 1, line_id: 2 })]);
      expect(await applyLabelUpdates(world.ports, snapshot, 'lines', [labelMessage('MODIFY', 2, 3, 'TAX', 'lines')], { era: 'seed' })).toEqual([]);
    });
  });
});

describe('row label updates, head (spec §3.7 LINES)', () => {
  const row = (primary: number, lines: number[], extra = {}, receiptId = 1) =>
    vector(lineChromaId(img, receiptId, primary), { image_id: img, receipt_id: receiptId, line_id: primary, row_line_ids: JSON.stringify(lines), ...extra });
  const rowLabels = [
    label({ line_id: 3, word_id: 1, label: 'TAX', validation_status: 'VALID' }),
    label({ line_id: 2, word_id: 1, label: 'DATE', validation_status: 'INVALID' }),
    label({ line_id: 5, word_id: 1, label: 'TIP', validation_status: 'PENDING' }),
    label({ line_id: 7, word_id: 1, label: 'TAX', validation_status: 'VALID' }),
  ];

  it('updates the rows holding a message\'s line with label_{LABEL} flags and a status; omitted stale flags keep their values', async () => {
    await simulate({}, operationsWorld, async (world) => {
      await world.seed(rowLabels.map(receiptWordLabelToItem));
      const snapshot = await world.snapshot('lines');
      await snapshot.upsert([row(2, [2, 3], { label_SUBTOTAL: true, valid_labels_array: '["SUBTOTAL"]' }), row(5, [5]), row(7, [7]), row(2, [2, 3], {}, 2)]);
      const messages = [labelMessage('MODIFY', 3, 1, 'TAX', 'lines'), labelMessage('MODIFY', 5, 1, 'TIP', 'lines'), labelMessage('REMOVE', 3, 2, 'TIP', 'lines')];
      const results = await applyLabelUpdates(world.ports, snapshot, 'lines', messages, { era: 'head' });
      expect(results).toEqual([
        { chroma_id: lineChromaId(img, 1, 2), updated: 1, error: null },
        { chroma_id: lineChromaId(img, 1, 5), updated: 1, error: null },
      ]);
      const after = await metadataById(snapshot);
      expect(after[lineChromaId(img, 1, 2)]).toMatchObject({ label_TAX: true, label_DATE: false, label_status: 'validated', label_SUBTOTAL: true, valid_labels_array: '["SUBTOTAL"]' });
      expect(after[lineChromaId(img, 1, 5)]).toMatchObject({ label_status: 'auto_suggested' });
      expect(after[lineChromaId(img, 1, 7)]).not.toHaveProperty('label_status');
      expect(after[lineChromaId(img, 2, 2)]).not.toHaveProperty('label_status');
    });
  });

  it('a failed label listing continues with no labels (rows become unvalidated)', async () => {
    const build = (sim: Simulation) => operationsWorld(sim, { wrapTable: (table) => failingQueries(table, () => new Throttled('ThrottlingException')) });
    await simulate({}, build, async (world) => {
      const snapshot = await world.snapshot('lines');
      await snapshot.upsert([row(2, [2, 3], { label_status: 'validated' })]);
      const results = await applyLabelUpdates(world.ports, snapshot, 'lines', [labelMessage('MODIFY', 2, 1, 'TAX', 'lines')], { era: 'head' });
      expect(results).toEqual([{ chroma_id: lineChromaId(img, 1, 2), updated: 1, error: null }]);
      expect((await metadataById(snapshot))[lineChromaId(img, 1, 2)]).toMatchObject({ label_status: 'unvalidated' });
      expect(world.logs.some((l) => l.level === 'warning')).toBe(true);
    });
  });

  it('a receipt without rows is skipped', async () => {
    await simulate({}, operationsWorld, async (world) => {
      expect(await applyLabelUpdates(world.ports, await world.snapshot('lines'), 'lines', [labelMessage('MODIFY', 2, 1, 'TAX', 'lines')], { era: 'head' })).toEqual([]);
    });
  });
});
