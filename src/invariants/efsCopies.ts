import type { CompactionCollection } from '../pipeline/compaction/compactionMessage.js';
import type { TraceEntry } from '../sim/trace.js';
import type { SnapshotRead } from './snapshotReads.js';
import { detailText, invocationOf } from './traceSteps.js';

/**
 * The seed era's EFS snapshot cache (§5.4, §8.3) read back from the trace. A directory
 * `{root}/snapshots/{c}/{name}/` gets its content either by a fill (a download into a temporary EFS
 * directory renamed to `name`, so it holds the version that download fetched, which is `name` only if the
 * pointer did not move) or by a publish (the compactor that promoted version `name` copies its `/tmp` work
 * directory in). A compactor copies a directory into its `/tmp` (a copy); retention and publishes remove
 * directories. The file system is not versioned, so a copy is judged by what the directory held (its
 * label) and by whether another actor wrote, removed or renamed under it while the copy ran; a publish is
 * torn when another actor (the never-closed client's flusher, §8.3) wrote a file the copy read while it ran.
 */
export type EfsLabel =
  | { readonly kind: 'filled'; readonly step: number; readonly invocation: string; readonly read: SnapshotRead | undefined }
  | { readonly kind: 'published'; readonly step: number; readonly invocation: string; readonly version: string; torn?: { readonly step: number; readonly actor: string } };

export interface EfsCopy {
  readonly actor: string;
  readonly invocation: string;
  readonly collection: CompactionCollection;
  /** The directory's name (the version the compactor asked for). */
  readonly name: string;
  readonly steps: number[];
  /** What the directory held when the copy began (undefined: nothing the trace explains). */
  readonly label: EfsLabel | undefined;
  /** Writes, removals and renames by other actors under the directory while the copy ran. */
  readonly disturbances: { readonly step: number; readonly actor: string }[];
}

/** The world's EFS file system is named `efs`, so its trace entities read `fs://efs/...`. */
const efsEntity = 'fs://efs/';
const snapshotDir = /^(.*\/snapshots\/(lines|words)\/([^/.][^/]*))(\/.*)?$/;

interface DirectoryRef {
  readonly dir: string;
  readonly collection: CompactionCollection;
  readonly name: string;
}

function directoryOf(path: string | undefined): DirectoryRef | undefined {
  const match = path === undefined ? null : snapshotDir.exec(path);
  return match === null ? undefined : { dir: match[1]!, collection: match[2] as CompactionCollection, name: match[3]! };
}

const onEfs = (entry: TraceEntry): boolean => entry.entities.some((e) => e.startsWith(efsEntity));

export function efsCopies(trace: readonly TraceEntry[], reads: readonly SnapshotRead[]): EfsCopy[] {
  const labels = new Map<string, EfsLabel>();
  const copies = new Map<string, EfsCopy>();
  const touches = new Map<string, { step: number; actor: string }[]>();
  const publishes: { label: Extract<EfsLabel, { kind: 'published' }>; dir: string }[] = [];
  for (const entry of trace) {
    if (!entry.op.startsWith('fs.')) continue;
    if (!onEfs(entry)) continue;
    const path = detailText(entry, 'path');
    const target = directoryOf(path);
    const invocation = invocationOf(entry);
    if (entry.op === 'fs.rename') {
      const to = directoryOf(detailText(entry, 'to'));
      if (to !== undefined && to.dir === detailText(entry, 'to')) {
        const read = reads.findLast((r) => r.invocation === invocation && r.collection === to.collection && r.steps[0]! < entry.step);
        labels.set(to.dir, { kind: 'filled', step: entry.step, invocation, read });
        touch(touches, to.dir, entry);
      }
    }
    if (target === undefined) {
      if (entry.op === 'fs.remove' && path !== undefined) for (const dir of labels.keys()) if (dir.startsWith(`${path}/`)) removed(labels, touches, dir, entry);
      continue;
    }
    if (entry.op === 'fs.remove' && path === target.dir) {
      removed(labels, touches, target.dir, entry);
    } else if (entry.op === 'fs.write' || entry.op === 'fs.mkdir') {
      const label = labels.get(target.dir);
      if (label === undefined || label.kind === 'filled' || label.invocation !== invocation) {
        const published: EfsLabel = { kind: 'published', step: entry.step, invocation, version: target.name };
        if (label !== undefined) published.torn = { step: entry.step, actor: entry.actor };
        labels.set(target.dir, published);
        publishes.push({ label: published, dir: target.dir });
      }
      touch(touches, target.dir, entry);
    } else if (entry.op === 'fs.read' || entry.op === 'fs.readdir') {
      const id = `${entry.actor}|${target.dir}`;
      let copy = copies.get(id);
      if (copy === undefined) {
        copy = { actor: entry.actor, invocation, collection: target.collection, name: target.name, steps: [], label: labels.get(target.dir), disturbances: [] };
        copies.set(id, copy);
      }
      copy.steps.push(entry.step);
    } else if (entry.op !== 'fs.stat') {
      touch(touches, target.dir, entry);
    }
  }
  for (const { label, dir } of publishes) label.torn ??= publishTear(trace, label, dir);
  return [...copies.entries()].map(([id, copy]) => {
    const dir = id.slice(copy.actor.length + 1);
    const first = copy.steps[0]!;
    const last = copy.steps.at(-1)!;
    copy.disturbances.push(...(touches.get(dir) ?? []).filter((t) => t.actor !== copy.actor && t.step > first && t.step < last));
    return copy;
  });
}

function touch(touches: Map<string, { step: number; actor: string }[]>, dir: string, entry: TraceEntry): void {
  const list = touches.get(dir);
  if (list === undefined) touches.set(dir, [{ step: entry.step, actor: entry.actor }]);
  else list.push({ step: entry.step, actor: entry.actor });
}

function removed(labels: Map<string, EfsLabel>, touches: Map<string, { step: number; actor: string }[]>, dir: string, entry: TraceEntry): void {
  labels.delete(dir);
  touch(touches, dir, entry);
}

/**
 * A publish copies the compactor's `/tmp` work directory file by file into the EFS directory; it is torn
 * when another actor wrote one of the files it read while the copy ran (from its first to its last write
 * into the directory).
 */
function publishTear(trace: readonly TraceEntry[], label: Extract<EfsLabel, { kind: 'published' }>, dir: string): { step: number; actor: string } | undefined {
  const writesInto = trace.filter((e) => e.op === 'fs.write' && invocationOf(e) === label.invocation && onEfs(e) && detailText(e, 'path')?.startsWith(`${dir}/`) === true);
  const last = writesInto.at(-1)?.step;
  if (last === undefined) return undefined;
  const window = trace.slice(label.step, last + 1);
  const sources = new Set(window.filter((e) => e.op === 'fs.read' && invocationOf(e) === label.invocation && !onEfs(e)).flatMap((e) => e.entities));
  const reader = trace[label.step]!.actor;
  const tear = window.find((e) => e.op === 'fs.write' && e.actor !== reader && e.entities.some((x) => sources.has(x)));
  return tear === undefined ? undefined : { step: tear.step, actor: tear.actor };
}
