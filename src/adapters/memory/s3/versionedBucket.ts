import type { ObjectMetadata } from '../../../ports/objectStore.js';
import { compareKeys } from './keyOrder.js';

/** One version of an object in a versioned bucket. */
export interface ObjectVersion {
  readonly deleteMarker: false;
  readonly versionId: string;
  readonly etag: string;
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly metadata: ObjectMetadata;
  /** Epoch milliseconds, S3's own clock. */
  readonly lastModified: number;
}

/** What `DeleteObject` leaves in a versioned bucket: the key reads as absent, older versions stay. */
export interface DeleteMarker {
  readonly deleteMarker: true;
  readonly versionId: string;
  readonly lastModified: number;
}

export type BucketEntry = ObjectVersion | DeleteMarker;

export interface ObjectContent {
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly metadata: ObjectMetadata;
}

/**
 * The state of a versioned bucket: every version of every key, newest last. Identifiers come from one
 * per-bucket write counter, so ETags (`"7"`), version ids and upload ids are deterministic and do not
 * depend on the bytes (a content hash would depend on zlib for compressed bodies).
 */
export class VersionedBucket {
  private writes = 0;
  private readonly history = new Map<string, BucketEntry[]>();
  private sorted: string[] | undefined;

  /** The next value of the write counter. */
  nextWrite(): number {
    return ++this.writes;
  }

  put(key: string, content: ObjectContent, lastModified: number): ObjectVersion {
    const write = this.nextWrite();
    const version: ObjectVersion = {
      deleteMarker: false,
      versionId: versionIdOf(write),
      etag: etagOf(write),
      body: new Uint8Array(content.body),
      contentType: content.contentType,
      metadata: { ...content.metadata },
      lastModified,
    };
    this.append(key, version);
    return version;
  }

  delete(key: string, lastModified: number): DeleteMarker {
    const marker: DeleteMarker = { deleteMarker: true, versionId: versionIdOf(this.nextWrite()), lastModified };
    this.append(key, marker);
    return marker;
  }

  /** The latest version when it is not a delete marker. */
  current(key: string): ObjectVersion | undefined {
    const latest = this.history.get(key)?.at(-1);
    return latest === undefined || latest.deleteMarker ? undefined : latest;
  }

  versions(key: string): readonly BucketEntry[] {
    return [...(this.history.get(key) ?? [])];
  }

  /** Every key that ever had a version (including delete markers), in S3 listing order. */
  sortedKeys(): readonly string[] {
    this.sorted ??= [...this.history.keys()].sort(compareKeys);
    return this.sorted;
  }

  private append(key: string, entry: BucketEntry): void {
    const entries = this.history.get(key);
    if (entries !== undefined) {
      entries.push(entry);
      return;
    }
    this.history.set(key, [entry]);
    this.sorted = undefined;
  }
}

export function etagOf(write: number): string {
  return `"${write}"`;
}

function versionIdOf(write: number): string {
  return `v${write.toString().padStart(8, '0')}`;
}
