import type { Collection } from '../../../ports/vectorStore.js';
import { downloadDelta } from '../../delta/downloadDelta.js';
import { errorText } from '../../snapshot/errorText.js';
import type { CompactionMessage } from '../compactionMessage.js';
import type { DeltaMergeResult } from '../results.js';
import type { CompactionPorts } from './compactionPorts.js';
import { readDeltaRecords } from './deltaRecords.js';
import { receiptOf, stringField } from './messageFields.js';

/**
 * The seed era's delta merge (spec §8.3): only `{prefix}/delta.tar.gz`, extracted into one `delta` folder
 * of the work directory that every run of the batch shares and that is not emptied between runs, so files
 * an earlier delta left behind are read with the next one. No prefix, or a failed download or extract →
 * the run is skipped (no result: not marked, message not failed). All records go in one upsert; only the
 * first 10 ids are read back and a shortfall is only logged. A read, upsert or verification error keeps the
 * result with count 0 and no error, so the run is marked COMPLETED with 0 vectors.
 */
const verificationSample = 10;

export async function mergeDeltasSeedEra(
  ports: CompactionPorts,
  snapshot: Collection,
  collectionName: string,
  runMessages: readonly CompactionMessage[],
  workDir: string,
): Promise<DeltaMergeResult[]> {
  const results: DeltaMergeResult[] = [];
  for (const message of runMessages) {
    const runId = stringField(message, 'run_id') ?? 'None';
    const prefix = stringField(message, 'delta_s3_prefix');
    if (prefix === undefined) {
      ports.log('warning', 'COMPACTION_RUN message without delta_s3_prefix; skipped', { run_id: runId });
      continue;
    }
    const download = await downloadDelta(ports, prefix, workDir, runId, 'seed');
    if (download.status === 'failed') {
      ports.log('warning', 'Delta download or extract failed; run skipped', { run_id: runId, error: download.error });
      continue;
    }
    let merged = 0;
    try {
      const records = await readDeltaRecords(ports, download.path, collectionName);
      if (records.length > 0) {
        await snapshot.upsert(records);
        const sample = records.slice(0, verificationSample).map((r) => r.id);
        const found = (await snapshot.get({ ids: sample, include: [] })).ids.length;
        if (found < sample.length) ports.log('warning', `Only ${found} of ${sample.length} sampled vectors found after upsert`, { run_id: runId });
      }
      merged = records.length;
    } catch (error) {
      ports.log('error', 'Delta merge failed; counted as 0 vectors', { run_id: runId, error: errorText(error) });
    }
    results.push({ run_id: runId, ...receiptOf(message), merged_count: merged, error: null, record_id: message.context.record_id });
  }
  return results;
}
