import type { Collection } from '../../ports/vectorStore.js';
import { downloadDelta } from '../delta/downloadDelta.js';
import type { CompactionPorts } from '../compaction/operations/compactionPorts.js';
import { upsertBatchSize } from '../compaction/operations/deltaMerge.js';
import { readDeltaRecords } from '../compaction/operations/deltaRecords.js';
import { mergeRecordsReconciled } from '../compaction/reconcile/reconciledMerge.js';
import type { ChromaCollection } from '../entities/compactionLock.js';

/**
 * The final merge's delta step (§4.6): each prefix is downloaded into `{workDir}/delta_final_{n}` (the
 * tarball when there is one, else the raw directory layout the step functions write, §5.1), opened
 * read-only and upserted into the snapshot in batches of 250, as the compactor's merge does (§3.5). With
 * `reconcile` (flag `chromaReconcile`, ours) the records go through `mergeRecordsReconciled` instead. The
 * first delta that cannot be downloaded or read fails the whole merge. Returns the vectors merged.
 */
export async function mergeDeltaPrefixes(
  ports: CompactionPorts,
  snapshot: Collection,
  collectionName: ChromaCollection,
  prefixes: readonly string[],
  workDir: string,
  reconcile = false,
): Promise<number> {
  let merged = 0;
  for (const [index, prefix] of prefixes.entries()) {
    const download = await downloadDelta(ports, prefix, workDir, `final_${index + 1}`, 'head');
    if (download.status === 'failed') throw new Error(`delta ${prefix}: ${download.error}`);
    const records = await readDeltaRecords(ports, download.path, collectionName);
    if (reconcile) {
      merged += await mergeRecordsReconciled(ports.table, snapshot, collectionName, records);
      continue;
    }
    for (let start = 0; start < records.length; start += upsertBatchSize) await snapshot.upsert(records.slice(start, start + upsertBatchSize));
    merged += records.length;
  }
  return merged;
}
