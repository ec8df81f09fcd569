import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type {
  ListPage,
  ListRequest,
  ObjectHead,
  ObjectMetadata,
  ObjectStore,
  PutObjectRequest,
  StoredObject,
} from '../../ports/objectStore.js';
import { type RetryPolicy, defaultRetryPolicy, sendWithRetries } from './retry.js';
import { type S3RequestTarget, s3PortError } from './s3Errors.js';
import { type MultipartPolicy, defaultMultipartPolicy, putInParts } from './s3Multipart.js';

export interface S3ObjectStoreOptions {
  readonly client: S3Client;
  readonly bucket: string;
  readonly retry?: RetryPolicy;
  /** When putObject switches to a multipart upload, and the size of its parts. */
  readonly multipart?: MultipartPolicy;
}

/** What S3 reports as the version of an object in a bucket without versioning. */
const unversioned = 'null';
const defaultContentType = 'binary/octet-stream';

/**
 * The ObjectStore port on Amazon S3 (or an S3-compatible server). Conditional puts send If-None-Match /
 * If-Match and surface 412 and 409 as PreconditionFailed and ConditionalRequestConflict; a body larger
 * than the multipart threshold is uploaded in parts with the same conditions on the completion.
 * Version ids are S3's, or `'null'` in a bucket without versioning, as S3 itself reports them.
 */
export class S3ObjectStore implements ObjectStore {
  readonly bucket: string;
  private readonly client: S3Client;
  private readonly retry: RetryPolicy;
  private readonly multipart: MultipartPolicy;

  constructor(options: S3ObjectStoreOptions) {
    this.client = options.client;
    this.bucket = options.bucket;
    this.retry = options.retry ?? defaultRetryPolicy;
    this.multipart = options.multipart ?? defaultMultipartPolicy;
  }

  async putObject(request: PutObjectRequest): Promise<{ readonly etag: string; readonly versionId: string }> {
    if (request.body.byteLength > this.multipart.thresholdBytes) return putInParts(this, request, this.multipart.partSizeBytes);
    const output = await this.send({ key: request.key }, () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: request.key,
          Body: request.body,
          ContentLength: request.body.byteLength,
          ContentType: request.contentType ?? defaultContentType,
          Metadata: request.metadata === undefined ? undefined : { ...request.metadata },
          IfNoneMatch: request.ifNoneMatch,
          IfMatch: request.ifMatch,
        }),
      ),
    );
    return { etag: output.ETag ?? '', versionId: output.VersionId ?? unversioned };
  }

  async getObject(key: string): Promise<StoredObject> {
    const output = await this.send({ key }, () => this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })));
    const body = output.Body === undefined ? new Uint8Array() : await output.Body.transformToByteArray();
    return { ...headOf(key, output), body };
  }

  async headObject(key: string): Promise<ObjectHead> {
    const output = await this.send({ key }, () => this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key })));
    return headOf(key, output);
  }

  async deleteObject(key: string): Promise<void> {
    await this.send({ key }, () => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })));
  }

  async listObjects(request: ListRequest): Promise<ListPage> {
    const output = await this.send({ key: request.prefix }, () =>
      this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: request.prefix,
          Delimiter: request.delimiter,
          ContinuationToken: request.continuationToken,
          MaxKeys: request.maxKeys,
        }),
      ),
    );
    return {
      objects: (output.Contents ?? []).map((o) => ({ key: o.Key ?? '', size: o.Size ?? 0, etag: o.ETag ?? '' })),
      commonPrefixes: (output.CommonPrefixes ?? []).flatMap((p) => (p.Prefix === undefined ? [] : [p.Prefix])),
      ...(output.IsTruncated === true && output.NextContinuationToken !== undefined ? { nextContinuationToken: output.NextContinuationToken } : {}),
    };
  }

  async createMultipartUpload(key: string, contentType?: string, metadata?: ObjectMetadata): Promise<string> {
    const output = await this.send({ key }, () =>
      this.client.send(
        new CreateMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          ContentType: contentType ?? defaultContentType,
          Metadata: metadata === undefined ? undefined : { ...metadata },
        }),
      ),
    );
    return output.UploadId ?? '';
  }

  async uploadPart(key: string, uploadId: string, partNumber: number, body: Uint8Array): Promise<string> {
    const output = await this.send({ key, uploadId }, () =>
      this.client.send(
        new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, Body: body, ContentLength: body.byteLength }),
      ),
    );
    return output.ETag ?? '';
  }

  completeMultipartUpload(
    key: string,
    uploadId: string,
    parts: readonly { readonly partNumber: number; readonly etag: string }[],
  ): Promise<{ readonly etag: string; readonly versionId: string }> {
    return this.completeUpload(key, uploadId, parts, {});
  }

  /** CompleteMultipartUpload, optionally conditional (S3 accepts If-None-Match and If-Match on it). */
  async completeUpload(
    key: string,
    uploadId: string,
    parts: readonly { readonly partNumber: number; readonly etag: string }[],
    conditions: Pick<PutObjectRequest, 'ifNoneMatch' | 'ifMatch'>,
  ): Promise<{ readonly etag: string; readonly versionId: string }> {
    const output = await this.send({ key, uploadId }, () =>
      this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
          IfNoneMatch: conditions.ifNoneMatch,
          IfMatch: conditions.ifMatch,
        }),
      ),
    );
    return { etag: output.ETag ?? '', versionId: output.VersionId ?? unversioned };
  }

  async abortMultipartUpload(key: string, uploadId: string): Promise<void> {
    await this.send({ key, uploadId }, () => this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId })));
  }

  private send<T>(target: S3RequestTarget, request: () => Promise<T>): Promise<T> {
    return sendWithRetries(this.retry, request, (error) => s3PortError(error, target));
  }
}

interface HeadOutput {
  readonly ETag?: string;
  readonly ContentLength?: number;
  readonly ContentType?: string;
  readonly Metadata?: Record<string, string>;
  readonly LastModified?: Date;
  readonly VersionId?: string;
}

function headOf(key: string, output: HeadOutput): ObjectHead {
  return {
    key,
    etag: output.ETag ?? '',
    size: output.ContentLength ?? 0,
    contentType: output.ContentType ?? defaultContentType,
    metadata: { ...output.Metadata },
    lastModified: output.LastModified?.getTime() ?? 0,
    versionId: output.VersionId ?? unversioned,
  };
}
