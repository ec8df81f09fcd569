import type { StoredRecordView } from '../adapters/chroma/storeFiles.js';
import { DynamoState, text } from '../invariants/dynamoState.js';
import { expectedMetadata } from '../invariants/expectedMetadata.js';
import { snapshotCollections } from '../invariants/snapshotKeys.js';
import type { CompactionCollection } from '../pipeline/compaction/compactionMessage.js';
import { parseLockTimestamp } from '../pipeline/entities/compactionLock.js';
import type { Era } from '../pipeline/config/flags.js';
import { NoSuchKey } from '../ports/errors.js';
import type { ObjectStore } from '../ports/objectStore.js';
import type { Item } from '../ports/values.js';
import { type CurrentSnapshot, inspectArchive, readCurrentSnapshot } from './snapshotReader.js';

/**
 * The invariants of design.md judged on real state read back from the target (a soak's trace records only its requests, so
 * only what the end state shows can be checked):
 * - snapshotIntegrity: the version each pointer names downloads, extracts and is a sound store (checkpoints
 *   and after the drain);
 * - convergence: every record of each current snapshot holds what `expectedMetadata` derives from a
 *   consistent scan of the table, and records of entities DynamoDB no longer has are gone;
 * - noLostUpdates: every COMPLETED CompactionRun's delta records (of entities still in DynamoDB) are in
 *   the collection's current snapshot;
 * - liveness: the drain emptied every queue and the stream within the drain timeout, no DLQ holds a
 *   message, no stream batch was discarded, and no compaction lock is held.
 */
export interface SoakCheck {
  readonly name: 'snapshotIntegrity' | 'convergence' | 'noLostUpdates' | 'liveness';
  /** `checkpoint N` or `after drain`. */
  readonly when: string;
  readonly at: string;
  readonly passed: boolean;
  readonly summary: string;
  readonly problems: readonly string[];
}

export type Snapshots = ReadonlyMap<CompactionCollection, CurrentSnapshot | undefined>;

const shownProblems = 10;

function check(name: SoakCheck['name'], when: string, summary: string, problems: readonly string[]): SoakCheck {
  return { name, when, at: new Date().toISOString(), passed: problems.length === 0, summary, problems: problems.slice(0, shownProblems) };
}

export async function readSnapshots(store: ObjectStore): Promise<Snapshots> {
  const snapshots = new Map<CompactionCollection, CurrentSnapshot | undefined>();
  for (const collection of snapshotCollections) snapshots.set(collection, await readCurrentSnapshot(store, collection));
  return snapshots;
}

export function snapshotIntegrityCheck(snapshots: Snapshots, when: string): SoakCheck {
  const problems: string[] = [];
  const judged: string[] = [];
  for (const [collection, snapshot] of snapshots) {
    if (snapshot === undefined) continue;
    judged.push(`${collection}@${snapshot.version} (${Math.round(snapshot.bytes / 1024)} KiB)`);
    for (const problem of snapshot.inspection.integrity.problems) problems.push(`${collection} ${snapshot.version}: ${problem}`);
  }
  return check('snapshotIntegrity', when, judged.length === 0 ? 'no pointer yet' : `judged ${judged.join(', ')}`, problems);
}

export function convergenceCheck(era: Era, items: readonly Item[], snapshots: Snapshots, when: string): SoakCheck {
  const state = new DynamoState(era, items);
  const problems: string[] = [];
  let records = 0;
  for (const [collection, snapshot] of snapshots) {
    for (const record of snapshot?.inspection.records.get(collection) ?? []) {
      records++;
      const problem = recordProblem(state, record);
      if (problem !== undefined) problems.push(`${collection} ${record.id}: ${problem}`);
    }
  }
  return check('convergence', when, `${records} records against ${items.length} items`, problems);
}

