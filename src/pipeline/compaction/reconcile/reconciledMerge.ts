import type { Table } from '../../../ports/table.js';
import type { Collection, VectorRecord } from '../../../ports/vectorStore.js';
import type { ChromaCollection } from '../../entities/compactionLock.js';
import { upsertBatchSize } from '../operations/deltaMerge.js';
import { type ReceiptRef, receiptKeyOf } from '../operations/messageFields.js';
import { existingRecords, reconcileReceiptVectors } from './reconcileReceipt.js';
import { readReceiptState } from './receiptState.js';

/**
 * The final merge's upsert under `chromaReconcile` (ours): the records are grouped by the receipt their
 * metadata names (`image_id`, `receipt_id`, §3.11); per receipt, DynamoDB is read strongly consistent,
 * only the records of existing words or rows are upserted (batches of 250) and the receipt's vectors are
 * then reconciled, so a second writer re-merging an old delta cannot bring back deleted entities or
 * embed-time labels. Records without both ids are upserted as they are. Any error propagates (the final
 * merge fails). Returns the number of records upserted.
 */
export async function mergeRecordsReconciled(table: Table, snapshot: Collection, collection: ChromaCollection, records: readonly VectorRecord[]): Promise<number> {
  const byReceipt = new Map<string, { receipt: ReceiptRef; records: VectorRecord[] }>();
  const loose: VectorRecord[] = [];
  for (const record of records) {
    const imageId = record.metadata?.image_id;
    const receiptId = Number(record.metadata?.receipt_id);
    if (typeof imageId !== 'string' || !Number.isSafeInteger(receiptId)) {
      loose.push(record);
      continue;
    }
    const receipt = { image_id: imageId, receipt_id: receiptId };
    const group = byReceipt.get(receiptKeyOf(receipt)) ?? { receipt, records: [] };
    group.records.push(record);
    byReceipt.set(receiptKeyOf(receipt), group);
  }
  let merged = await upsertInBatches(snapshot, loose);
  for (const { receipt, records: group } of byReceipt.values()) {
    const state = await readReceiptState(table, receipt);
    merged += await upsertInBatches(snapshot, existingRecords(group, collection, state));
    await reconcileReceiptVectors(snapshot, collection, state);
  }
  return merged;
}

async function upsertInBatches(snapshot: Collection, records: readonly VectorRecord[]): Promise<number> {
  for (let start = 0; start < records.length; start += upsertBatchSize) await snapshot.upsert(records.slice(start, start + upsertBatchSize));
  return records.length;
}
