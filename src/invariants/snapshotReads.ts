import type { ObjectVersion } from '../adapters/memory/s3/versionedBucket.js';
import type { CompactionCollection } from '../pipeline/compaction/compactionMessage.js';
import type { TraceEntry } from '../sim/trace.js';
import type { BucketHistory } from './bucketHistory.js';
import { pointerCollectionOf, versionFileOf } from './snapshotKeys.js';
import { detailText, invocationOf } from './traceSteps.js';

/**
 * Snapshot downloads read back from the trace. Every download begins with a GET of the collection's pointer
 * (§5.3 step 1, §8.5), then HEADs, lists and GETs the objects of one version's prefix (§5.3 step 2); a
 * post-upload validation (§5.2, Historical) reads the version its invocation just wrote. A read is one
 * invocation's accesses (its own and its tasks') to one version between two of its pointer GETs. A prefix
 * listed and then deleted by the same invocation is a cleanup (§5.2 step 6), not a read.
 */
export interface SnapshotRead {
  readonly invocation: string;
  readonly collection: CompactionCollection;
  readonly version: string;
  readonly prefix: string;
  /** The access steps, in order. */
  readonly steps: readonly number[];
  /** The objects its GETs returned, by path below the prefix. */
  readonly fetched: ReadonlyMap<string, ObjectVersion>;
  /** Whether the invocation wrote objects of this version itself before reading it. */
  readonly ownVersion: boolean;
  /** Whether one of its GETs failed: the download then fails as a whole (§5.3, §8.5) and nothing it fetched is used. */
  readonly failed: boolean;
}

interface Draft {
  readonly invocation: string;
  readonly collection: CompactionCollection;
  readonly version: string;
  readonly prefix: string;
  readonly steps: number[];
  readonly fetched: Map<string, ObjectVersion>;
  objectAccess: boolean;
  failed: boolean;
}

const readOps = new Set(['s3.getObject', 's3.headObject', 's3.listObjects']);

export function snapshotReads(trace: readonly TraceEntry[], history: BucketHistory): SnapshotRead[] {
  const sessions = new Map<string, number>();
  const drafts = new Map<string, Draft>();
  for (const entry of trace) {
    if (!readOps.has(entry.op)) continue;
    const invocation = invocationOf(entry);
    const key = detailText(entry, 'key');
    const pointerOf = key === undefined ? undefined : pointerCollectionOf(key);
    if (pointerOf !== undefined) {
      const session = `${invocation}|${pointerOf}`;
      sessions.set(session, (sessions.get(session) ?? 0) + 1);
      continue;
    }
    const listed = entry.op === 's3.listObjects' && entry.detail?.delimiter === undefined ? detailText(entry, 'prefix') : undefined;
    const file = versionFileOf(key ?? listed ?? '');
    if (file === undefined || (listed !== undefined && file.relative !== '')) continue;
    const id = `${invocation}|${file.collection}|${file.version}|${sessions.get(`${invocation}|${file.collection}`) ?? 0}`;
    let draft = drafts.get(id);
    if (draft === undefined) {
      draft = { invocation, collection: file.collection, version: file.version, prefix: file.prefix, steps: [], fetched: new Map(), objectAccess: false, failed: false };
      drafts.set(id, draft);
    }
    draft.steps.push(entry.step);
    if (entry.op !== 's3.listObjects') draft.objectAccess = true;
    if (entry.op === 's3.getObject' && entry.outcome !== 'ok') draft.failed = true;
    if (entry.op === 's3.getObject' && entry.outcome === 'ok') {
      const object = history.versionRead(entry);
      if (object !== undefined) draft.fetched.set(file.relative, object);
    }
  }
  return [...drafts.values()].filter((d) => d.objectAccess || !cleanedUp(d, history)).map((d) => finish(d, history));
}

/** A listing followed by the same invocation's deletes under the prefix. */
function cleanedUp(draft: Draft, history: BucketHistory): boolean {
  const listedAt = draft.steps[0]!;
  return history.keysUnder(draft.prefix).some((key) => history.writesOf(key).some((w) => w.deleted && w.invocation === draft.invocation && w.step > listedAt));
}

function finish(draft: Draft, history: BucketHistory): SnapshotRead {
  const first = draft.steps[0]!;
  const ownVersion = history
    .keysUnder(draft.prefix)
    .some((key) => history.writesOf(key).some((w) => !w.deleted && w.invocation === draft.invocation && w.step < first));
  return { ...draft, ownVersion };
}