export async function noLostUpdatesCheck(era: Era, items: readonly Item[], snapshots: Snapshots, store: ObjectStore, when: string): Promise<SoakCheck> {
  const state = new DynamoState(era, items);
  const problems: string[] = [];
  let runs = 0;
  for (const [collection, snapshot] of snapshots) {
    const present = new Set((snapshot?.inspection.records.get(collection) ?? []).map((r) => r.id));
    for (const run of items.filter((item) => item.TYPE === 'COMPACTION_RUN' && item[`${collection}_state`] === 'COMPLETED')) {
      const delta = await deltaRecords(store, run, collection);
      if (delta === undefined) continue;
      runs++;
      const missing = delta.filter((record) => expectedMetadata(state, record.id).exists && !present.has(record.id));
      if (missing.length > 0) problems.push(`${collection} run ${text(run, 'run_id') ?? '?'}: ${missing.length} of its vectors missing from ${snapshot?.version ?? 'no snapshot'}, e.g. ${missing[0]!.id}`);
    }
  }
  return check('noLostUpdates', when, `${runs} completed run deltas checked`, problems);
}

export interface DrainOutcome {
  readonly drained: boolean;
  readonly waitedMs: number;
  /** Messages left per queue, DLQs included. */
  readonly depths: Readonly<Record<string, number>>;
  readonly deadLetters: number;
  readonly streamRecordsDiscarded: number;
}

export function livenessCheck(drain: DrainOutcome, items: readonly Item[], nowMs: number, when: string): SoakCheck {
  const problems: string[] = [];
  if (!drain.drained) problems.push(`not drained after ${Math.round(drain.waitedMs / 1000)} s: ${JSON.stringify(drain.depths)}`);
  if (drain.deadLetters > 0) problems.push(`${drain.deadLetters} messages in dead-letter queues`);
  if (drain.streamRecordsDiscarded > 0) problems.push(`${drain.streamRecordsDiscarded} stream records discarded after their retries`);
  for (const item of items.filter((i) => i.TYPE === 'COMPACTION_LOCK')) {
    const expires = parseLockTimestamp(text(item, 'expires') ?? '');
    if (expires !== undefined && expires > nowMs * 1000) problems.push(`lock ${String(item.PK)} held by ${text(item, 'owner') ?? '?'} until ${text(item, 'expires') ?? '?'}`);
  }
  return check('liveness', when, `drained in ${Math.round(drain.waitedMs / 1000)} s`, problems);
}

function recordProblem(state: DynamoState, record: StoredRecordView): string | undefined {
  const expectation = expectedMetadata(state, record.id, rowLineIds(record));
  if (!expectation.exists) return `a vector exists, expected none (${expectation.reason})`;
  const differing = expectation.clauses.flatMap((clause) => {
    const actual = clause.check(record.metadata, record.document);
    return actual === undefined ? [] : [`expected ${clause.expected} [${clause.spec}], got ${actual}`];
  });
  return differing.length === 0 ? undefined : differing.slice(0, 3).join('; ');
}

function rowLineIds(record: StoredRecordView): number[] | undefined {
  const listed = record.metadata.row_line_ids;
  if (typeof listed !== 'string') return undefined;
  try {
    return (JSON.parse(listed) as unknown[]).map(Number);
  } catch {
    return undefined;
  }
}

/** The delta of a run for a collection (`{c}_delta_prefix` + `delta.tar.gz`, §1.4, §5.1); undefined when gone. */
async function deltaRecords(store: ObjectStore, run: Item, collection: CompactionCollection): Promise<readonly StoredRecordView[] | undefined> {
  const prefix = text(run, `${collection}_delta_prefix`);
  if (prefix === undefined) return undefined;
  const key = `${prefix.replace(/^s3:\/\/[^/]+\//, '').replace(/^\/+/, '').replace(/\/?$/, '/')}delta.tar.gz`;
  try {
    return inspectArchive((await store.getObject(key)).body).records.get(collection);
  } catch (error) {
    if (error instanceof NoSuchKey) return undefined;
    throw error;
  }
}
