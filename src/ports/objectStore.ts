/**
 * S3 as the pipeline uses it: one bucket, strong read-after-write consistency, ETags, conditional puts
 * (`ifNoneMatch: '*'`, `ifMatch: etag`), listing with a delimiter and pagination, and multipart uploads.
 */
export interface ObjectMetadata {
  readonly [key: string]: string;
}

export interface PutObjectRequest {
  readonly key: string;
  readonly body: Uint8Array;
  readonly contentType?: string;
  readonly metadata?: ObjectMetadata;
  /** `'*'`: create only; fails with PreconditionFailed when the key exists. */
  readonly ifNoneMatch?: '*';
  /** Replace only the object with this ETag; fails with PreconditionFailed otherwise. */
  readonly ifMatch?: string;
}

export interface ObjectHead {
  readonly key: string;
  readonly etag: string;
  readonly size: number;
  readonly contentType: string;
  readonly metadata: ObjectMetadata;
  /** Epoch milliseconds. */
  readonly lastModified: number;
  readonly versionId: string;
}

export interface StoredObject extends ObjectHead {
  readonly body: Uint8Array;
}

export interface ListRequest {
  readonly prefix: string;
  readonly delimiter?: string;
  readonly continuationToken?: string;
  /** At most 1000 (the S3 default and maximum). */
  readonly maxKeys?: number;
}

export interface ListPage {
  readonly objects: readonly { readonly key: string; readonly size: number; readonly etag: string }[];
  readonly commonPrefixes: readonly string[];
  readonly nextContinuationToken?: string;
}

export interface ObjectStore {
  readonly bucket: string;
  putObject(request: PutObjectRequest): Promise<{ readonly etag: string; readonly versionId: string }>;
  /** Throws NoSuchKey when absent. */
  getObject(key: string): Promise<StoredObject>;
  /** Throws NoSuchKey when absent. */
  headObject(key: string): Promise<ObjectHead>;
  /** Deleting a missing key succeeds (as in S3). */
  deleteObject(key: string): Promise<void>;
  listObjects(request: ListRequest): Promise<ListPage>;
  createMultipartUpload(key: string, contentType?: string, metadata?: ObjectMetadata): Promise<string>;
  uploadPart(key: string, uploadId: string, partNumber: number, body: Uint8Array): Promise<string>;
  completeMultipartUpload(
    key: string,
    uploadId: string,
    parts: readonly { readonly partNumber: number; readonly etag: string }[],
  ): Promise<{ readonly etag: string; readonly versionId: string }>;
  abortMultipartUpload(key: string, uploadId: string): Promise<void>;
}

/** Lists every object under a prefix by following continuation tokens. */
export async function listAllObjects(
  store: ObjectStore,
  prefix: string,
): Promise<{ readonly key: string; readonly size: number; readonly etag: string }[]> {
  const objects: { key: string; size: number; etag: string }[] = [];
  let continuationToken: string | undefined;
  do {
    const page = await store.listObjects({ prefix, continuationToken });
    objects.push(...page.objects);
    continuationToken = page.nextContinuationToken;
  } while (continuationToken !== undefined);
  return objects;
}
