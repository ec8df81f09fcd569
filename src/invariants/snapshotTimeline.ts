import type { StoredRecordView } from '../adapters/chroma/storeFiles.js';
import { hashFileName, tarballName, versionedPrefix } from '../pipeline/snapshot/layout.js';
import { BucketHistory } from './bucketHistory.js';
import { type EfsCopy, efsCopies } from './efsCopies.js';
import type { PipelineInspection } from './pipelineInspection.js';
import { type PointerMove, pointerMoves, relativeTo, uploadedObjects } from './pointerMoves.js';
import { SnapshotJudge } from './snapshotJudge.js';
import { snapshotCollections } from './snapshotKeys.js';
import { type SnapshotRead, snapshotReads } from './snapshotReads.js';

/**
 * The snapshot side of a run, derived once from an inspection and shared by the snapshot checkers: the
 * bucket through time, the pointer's moves, the downloads, the EFS copies, and the verdict on what each
 * reader got.
 */
export interface SnapshotTimeline {
  readonly history: BucketHistory;
  readonly moves: readonly PointerMove[];
  readonly reads: readonly SnapshotRead[];
  readonly copies: readonly EfsCopy[];
  readonly judge: SnapshotJudge;
}

export function snapshotTimeline(inspection: PipelineInspection, judge = new SnapshotJudge()): SnapshotTimeline {
  const history = new BucketHistory(inspection.trace, inspection.bucket);
  const reads = snapshotReads(inspection.trace, history);
  return {
    history,
    moves: snapshotCollections.flatMap((c) => pointerMoves(history, c)).sort((a, b) => a.step - b.step),
    reads,
    copies: inspection.era === 'seed' ? efsCopies(inspection.trace, reads) : [],
    judge,
  };
}

/** What is wrong with the bytes a download got, if anything: files cleanup deleted before it fetched them, or an unsound store. */
export function readProblem(timeline: SnapshotTimeline, read: SnapshotRead): { readonly problem: string; readonly step: number } | undefined {
  if (!read.prefix.includes('/snapshot/timestamped/')) return undefined;
  const first = read.steps[0]!;
  const last = read.steps.at(-1)!;
  const uploaded = uploadedObjects(timeline.history, read.prefix, first);
  const wanted = uploaded.has(tarballName) ? [tarballName] : [...uploaded.keys()].filter((path) => path !== hashFileName);
  const deleted = wanted.flatMap((path) => {
    if (read.fetched.has(path)) return [];
    const deletion = timeline.history.writesOf(`${read.prefix}${path}`).find((w) => w.deleted && w.step <= last);
    return deletion === undefined ? [] : [{ path, deletion }];
  });
  if (deleted.length > 0) {
    const { path, deletion } = deleted[0]!;
    return { problem: `partial download: ${deleted.length} of ${wanted.length} files deleted before it fetched them (first ${path}, step ${deletion.step} by ${deletion.invocation})`, step: deletion.step };
  }
  if (read.failed || !fetchedStore(read)) return undefined;
  const integrity = timeline.judge.integrity(read.fetched);
  return integrity.sound ? undefined : { problem: problemsText(integrity.problems), step: last };
}

export function problemsText(problems: readonly string[]): string {
  return problems.slice(0, 3).join('; ').replaceAll('\n', ' / ');
}

/** Whether a download fetched a store at all (a database file or a tarball), rather than nothing. */
export function fetchedStore(read: SnapshotRead): boolean {
  return [...read.fetched.keys()].some((path) => path !== hashFileName);
}

/**
 * The records of the collection in the version a pointer move named, as its objects were just before
 * `step` (the promotion: the version as published; Infinity: as it is now); undefined when unreadable.
 */
export function recordsAt(timeline: SnapshotTimeline, move: PointerMove, step: number): readonly StoredRecordView[] | undefined {
  const prefix = versionedPrefix(move.collection, move.version);
  const objects = relativeTo(prefix, timeline.history.prefixBefore(prefix, step));
  if (objects.size === 0) return undefined;
  if (!timeline.judge.integrity(objects).sound) return undefined;
  return timeline.judge.recordsOf(objects)?.get(move.collection) ?? [];
}
