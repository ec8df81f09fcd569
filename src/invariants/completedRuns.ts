import type { StoredRecordView } from '../adapters/chroma/storeFiles.js';
import type { CompactionCollection } from '../pipeline/compaction/compactionMessage.js';
import type { Item } from '../ports/values.js';
import { type DynamoState, tableEntity, text } from './dynamoState.js';
import { expectedMetadata } from './expectedMetadata.js';
import type { PipelineInspection } from './pipelineInspection.js';
import { type SnapshotTimeline, recordsAt } from './snapshotTimeline.js';
import { invocationOf } from './traceSteps.js';

/**
 * The vectors of COMPLETED CompactionRuns (§1.4) against a collection's current snapshot: per run whose
 * `{c}_state` is COMPLETED, the records of its delta (`{c}_delta_prefix` + `delta.tar.gz`, §1.4, §5.1)
 * whose entity and receipt DynamoDB still has (the word, or the row's primary line), and how many records the
 * snapshot holds for each (a row also counts records of its other lines, §3.11).
 */
export interface CurrentSnapshot {
  readonly version: string;
  readonly step: number;
  readonly records: readonly StoredRecordView[];
}

export interface RunVectors {
  readonly runId: string;
  readonly expected: number;
  readonly missing: readonly string[];
  readonly duplicated: readonly string[];
  /** The table writes that marked the run (a run has one per collection, §1.4). */
  readonly completedSteps: readonly number[];
  /**
   * The promotion of the first version lacking a missing vector, from the version current when the run
   * was marked COMPLETED on (when that one lacks it, the run's vectors were never merged).
   */
  readonly lostAt: number | undefined;
  readonly neverMerged: boolean;
}

const deltaArchive = 'delta.tar.gz';

export function completedRunVectors(
  inspection: PipelineInspection,
  timeline: SnapshotTimeline,
  state: DynamoState,
  collection: CompactionCollection,
  current: CurrentSnapshot,
): RunVectors[] {
  const counts = new Map<string, number>();
  for (const record of current.records) counts.set(record.id, (counts.get(record.id) ?? 0) + 1);
  const runs: RunVectors[] = [];
  for (const run of state.items.filter((item) => item.TYPE === 'COMPACTION_RUN' && item[`${collection}_state`] === 'COMPLETED')) {
    const delta = deltaRecords(timeline, run, collection);
    if (delta === undefined) continue;
    // A record whose entity or receipt DynamoDB no longer has is owed no vector (convergence wants none).
    const alive = delta.filter((record) => expectedMetadata(state, record.id).exists);
    const missing = alive.filter((record) => (counts.get(record.id) ?? 0) === 0).map((r) => r.id);
    const duplicated = alive.filter((record) => (counts.get(record.id) ?? 0) > 1 || otherRowLines(record).some((id) => counts.has(id))).map((r) => r.id);
    const entity = tableEntity(run);
    const marks = inspection.trace.filter((e) => e.op === 'dynamodb.UpdateItem' && e.outcome === 'ok' && e.entities.includes(entity));
    // The mark of this collection comes from an invocation that promoted a version of it just before (§3.4 step 8).
    const ours = marks.filter((e) => timeline.moves.some((m) => m.collection === collection && m.invocation === invocationOf(e) && m.step < e.step));
    const completedSteps = (ours.length > 0 ? ours : marks).map((e) => e.step);
    const completed = Math.min(...completedSteps);
    const lost = missing.length === 0 ? undefined : lostAt(timeline, collection, missing[0]!, completed);
    runs.push({ runId: text(run, 'run_id') ?? '?', expected: alive.length, missing, duplicated, completedSteps, lostAt: lost, neverMerged: lost !== undefined && lost < completed });
  }
  return runs.filter((r) => r.missing.length > 0 || r.duplicated.length > 0);
}

function deltaRecords(timeline: SnapshotTimeline, run: Item, collection: CompactionCollection): readonly StoredRecordView[] | undefined {
  const prefix = text(run, `${collection}_delta_prefix`);
  if (prefix === undefined) return undefined;
  const key = `${prefix.replace(/^s3:\/\/[^/]+\//, '').replace(/^\/+/, '').replace(/\/?$/, '/')}${deltaArchive}`;
  const object = timeline.history.objectBefore(key, Infinity);
  if (object === undefined) return undefined;
  return timeline.judge.archiveRecords(object)?.get(collection);
}

/** The ids of a row's other lines (§3.11: a row is keyed by its primary line; `row_line_ids` lists all). */
function otherRowLines(record: StoredRecordView): string[] {
  const listed = record.metadata.row_line_ids;
  if (typeof listed !== 'string') return [];
  const lineIds = (JSON.parse(listed) as unknown[]).map(Number);
  const primary = /#LINE#(\d+)$/.exec(record.id);
  if (primary === null) return [];
  const stem = record.id.slice(0, record.id.length - primary[1]!.length);
  return lineIds.filter((id) => id !== Number(primary[1])).map((id) => `${stem}${String(id).padStart(5, '0')}`);
}

/** The promotion, from the version current when the run completed on, of the first version lacking the id. */
function lostAt(timeline: SnapshotTimeline, collection: CompactionCollection, id: string, completed: number): number | undefined {
  const moves = timeline.moves.filter((m) => m.collection === collection);
  const from = Math.max(0, moves.findLastIndex((m) => m.step < completed));
  return moves.slice(from).find((move) => recordsAt(timeline, move, move.step)?.some((r) => r.id === id) === false)?.step;
}
