import type { ObjectVersion } from '../adapters/memory/s3/versionedBucket.js';
import type { CompactionCollection } from '../pipeline/compaction/compactionMessage.js';
import { pointerKey } from '../pipeline/snapshot/layout.js';
import type { BucketHistory } from './bucketHistory.js';

/**
 * The pointer's history (§5.1, §5.2 step 5): every put S3 applied to `{c}/snapshot/latest-pointer.txt`
 * (an error returned after the effect included), with the version id its body names, and the objects a
 * version's uploader put under its prefix.
 */
export interface PointerMove {
  readonly step: number;
  readonly collection: CompactionCollection;
  readonly version: string;
  readonly invocation: string;
}

export function pointerMoves(history: BucketHistory, collection: CompactionCollection): PointerMove[] {
  const key = pointerKey(collection);
  return history.writesOf(key).flatMap((write) => {
    if (write.deleted) return [];
    const object = history.version(key, write.versionId);
    const version = object === undefined ? '' : new TextDecoder().decode(object.body).trim();
    return [{ step: write.step, collection, version, invocation: write.invocation }];
  });
}

/** The objects put under the prefix before `step` (the last put of each key, deleted or not), by path below the prefix. */
export function uploadedObjects(history: BucketHistory, prefix: string, step: number): Map<string, ObjectVersion> {
  const objects = new Map<string, ObjectVersion>();
  for (const key of history.keysUnder(prefix)) {
    const put = history.writesOf(key).findLast((w) => !w.deleted && w.step < step);
    const object = put === undefined ? undefined : history.version(key, put.versionId);
    if (object !== undefined) objects.set(key.slice(prefix.length), object);
  }
  return objects;
}

/** Paths below the prefix, for a map keyed by full keys. */
export function relativeTo(prefix: string, objects: ReadonlyMap<string, ObjectVersion>): Map<string, ObjectVersion> {
  return new Map([...objects].map(([key, object]) => [key.slice(prefix.length), object]));
}
