import type { PutObjectRequest } from '../../ports/objectStore.js';
import type { S3ObjectStore } from './s3ObjectStore.js';

/**
 * When a put becomes a multipart upload. S3 takes at most 5 GB in one PUT and needs parts of at least
 * 5 MiB (except the last); smaller parts are accepted by local servers only.
 */
export interface MultipartPolicy {
  readonly thresholdBytes: number;
  readonly partSizeBytes: number;
}

const mebibyte = 1024 * 1024;
export const defaultMultipartPolicy: MultipartPolicy = { thresholdBytes: 64 * mebibyte, partSizeBytes: 16 * mebibyte };

/**
 * Puts a large body as a multipart upload: parts in order, then a completion carrying the put's
 * conditions, so a conditional put stays conditional. A failed upload is aborted (best effort: the
 * abort's own failure is not reported, the upload's is) so it does not linger and cost storage.
 */
export async function putInParts(
  store: S3ObjectStore,
  request: PutObjectRequest,
  partSizeBytes: number,
): Promise<{ readonly etag: string; readonly versionId: string }> {
  const uploadId = await store.createMultipartUpload(request.key, request.contentType, request.metadata);
  try {
    const parts: { partNumber: number; etag: string }[] = [];
    for (let offset = 0, partNumber = 1; offset < request.body.byteLength; offset += partSizeBytes, partNumber++) {
      const part = request.body.slice(offset, offset + partSizeBytes);
      parts.push({ partNumber, etag: await store.uploadPart(request.key, uploadId, partNumber, part) });
    }
    return await store.completeUpload(request.key, uploadId, parts, { ifNoneMatch: request.ifNoneMatch, ifMatch: request.ifMatch });
  } catch (error) {
    await store.abortMultipartUpload(request.key, uploadId).catch(() => undefined);
    throw error;
  }
}
