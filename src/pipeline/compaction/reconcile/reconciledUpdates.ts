import type { Collection } from '../../../ports/vectorStore.js';
import { errorText } from '../../snapshot/errorText.js';
import type { CompactionCollection, CompactionMessage } from '../compactionMessage.js';
import type { CompactionPorts } from '../operations/compactionPorts.js';
import { mergeDeltas } from '../operations/deltaMerge.js';
import { type ReceiptRef, receiptKeyOf, receiptOf } from '../operations/messageFields.js';
import { categorize } from '../operations/ordering.js';
import { recomputeSections } from '../operations/sectionRecompute.js';
import type { CollectionUpdateResults, ReceiptUpdateResult } from '../results.js';
import { existingRecords, reconcileReceiptVectors } from './reconcileReceipt.js';
import { type ReceiptState, readReceiptState } from './receiptState.js';

/**
 * `process_collection_updates` under `chromaReconcile` (ours; head era). A message says only WHICH receipt
 * changed; what Chroma must hold is read from DynamoDB, strongly consistent, while the cycle runs:
 * 1. delta merges as §3.5, but only the records whose word or row exists now;
 * 2. every receipt any message of the batch names (runs, places, labels, sections, removals) is
 *    reconciled: vectors of entities that are gone deleted, merchant and label metadata set from the
 *    current place and labels (reconciledMetadata.ts);
 * 3. the section recompute of §3.9 (LINES), as head.
 * A receipt whose state cannot be read or written fails every message naming it (reported with the place
 * results, §3.10), so SQS redelivers them; nothing is acknowledged unapplied. Because each cycle reads
 * DynamoDB after it downloaded the snapshot and `conditionalPut` refuses a promotion over a pointer that
 * moved, a change acknowledged by one cycle is never overwritten by a cycle that read older state.
 */
export async function applyReconciledUpdates(
  ports: CompactionPorts,
  snapshot: Collection,
  collectionName: CompactionCollection,
  messages: readonly CompactionMessage[],
  workDir: string,
): Promise<CollectionUpdateResults> {
  const states = new Map<string, ReceiptState>();
  const stateOf = async (receipt: ReceiptRef): Promise<ReceiptState> => {
    const key = receiptKeyOf(receipt);
    const known = states.get(key);
    if (known !== undefined) return known;
    const state = await readReceiptState(ports.table, receipt);
    states.set(key, state);
    return state;
  };
  const steps = categorize(messages, { era: 'head' });
  const deltaMerges = await mergeDeltas(ports, snapshot, collectionName, steps.compactionRuns, {
    era: 'head',
    workDir,
    keepRecords: async (receipt, records) => existingRecords(records, collectionName, await stateOf(receipt)),
  });
  const receipts = new Map<string, ReceiptRef>();
  for (const message of messages) {
    const receipt = receiptOf(message);
    receipts.set(receiptKeyOf(receipt), receipt);
  }
  const reconciled: ReceiptUpdateResult[] = [];
  for (const receipt of receipts.values()) {
    try {
      const counts = await reconcileReceiptVectors(snapshot, collectionName, await stateOf(receipt));
      reconciled.push({ kind: 'reconcile', ...receipt, updated: counts.updated + counts.deleted, error: null });
    } catch (error) {
      ports.log('error', 'Receipt reconciliation failed; its messages fail', { ...receipt, error: errorText(error) });
      reconciled.push({ kind: 'reconcile', ...receipt, updated: 0, error: errorText(error) });
    }
  }
  let sectionUpdates: ReceiptUpdateResult[] = [];
  if (collectionName === 'lines' && steps.sectionUpdates.length + deltaMerges.length > 0) {
    sectionUpdates = await recomputeSections(ports, snapshot, [...steps.sectionUpdates.map(receiptOf), ...deltaMerges.map((r) => ({ image_id: r.image_id, receipt_id: r.receipt_id }))]);
  }
  return { deltaMerges, placeUpdates: reconciled, labelUpdates: [], sectionUpdates, deletions: [] };
}
