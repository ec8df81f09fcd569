import { NoSuchKey } from '../../ports/errors.js';
import type { ObjectMetadata, ObjectStore } from '../../ports/objectStore.js';
import { pointerKey } from './layout.js';
import { type UploadMetadata, toObjectMetadata } from './objectMetadata.js';
import { readPromotionHistory } from './retention.js';

/**
 * The pointer as a cycle read it: the version it names, the ETag it had then, and the promotion history
 * its metadata records (`snapshotRetention: promotionHistory`; `[versionId]` when it records none).
 */
export interface PointerState {
  readonly versionId: string;
  readonly etag: string;
  readonly history: readonly string[];
}

/** §5.3 step 1: GET the pointer; `NoSuchKey` means no snapshot (undefined). Other errors propagate. */
export async function readPointer(store: ObjectStore, collection: string): Promise<PointerState | undefined> {
  try {
    const pointer = await store.getObject(pointerKey(collection));
    const versionId = new TextDecoder().decode(pointer.body).trim();
    return { versionId, etag: pointer.etag, history: readPromotionHistory(pointer.metadata, versionId) };
  } catch (error) {
    if (error instanceof NoSuchKey) return undefined;
    throw error;
  }
}

/** The flag `pointerPromotion`. */
export type PointerPromotionMode = 'blindPut' | 'conditionalPut';

/**
 * How §5.2 step 5 writes the pointer:
 * - `blindPut` (head): one unconditional PutObject; the last writer wins whatever it was built on;
 * - `conditionalPut`: PutObject with `If-Match` the ETag the cycle read when it downloaded, or
 *   `If-None-Match: *` when there was no pointer then; a 412 or 409 means another writer moved it.
 */
export type PointerPromotion =
  | { readonly mode: 'blindPut' }
  | { readonly mode: 'conditionalPut'; readonly expectedEtag: string | null };

export function pointerPromotion(mode: PointerPromotionMode, pointerAtDownload: Pick<PointerState, 'etag'> | undefined): PointerPromotion {
  return mode === 'blindPut' ? { mode } : { mode, expectedEtag: pointerAtDownload?.etag ?? null };
}

/** §5.2 step 5: body = the version id (text/plain), object metadata = the upload metadata (plus `extra`). */
export async function promotePointer(
  store: ObjectStore,
  collection: string,
  versionId: string,
  metadata: UploadMetadata,
  promotion: PointerPromotion,
  extra: ObjectMetadata = {},
): Promise<{ readonly etag: string }> {
  const condition =
    promotion.mode === 'blindPut'
      ? {}
      : promotion.expectedEtag === null
        ? { ifNoneMatch: '*' as const }
        : { ifMatch: promotion.expectedEtag };
  const { etag } = await store.putObject({
    key: pointerKey(collection),
    body: new TextEncoder().encode(versionId),
    contentType: 'text/plain',
    metadata: { ...toObjectMetadata(metadata), ...extra },
    ...condition,
  });
  return { etag };
}
