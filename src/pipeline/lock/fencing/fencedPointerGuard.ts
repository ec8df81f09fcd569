import { ConditionalRequestConflict, NoSuchKey, PreconditionFailed } from '../../../ports/errors.js';
import type { ObjectMetadata, ObjectStore } from '../../../ports/objectStore.js';

/**
 * The store side of `leaseFencing` (design in fencedLockManager.ts): the pointer object
 * (`{c}/snapshot/latest-pointer.txt`, §5.1) records in its metadata the fencing token of the write that
 * put it there. A promotion reads the pointer, refuses when its own token is lower than the recorded one,
 * and puts the new pointer with If-Match on the ETag it read (If-None-Match `*` when there is no pointer),
 * so the check and the write are one atomic step on S3. A lost race (412, or 409 for a concurrent
 * conditional write) re-reads and re-checks, at most `maxAttempts` times. A pointer written without a
 * token (an unfenced writer, e.g. the empty-snapshot initialiser of §5.3) counts as token 0.
 */
export const fenceTokenMetadataKey = 'fence-token';

export interface FencedPointerWrite {
  readonly key: string;
  readonly versionId: string;
  readonly token: number;
  /** Upload metadata kept on the pointer (§5.1); the token is added to it. */
  readonly metadata?: ObjectMetadata;
  /** When given, the current pointer must name this version (null: no pointer yet) or the write is refused. */
  readonly expectedVersion?: string | null;
}

export type FencedWriteOutcome =
  | { readonly accepted: true; readonly etag: string }
  | { readonly accepted: false; readonly reason: 'staleToken'; readonly lastAcceptedToken: number }
  | { readonly accepted: false; readonly reason: 'versionMoved'; readonly currentVersion: string | null }
  | { readonly accepted: false; readonly reason: 'contended' };

interface CurrentPointer {
  readonly version: string;
  readonly token: number;
  readonly etag: string;
}

export class FencedPointerGuard {
  constructor(
    private readonly store: ObjectStore,
    private readonly maxAttempts = 3,
  ) {}

  async promote(write: FencedPointerWrite): Promise<FencedWriteOutcome> {
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const current = await this.current(write.key);
      const lastAcceptedToken = current?.token ?? 0;
      if (write.token < lastAcceptedToken) return { accepted: false, reason: 'staleToken', lastAcceptedToken };
      const currentVersion = current?.version ?? null;
      if (write.expectedVersion !== undefined && currentVersion !== write.expectedVersion) {
        return { accepted: false, reason: 'versionMoved', currentVersion };
      }
      try {
        const { etag } = await this.store.putObject({
          key: write.key,
          body: new TextEncoder().encode(write.versionId),
          contentType: 'text/plain',
          metadata: { ...write.metadata, [fenceTokenMetadataKey]: String(write.token) },
          ...(current === undefined ? { ifNoneMatch: '*' as const } : { ifMatch: current.etag }),
        });
        return { accepted: true, etag };
      } catch (error) {
        if (!(error instanceof PreconditionFailed || error instanceof ConditionalRequestConflict)) throw error;
      }
    }
    return { accepted: false, reason: 'contended' };
  }

  /** The token of the write the pointer holds (0 without a pointer or without a token). */
  async lastAcceptedToken(key: string): Promise<number> {
    return (await this.current(key))?.token ?? 0;
  }

  private async current(key: string): Promise<CurrentPointer | undefined> {
    try {
      const object = await this.store.getObject(key);
      const token = Number.parseInt(object.metadata[fenceTokenMetadataKey] ?? '0', 10);
      return { version: new TextDecoder().decode(object.body).trim(), token: Number.isNaN(token) ? 0 : token, etag: object.etag };
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }
}
