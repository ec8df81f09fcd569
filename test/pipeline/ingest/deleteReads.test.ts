import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DeleteReads, deleteReceipt } from '../../../src/pipeline/ingest/deleteReceipt.js';
import { uploadReceiptHandler } from '../../../src/pipeline/ingest/uploadReceiptHandler.js';
import { simulate } from '../../support/simulate.js';
import { imageId, ingestWorld, receiptWhere } from './ingestWorld.js';

const receipt = receiptWhere((r) => r.merchant !== undefined);
/** Eventually consistent reads may be up to 30 s stale (GSI reads always are eventually consistent). */
const staleReads = { 'dynamodb.staleWindow': { rate: 1, always: true } } as const;

/** Uploads a receipt, deletes it at once with the given reads, and returns the item types left. */
async function deleteRightAfterUpload(seed: number, reads: DeleteReads): Promise<string[]> {
  let left: string[] = [];
  await simulate({ seed, faults: staleReads }, (sim) => ingestWorld(sim), async (world) => {
    await uploadReceiptHandler(world.ports, { era: 'head', closeBeforeTar: true, llmValidation: 'sync' })({ receipt }, world.context);
    await deleteReceipt(world.ports, imageId, 1, reads);
    left = world.table.currentItems().map((item) => String(item.TYPE));
  });
  return left;
}

describe('deleteReads: how a receipt deletion lists what it deletes', () => {
  it('eventual: right after the upload, GSI3 can miss words and lines, which then outlive the deleted Receipt', async () => {
    const outcomes = [];
    for (let seed = 1; seed <= 6; seed++) outcomes.push(await deleteRightAfterUpload(seed, 'eventual'));
    expect(outcomes.some((left) => !left.includes('RECEIPT') && left.some((type) => type === 'RECEIPT_WORD' || type === 'RECEIPT_LINE'))).toBe(true);
  });

  it('strong (ours): whatever the staleness, only the CompactionRun is left', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 0xffffffff }), async (seed) => {
        expect(await deleteRightAfterUpload(seed, 'strong')).toEqual(['COMPACTION_RUN']);
      }),
      { numRuns: 15 },
    );
  });
});
