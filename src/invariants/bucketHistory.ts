import type { BucketEntry, ObjectVersion } from '../adapters/memory/s3/versionedBucket.js';
import type { TraceEntry } from '../sim/trace.js';
import type { BucketView } from './pipelineInspection.js';
import { detailText, invocationOf } from './traceSteps.js';

/**
 * The vectors bucket through time, rebuilt from the trace's S3 write steps (each names the key and the
 * version id S3 gave it; a write S3 refused has none) and the bucket's version history (bodies by version
 * id). So a checker can see a prefix as it was at any step, including versions cleanup deleted later.
 */
export interface BucketWrite {
  readonly step: number;
  readonly key: string;
  readonly versionId: string;
  readonly invocation: string;
  /** A DeleteObject (a delete marker) rather than a put. */
  readonly deleted: boolean;
}

const writeOps = new Set(['s3.putObject', 's3.completeMultipartUpload', 's3.deleteObject']);

export class BucketHistory {
  readonly writes: readonly BucketWrite[];
  private readonly byKey = new Map<string, BucketWrite[]>();
  private readonly entries = new Map<string, readonly BucketEntry[]>();

  constructor(
    trace: readonly TraceEntry[],
    private readonly bucket: BucketView,
  ) {
    const writes: BucketWrite[] = [];
    for (const entry of trace) {
      if (!writeOps.has(entry.op)) continue;
      const key = detailText(entry, 'key');
      const versionId = detailText(entry, 'versionId');
      if (key === undefined || versionId === undefined) continue;
      const write: BucketWrite = { step: entry.step, key, versionId, invocation: invocationOf(entry), deleted: entry.op === 's3.deleteObject' };
      writes.push(write);
      const list = this.byKey.get(key);
      if (list === undefined) this.byKey.set(key, [write]);
      else list.push(write);
    }
    this.writes = writes;
  }

  /** Every key ever written under the prefix, sorted. */
  keysUnder(prefix: string): string[] {
    return [...this.byKey.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  /** The writes of one key, oldest first. */
  writesOf(key: string): readonly BucketWrite[] {
    return this.byKey.get(key) ?? [];
  }

  /** The object under `key` just before `step` (undefined when absent then). */
  objectBefore(key: string, step: number): ObjectVersion | undefined {
    const write = this.writesOf(key).findLast((w) => w.step < step);
    return write === undefined || write.deleted ? undefined : this.version(key, write.versionId);
  }

  /** The objects under the prefix just before `step`, by key. */
  prefixBefore(prefix: string, step: number): Map<string, ObjectVersion> {
    const objects = new Map<string, ObjectVersion>();
    for (const key of this.keysUnder(prefix)) {
      const object = this.objectBefore(key, step);
      if (object !== undefined) objects.set(key, object);
    }
    return objects;
  }

  /** The object version a GET or HEAD step returned, found by the ETag it recorded. */
  versionRead(entry: TraceEntry): ObjectVersion | undefined {
    const key = detailText(entry, 'key');
    const etag = detailText(entry, 'etag');
    if (key === undefined || etag === undefined) return undefined;
    return this.entriesOf(key).find((v): v is ObjectVersion => !v.deleteMarker && v.etag === etag);
  }

  version(key: string, versionId: string): ObjectVersion | undefined {
    return this.entriesOf(key).find((v): v is ObjectVersion => !v.deleteMarker && v.versionId === versionId);
  }

  private entriesOf(key: string): readonly BucketEntry[] {
    let entries = this.entries.get(key);
    if (entries === undefined) {
      entries = this.bucket.versions(key);
      this.entries.set(key, entries);
    }
    return entries;
  }
}
