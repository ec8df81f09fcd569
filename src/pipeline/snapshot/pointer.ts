import { NoSuchKey } from '../../ports/errors.js';
import type { ObjectStore } from '../../ports/objectStore.js';
import { pointerKey } from './layout.js';
import { type UploadMetadata, toObjectMetadata } from './objectMetadata.js';

/** The pointer as a cycle read it: the version it names and the ETag it had then. */
export interface PointerState {
  readonly versionId: string;
  readonly etag: string;
}

/** §5.3 step 1: GET the pointer; `NoSuchKey` means no snapshot (undefined). Other errors propagate. */
export async function readPointer(store: ObjectStore, collection: string): Promise<PointerState | undefined> {
  try {
    const pointer = await store.getObject(pointerKey(collection));
    return { versionId: new TextDecoder().decode(pointer.body).trim(), etag: pointer.etag };
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

export function pointerPromotion(mode: PointerPromotionMode, pointerAtDownload: PointerState | undefined): PointerPromotion {
  return mode === 'blindPut' ? { mode } : { mode, expectedEtag: pointerAtDownload?.etag ?? null };
}

/** §5.2 step 5: body = the version id (text/plain), object metadata = the upload metadata. */
export async function promotePointer(
  store: ObjectStore,
  collection: string,
  versionId: string,
  metadata: UploadMetadata,
  promotion: PointerPromotion,
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
    metadata: toObjectMetadata(metadata),
    ...condition,
  });
  return { etag };
}
