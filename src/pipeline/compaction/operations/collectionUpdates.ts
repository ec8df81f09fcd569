import type { Collection } from '../../../ports/vectorStore.js';
import type { CompactionCollection, CompactionMessage } from '../compactionMessage.js';
import type { CollectionUpdateResults, DeltaMergeResult } from '../results.js';
import type { CompactionPorts } from './compactionPorts.js';
import { type MergeDeltasOptions, mergeDeltas } from './deltaMerge.js';
import { applyDeletions } from './deletions.js';
import { applyLabelUpdates } from './labelUpdates.js';
import { type ReceiptRef, receiptOf } from './messageFields.js';
import { categorize } from './ordering.js';
import { applyPlaceUpdates } from './placeUpdates.js';
import { recomputeSections } from './sectionRecompute.js';

/**
 * `process_collection_updates` (spec §3.3, §3.4 step 5): one collection's messages, already sorted and
 * de-duplicated by the caller, applied to the open snapshot collection in the fixed order delta merge →
 * place updates → label updates → section recompute (LINES only: the section messages' receipts plus the
 * receipts of this cycle's delta merges) → deletions. The delta merge is skipped with a warning when
 * `CHROMADB_BUCKET` is empty. The seed era runs the merges, metadata and label steps only (§8.3).
 */
export type CollectionUpdateOptions = MergeDeltasOptions;

export async function applyCollectionUpdates(
  ports: CompactionPorts,
  snapshot: Collection,
  collectionName: CompactionCollection,
  messages: readonly CompactionMessage[],
  options: CollectionUpdateOptions,
): Promise<CollectionUpdateResults> {
  const { era } = options;
  const steps = categorize(messages, { era });
  let deltaMerges: DeltaMergeResult[] = [];
  if (steps.compactionRuns.length > 0 && ports.store.bucket === '') {
    ports.log('warning', 'CHROMADB_BUCKET is empty; delta merges skipped', { runs: steps.compactionRuns.length });
  } else {
    deltaMerges = await mergeDeltas(ports, snapshot, collectionName, steps.compactionRuns, options);
  }
  const placeUpdates = await applyPlaceUpdates(ports, snapshot, collectionName, steps.placeUpdates, { era });
  const labelUpdates = await applyLabelUpdates(ports, snapshot, collectionName, steps.labelUpdates, { era });
  let sectionUpdates: CollectionUpdateResults['sectionUpdates'] = [];
  if (era === 'head' && collectionName === 'lines') {
    const receipts: ReceiptRef[] = [...steps.sectionUpdates.map(receiptOf), ...deltaMerges.map((r) => ({ image_id: r.image_id, receipt_id: r.receipt_id }))];
    if (receipts.length > 0) sectionUpdates = await recomputeSections(ports, snapshot, receipts);
  }
  const deletions = await applyDeletions(ports, snapshot, collectionName, steps.deletions);
  return { deltaMerges, placeUpdates, labelUpdates, sectionUpdates, deletions };
}
