import { latestDirectVersion, versionedPrefix } from '../pipeline/snapshot/layout.js';
import type { EfsCopy } from './efsCopies.js';
import type { PointerMove } from './pointerMoves.js';
import { type SnapshotTimeline, fetchedStore } from './snapshotTimeline.js';
import type { SnapshotRead } from './snapshotReads.js';

/**
 * What a promoted version was built on, from the trace: the last store its writing invocation obtained,
 * for that collection, before it began uploading the version: a download (§5.3; one that fetched no store
 * counts as an empty store), a copy of an EFS cache directory (§8.3 step 3: the version that directory
 * held), or a version the same invocation promoted earlier (the empty snapshot of §5.3 step 3, or an
 * earlier cycle). Nothing obtained: built on an empty store (null).
 */
export interface Provenance {
  /** The version built on; null for an empty store; undefined when the trace cannot tell. */
  readonly base: string | null | undefined;
  readonly how: string;
  /** The step where the writer obtained it. */
  readonly step: number | undefined;
}

interface Candidate extends Provenance {
  readonly step: number;
}

export function provenanceOf(timeline: SnapshotTimeline, move: PointerMove): Provenance {
  const prefix = versionedPrefix(move.collection, move.version);
  const own = timeline.history
    .keysUnder(prefix)
    .flatMap((key) => timeline.history.writesOf(key).filter((w) => !w.deleted && w.invocation === move.invocation && w.step < move.step).map((w) => w.step));
  const uploadStart = own.length === 0 ? move.step : Math.min(...own);
  const mine = <T extends { readonly invocation: string; readonly collection: string }>(x: T): boolean =>
    x.invocation === move.invocation && x.collection === move.collection;
  const candidates: Candidate[] = [
    ...timeline.reads.filter((r) => mine(r) && !r.ownVersion && r.steps[0]! < uploadStart).map((r) => fromRead(r, 'downloaded')),
    ...timeline.moves.filter((m) => mine(m) && m.step < uploadStart).map((m) => ({ base: m.version, how: 'promoted it itself', step: m.step })),
    ...timeline.copies.filter((c) => mine(c) && c.steps[0]! < uploadStart).map(fromCopy),
  ];
  const latest = candidates.sort((a, b) => a.step - b.step).at(-1);
  return latest ?? { base: null, how: 'obtained no store', step: undefined };
}

function fromRead(read: SnapshotRead, how: string): Candidate {
  const empty = read.version === latestDirectVersion || !fetchedStore(read);
  return { base: empty ? null : read.version, how: empty ? `${how} nothing` : how, step: read.steps[0]! };
}

function fromCopy(copy: EfsCopy): Candidate {
  const step = copy.steps[0]!;
  const how = `copied EFS directory ${copy.name}`;
  const label = copy.label;
  if (label === undefined) return { base: undefined, how, step };
  if (label.kind === 'published') return { base: label.version, how, step };
  if (label.read === undefined) return { base: undefined, how, step };
  return { ...fromRead(label.read, how), step };
}
