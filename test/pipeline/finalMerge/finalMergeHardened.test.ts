import { describe, expect, it } from 'vitest';
import { wordChromaId } from '../../../src/pipeline/entities/chromaIds.js';
import { createReceipt, receiptToItem } from '../../../src/pipeline/entities/receipt.js';
import { createReceiptWord, receiptWordToItem } from '../../../src/pipeline/entities/receiptWord.js';
import { finalMerge } from '../../../src/pipeline/finalMerge/finalMerge.js';
import { fenceCounterKey } from '../../../src/pipeline/lock/fencing/fencedLockManager.js';
import { readPointer } from '../../../src/pipeline/snapshot/pointer.js';
import { promotionHistoryMetadataKey } from '../../../src/pipeline/snapshot/retention.js';
import type { Simulation } from '../../../src/sim/simulation.js';
import { simulate } from '../../support/simulate.js';
import { geometry } from '../entities/fixtures.js';
import { type CompactionWorld, compactionWorld } from '../compaction/handler/compactionWorld.js';
import { ingestRun, snapshotIds } from '../compaction/handler/runFixtures.js';
import { finalMergePorts } from './finalMergeFixtures.js';

const consistent = (sim: Simulation): CompactionWorld => compactionWorld(sim, { consistentReads: true });

/** The run's receipt in DynamoDB with only the word of line 2 (the delta has lines 1 to 3, word 1 each). */
async function keepOnlyLineTwo(world: CompactionWorld, imageId: string): Promise<void> {
  await world.table.putItem({ item: receiptToItem(createReceipt({ image_id: imageId, receipt_id: 1, timestamp_added: '2025-11-14T12:00:00.000Z' })) });
  await world.table.putItem({
    item: receiptWordToItem(createReceiptWord({ image_id: imageId, receipt_id: 1, line_id: 2, word_id: 1, extracted_data: null, ...geometry })),
  });
}

describe('the final merge with the hardened flags (ours)', () => {
  it('chromaReconcile: merges only the words DynamoDB still has; without it every delta record comes back', async () => {
    for (const reconcile of [false, true]) {
      await simulate({}, consistent, async (world) => {
        const run = await ingestRun(world, 1);
        await keepOnlyLineTwo(world, run.imageId);
        const result = await finalMerge(finalMergePorts(world), { collection: 'words', deltaPrefixes: [`words/delta/${run.runId}/`], era: 'head', reconcile });
        expect(result).toMatchObject({ status: 'merged', merged_count: reconcile ? 1 : 3 });
        expect(await snapshotIds(world, 'words')).toEqual(reconcile ? [wordChromaId(run.imageId, 1, 2, 1)] : [...run.ids.words].sort());
      });
    }
  });

  it('leaseFencing: the final merge takes its lock through a fencing grant; snapshotRetention: its pointer records the promotion history', async () => {
    await simulate({}, consistent, async (world) => {
      const run = await ingestRun(world, 1);
      const result = await finalMerge(finalMergePorts(world), {
        collection: 'words',
        deltaPrefixes: [`words/delta/${run.runId}/`],
        era: 'head',
        lockMode: 'leaseFencing',
        pointerPromotion: 'conditionalPut',
        snapshotRetention: 'promotionHistory',
      });
      expect(result.status).toBe('merged');
      expect((await world.table.getItem({ key: fenceCounterKey('words', 'chroma-words-update'), consistentRead: true }))?.fence_token).toBe(1);
      const pointer = await readPointer(world.bucket, 'words');
      expect(pointer?.history).toHaveLength(2);
      expect(world.bucket.peek('words/snapshot/latest-pointer.txt')?.metadata[promotionHistoryMetadataKey]).toBe(pointer?.history.join(','));
    });
  });
});
