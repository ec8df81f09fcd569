import { describe, expect, it } from 'vitest';
import { compactionRunToItem } from '../../../src/pipeline/entities/compactionRun.js';
import { receiptKey, receiptToItem } from '../../../src/pipeline/entities/receipt.js';
import { receiptWordLabelToItem } from '../../../src/pipeline/entities/receiptWordLabel.js';
import { attributeNotExists } from '../../../src/ports/expressions.js';
import { simulate } from '../../support/simulate.js';
import { img, label, receipt, run, runId } from '../entities/fixtures.js';
import { type StreamWorld, bodies, kinds, streamWorld } from './streamWorld.js';

/** A CompactionRun INSERT, a label INSERT then MODIFY, and a receipt INSERT then REMOVE. */
async function writeWorkload({ table }: StreamWorld): Promise<void> {
  await table.putItem({ item: compactionRunToItem(run()), condition: attributeNotExists('PK') });
  await table.putItem({ item: receiptWordLabelToItem(label()), condition: attributeNotExists('PK') });
  await table.putItem({ item: receiptWordLabelToItem(label({ validation_status: 'VALID' })) });
  await table.putItem({ item: receiptToItem(receipt()) });
  await table.deleteItem({ key: receiptKey(img, 1) });
}

describe('stream processor end to end on the fakes, head era', () => {
  it('turns table writes into the §2.4/§2.6 messages on the Standard queues', async () => {
    let world: StreamWorld | undefined;
    await simulate({}, (sim) => (world = streamWorld(sim, 'head')), writeWorkload);
    const w = world!;
    const all = ['COMPACTION_RUN INSERT', 'RECEIPT REMOVE', 'RECEIPT_WORD_LABEL MODIFY'];
    expect(kinds(w, 'lines')).toEqual(all);
    expect(kinds(w, 'words')).toEqual(all);
    expect(kinds(w, 'receipt_summary')).toEqual(['RECEIPT_WORD_LABEL MODIFY']);
    expect(kinds(w, 'line_items')).toEqual([]);
    for (const collection of ['lines', 'words'] as const) {
      const runMessage = bodies(w, collection).find((b) => b.entity_type === 'COMPACTION_RUN')!;
      expect(runMessage.entity_data.delta_s3_prefix).toBe(`${collection}/delta/${runId}/`);
      expect(bodies(w, collection).every((b) => b.collection === collection && b.groupId === undefined)).toBe(true);
    }
    expect(w.outcomes.every((o) => o === 'success')).toBe(true);
    expect(w.mapping.pendingRecords()).toBe(0);
  });

  it('publishes again what a failed batch had already sent: sqs.sendFailure yields duplicates on LINES', async () => {
    let duplicates = 0;
    for (let seed = 1; seed <= 30; seed++) {
      let world: StreamWorld | undefined;
      await simulate({ seed, faults: { 'sqs.sendFailure': { rate: 0.5, always: true } } }, (sim) => (world = streamWorld(sim, 'head')), async ({ table }) => {
        await table.putItem({ item: receiptToItem(receipt()) });
        await table.deleteItem({ key: receiptKey(img, 1) });
      });
      const lines = bodies(world!, 'lines');
      const words = bodies(world!, 'words');
      // LINES is sent first; WORDS only after LINES succeeded, and once WORDS succeeds the batch is done.
      expect(words.length, `seed ${seed}`).toBeLessThanOrEqual(1);
      expect(lines.length, `seed ${seed}`).toBeGreaterThanOrEqual(words.length);
      expect(new Set(lines.map((b) => b.stream_record_id)).size, `seed ${seed}`).toBeLessThanOrEqual(1);
      if (lines.length > 1) duplicates++;
    }
    expect(duplicates).toBeGreaterThan(0);
  });

  it('at sqs.sendFailure rate 1 every invocation fails, nothing is queued, and the records are finally discarded', async () => {
    let world: StreamWorld | undefined;
    const sim = await simulate(
      { faults: { 'sqs.sendFailure': { rate: 1, always: true } } },
      (s) => (world = streamWorld(s, 'head')),
      async ({ table }) => {
        await table.putItem({ item: receiptToItem(receipt()) });
        await table.deleteItem({ key: receiptKey(img, 1) });
      },
    );
    const w = world!;
    expect(kinds(w, 'lines')).toEqual([]);
    expect(kinds(w, 'words')).toEqual([]);
    const errors = w.outcomes.filter((o) => o === 'error').length;
    expect(errors).toBeGreaterThanOrEqual(4);
    expect(w.recorder.counts.get('StreamMessagesFailed')).toBe(errors);
    expect(w.mapping.pendingRecords()).toBe(0);
    expect(sim.faults.unfired()).toEqual([]);
  });
});

describe('stream processor end to end on the fakes, seed era', () => {
  it('queues the run INSERT on both FIFO queues and the label MODIFY on WORDS only, ignores the receipt', async () => {
    let world: StreamWorld | undefined;
    await simulate({}, (sim) => (world = streamWorld(sim, 'seed')), writeWorkload);
    const w = world!;
    expect(kinds(w, 'lines')).toEqual(['COMPACTION_RUN INSERT']);
    expect(kinds(w, 'words')).toEqual(['COMPACTION_RUN INSERT', 'RECEIPT_WORD_LABEL MODIFY']);
    expect(bodies(w, 'lines').map((b) => b.groupId)).toEqual([`COMPACTION_RUN:${img}:lines`]);
    expect(bodies(w, 'words').map((b) => b.groupId)).toEqual([`COMPACTION_RUN:${img}:words`, `COMPACTION_RUN:${img}:words`]);
    expect(w.urls.receipt_summary).toBeUndefined();
  });

  it('counts the completion-message build error when a run completes on both collections, and sends nothing', async () => {
    let world: StreamWorld | undefined;
    await simulate({}, (sim) => (world = streamWorld(sim, 'seed')), async ({ table }) => {
      await table.putItem({ item: compactionRunToItem(run()) });
      await table.putItem({ item: compactionRunToItem(run({ lines_state: 'COMPLETED' })) });
      await table.putItem({ item: compactionRunToItem(run({ lines_state: 'COMPLETED', words_state: 'COMPLETED' })) });
    });
    const w = world!;
    expect(w.recorder.counts.get('CompactionRunCompletionMessageBuildError')).toBe(1);
    expect(kinds(w, 'lines')).toEqual(['COMPACTION_RUN INSERT']);
    expect(kinds(w, 'words')).toEqual(['COMPACTION_RUN INSERT']);
  });

  it('at sqs.sendFailure rate 1 the invocation still succeeds: the failed entries are logged and the messages lost', async () => {
    let world: StreamWorld | undefined;
    const sim = await simulate(
      { faults: { 'sqs.sendFailure': { rate: 1, always: true } } },
      (s) => (world = streamWorld(s, 'seed')),
      async ({ table }) => {
        await table.putItem({ item: compactionRunToItem(run()) });
      },
    );
    const w = world!;
    expect(kinds(w, 'lines')).toEqual([]);
    expect(kinds(w, 'words')).toEqual([]);
    expect(w.outcomes).toEqual(['success']);
    expect(w.recorder.lines.filter((l) => l.level === 'error')).toHaveLength(2);
    expect(sim.faults.unfired()).toEqual([]);
  });
});
