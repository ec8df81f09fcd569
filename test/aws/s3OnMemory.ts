import {
  AbortMultipartUploadCommand,
  type AbortMultipartUploadCommandInput,
  CompleteMultipartUploadCommand,
  type CompleteMultipartUploadCommandInput,
  CreateMultipartUploadCommand,
  type CreateMultipartUploadCommandInput,
  DeleteObjectCommand,
  type DeleteObjectCommandInput,
  GetObjectCommand,
  type GetObjectCommandInput,
  HeadObjectCommand,
  type HeadObjectCommandInput,
  ListObjectsV2Command,
  type ListObjectsV2CommandInput,
  PutObjectCommand,
  type PutObjectCommandInput,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
  type UploadPartCommandInput,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import type { MemoryObjectStore } from '../../src/adapters/memory/s3/memoryObjectStore.js';
import {
  ConditionalRequestConflict,
  NoSuchKey,
  NoSuchUpload,
  PortError,
  PreconditionFailed,
  ServiceUnavailable,
  Throttled,
  ValidationError,
} from '../../src/ports/errors.js';
import type { ObjectHead } from '../../src/ports/objectStore.js';

/**
 * A stateful S3 behind aws-sdk-client-mock: every command the S3 adapter sends is answered by the
 * in-memory fake, and the fake's errors go back as the S3 exceptions the service sends on the wire
 * (status, name, fault). The contract suite then checks, case by case, that the adapter's requests and
 * its mapping of responses and errors keep the port's semantics.
 */
export function s3ClientOnMemory(store: MemoryObjectStore): S3Client {
  const client = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'mock', secretAccessKey: 'mock' } });
  const mock = mockClient(client);
  const answer =
    <I, O>(operation: string, call: (input: I) => Promise<O>) =>
    async (input: I): Promise<O> => {
      try {
        return await call(input);
      } catch (error) {
        throw wireError(operation, error);
      }
    };
  mock.on(PutObjectCommand).callsFake(
    answer('PutObject', async (input: PutObjectCommandInput) => {
      const put = await store.putObject({
        key: input.Key!,
        body: bodyBytes(input.Body),
        contentType: input.ContentType,
        metadata: input.Metadata,
        ifNoneMatch: input.IfNoneMatch === '*' ? '*' : undefined,
        ifMatch: input.IfMatch,
      });
      return { ETag: put.etag, VersionId: put.versionId };
    }),
  );
  mock.on(GetObjectCommand).callsFake(
    answer('GetObject', async (input: GetObjectCommandInput) => {
      const object = await store.getObject(input.Key!);
      return { ...headOutput(object), Body: { transformToByteArray: async () => new Uint8Array(object.body) } };
    }),
  );
  mock.on(HeadObjectCommand).callsFake(answer('HeadObject', async (input: HeadObjectCommandInput) => headOutput(await store.headObject(input.Key!))));
  mock.on(DeleteObjectCommand).callsFake(
    answer('DeleteObject', async (input: DeleteObjectCommandInput) => {
      await store.deleteObject(input.Key!);
      return {};
    }),
  );
  mock.on(ListObjectsV2Command).callsFake(
    answer('ListObjectsV2', async (input: ListObjectsV2CommandInput) => {
      const page = await store.listObjects({
        prefix: input.Prefix ?? '',
        delimiter: input.Delimiter,
        continuationToken: input.ContinuationToken,
        maxKeys: input.MaxKeys,
      });
      return {
        Contents: page.objects.map((o) => ({ Key: o.key, Size: o.size, ETag: o.etag })),
        CommonPrefixes: page.commonPrefixes.map((prefix) => ({ Prefix: prefix })),
        IsTruncated: page.nextContinuationToken !== undefined,
        NextContinuationToken: page.nextContinuationToken,
        KeyCount: page.objects.length + page.commonPrefixes.length,
      };
    }),
  );
  mock.on(CreateMultipartUploadCommand).callsFake(
    answer('CreateMultipartUpload', async (input: CreateMultipartUploadCommandInput) => ({
      UploadId: await store.createMultipartUpload(input.Key!, input.ContentType, input.Metadata),
    })),
  );
  mock.on(UploadPartCommand).callsFake(
    answer('UploadPart', async (input: UploadPartCommandInput) => ({
      ETag: await store.uploadPart(input.Key!, input.UploadId!, input.PartNumber!, bodyBytes(input.Body)),
    })),
  );
  mock.on(CompleteMultipartUploadCommand).callsFake(
    answer('CompleteMultipartUpload', async (input: CompleteMultipartUploadCommandInput) => {
      const parts = (input.MultipartUpload?.Parts ?? []).map((p) => ({ partNumber: p.PartNumber!, etag: p.ETag! }));
      const done = await store.completeMultipartUpload(input.Key!, input.UploadId!, parts);
      return { ETag: done.etag, VersionId: done.versionId };
    }),
  );
  mock.on(AbortMultipartUploadCommand).callsFake(
    answer('AbortMultipartUpload', async (input: AbortMultipartUploadCommandInput) => {
      await store.abortMultipartUpload(input.Key!, input.UploadId!);
      return {};
    }),
  );
  return client;
}

/** The S3 adapter always sends bodies as bytes; anything else is a bug of the adapter. */
function bodyBytes(body: unknown): Uint8Array {
  if (body instanceof Uint8Array) return body;
  throw new TypeError('the S3 adapter sent a body that is not a Uint8Array');
}

function headOutput(head: ObjectHead) {
  return {
    ETag: head.etag,
    ContentLength: head.size,
    ContentType: head.contentType,
    Metadata: { ...head.metadata },
    LastModified: new Date(head.lastModified),
    VersionId: head.versionId,
  };
}

/** The exception S3 sends for a port error, as the SDK deserialises it. */
export function s3Exception(name: string, status: number, message = name): S3ServiceException {
  return new S3ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message });
}

function wireError(operation: string, error: unknown): unknown {
  if (!(error instanceof PortError)) return error;
  // A 404 to HEAD has no body, so the SDK only knows the status: it names the error NotFound.
  if (error instanceof NoSuchKey) return operation === 'HeadObject' ? s3Exception('NotFound', 404) : s3Exception('NoSuchKey', 404, error.message);
  if (error instanceof PreconditionFailed) return s3Exception('PreconditionFailed', 412, error.message);
  if (error instanceof ConditionalRequestConflict) return s3Exception('ConditionalRequestConflict', 409, error.message);
  if (error instanceof NoSuchUpload) return s3Exception('NoSuchUpload', 404, error.message);
  if (error instanceof Throttled) return s3Exception('SlowDown', 503, error.message);
  if (error instanceof ServiceUnavailable) return s3Exception('InternalError', 500, error.message);
  if (error instanceof ValidationError) return s3Exception(/^(\w+):/.exec(error.message)?.[1] ?? 'InvalidRequest', 400, error.message);
  return s3Exception(error.code, 400, error.message);
}
