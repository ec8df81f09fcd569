import type { Collection, VectorRecord } from '../../../ports/vectorStore.js';
import { downloadDelta } from '../../delta/downloadDelta.js';
import { errorText } from '../../snapshot/errorText.js';
import type { CompactionMessage } from '../compactionMessage.js';
import type { DeltaMergeResult } from '../results.js';
import type { CompactionPorts, EraOption } from './compactionPorts.js';
import { readDeltaRecords } from './deltaRecords.js';
import { type ReceiptRef, receiptOf, stringField } from './messageFields.js';
import { mergeDeltasSeedEra } from './seedDeltaMerge.js';

/**
 * (a) COMPACTION_RUN delta merge (spec §3.5; the seed era's variant is in seedDeltaMerge.ts, §8.3).
 *
 * Head: the run messages one after another, sharing `workDir`. No `delta_s3_prefix` → no result. The delta
 * is downloaded into `{workDir}/delta_{run_id}`, opened read-only, and its records are upserted into the
 * snapshot in batches of 250, each batch then verified with `get(ids, include=[])`, re-checking only the
 * missing ids up to 2 more times after a 1.0 s sleep. Failures come back as the result's `error` with a
 * merged count of 0; the run stays PENDING and its message is retried (§3.10).
 */
export interface MergeDeltasOptions extends EraOption {
  /** The work directory shared by the batch's runs. */
  readonly workDir: string;
  /**
   * Head only: the records of a run's delta that are merged (all of them when absent). `chromaReconcile`
   * keeps those whose word or row still exists; a throw is the run's error.
   */
  readonly keepRecords?: (receipt: ReceiptRef, records: readonly VectorRecord[]) => Promise<VectorRecord[]>;
}

export const upsertBatchSize = 250;
const verificationRetries = 2;
const verificationSleepMs = 1_000;

export async function mergeDeltas(
  ports: CompactionPorts,
  snapshot: Collection,
  collectionName: string,
  runMessages: readonly CompactionMessage[],
  options: MergeDeltasOptions,
): Promise<DeltaMergeResult[]> {
  if (options.era === 'seed') return mergeDeltasSeedEra(ports, snapshot, collectionName, runMessages, options.workDir);
  const results: DeltaMergeResult[] = [];
  for (const message of runMessages) {
    const prefix = stringField(message, 'delta_s3_prefix');
    if (prefix === undefined) {
      ports.log('warning', 'COMPACTION_RUN message without delta_s3_prefix; skipped', { record_id: message.context.record_id });
      continue;
    }
    results.push(await mergeRun(ports, snapshot, collectionName, message, prefix, options));
  }
  return results;
}

async function mergeRun(
  ports: CompactionPorts,
  snapshot: Collection,
  collectionName: string,
  message: CompactionMessage,
  prefix: string,
  options: MergeDeltasOptions,
): Promise<DeltaMergeResult> {
  const runId = stringField(message, 'run_id') ?? 'None';
  const receipt = receiptOf(message);
  const base = { run_id: runId, ...receipt, record_id: message.context.record_id };
  const download = await downloadDelta(ports, prefix, options.workDir, runId, 'head');
  if (download.status === 'failed') {
    ports.log('error', 'Delta download failed', { run_id: runId, error: download.error });
    return { ...base, merged_count: 0, error: download.error };
  }
  try {
    const delta = await readDeltaRecords(ports, download.path, collectionName);
    const records = options.keepRecords === undefined ? delta : await options.keepRecords(receipt, delta);
    const batches = chunks(records, upsertBatchSize);
    for (const batch of batches) await snapshot.upsert(batch);
    let missing = 0;
    for (const batch of batches) missing += await stillMissing(ports, snapshot, batch.map((r) => r.id));
    if (missing > 0) {
      const error = `upsert verification failed: ${missing} of ${records.length} vectors missing`;
      ports.log('error', error, { run_id: runId });
      return { ...base, merged_count: 0, error };
    }
    ports.log('info', 'Merged delta', { run_id: runId, merged_count: records.length });
    return { ...base, merged_count: records.length, error: null };
  } catch (error) {
    ports.log('error', 'Delta merge failed', { run_id: runId, error: errorText(error) });
    return { ...base, merged_count: 0, error: `delta merge failed: ${errorText(error)}` };
  }
}

/** The number of `ids` still missing after the first check and up to two re-checks of the missing ones. */
async function stillMissing(ports: CompactionPorts, snapshot: Collection, ids: readonly string[]): Promise<number> {
  let missing = await missingIds(snapshot, ids);
  for (let retry = 0; retry < verificationRetries && missing.length > 0; retry++) {
    await ports.clock.sleep(verificationSleepMs);
    missing = await missingIds(snapshot, missing);
  }
  return missing.length;
}

async function missingIds(snapshot: Collection, ids: readonly string[]): Promise<string[]> {
  const found = new Set((await snapshot.get({ ids, include: [] })).ids);
  return ids.filter((id) => !found.has(id));
}

function chunks(records: readonly VectorRecord[], size: number): VectorRecord[][] {
  const result: VectorRecord[][] = [];
  for (let start = 0; start < records.length; start += size) result.push(records.slice(start, start + size));
  return result;
}
