import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { sdkStreamMixin } from '@smithy/util-stream';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../src/adapters/aws/s3ObjectStore.js';
import {
  ConditionalRequestConflict,
  NoSuchKey,
  NoSuchUpload,
  PreconditionFailed,
  ServiceUnavailable,
  Throttled,
  ValidationError,
} from '../../src/ports/errors.js';
import { listAllObjects } from '../../src/ports/objectStore.js';
import { recordingRetryPolicy } from './retryPolicies.js';
import { s3Exception } from './s3OnMemory.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

const complete = (store: S3ObjectStore) => store.completeMultipartUpload('k', 'u1', [{ partNumber: 1, etag: '"p"' }]);

function fixture(options: { multipart?: { thresholdBytes: number; partSizeBytes: number } } = {}) {
  const client = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'mock', secretAccessKey: 'mock' } });
  const mock = mockClient(client);
  const retry = recordingRetryPolicy();
  const store = new S3ObjectStore({ client, bucket: 'receipts', retry, ...options });
  return { mock, retry, store };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (error: unknown) => error,
  );
}

describe('S3ObjectStore requests', () => {
  it('sends a conditional put with the bucket, key, body, content type, metadata and If-None-Match', async () => {
    const { mock, store } = fixture();
    mock.on(PutObjectCommand).resolves({ ETag: '"abc"', VersionId: 'v1' });
    const body = bytes('20251114_120000');
    expect(await store.putObject({ key: 'c/snapshot/latest-pointer.txt', body, contentType: 'text/plain', metadata: { version: 'x' }, ifNoneMatch: '*' })).toEqual({
      etag: '"abc"',
      versionId: 'v1',
    });
    expect(mock.commandCalls(PutObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: 'receipts',
      Key: 'c/snapshot/latest-pointer.txt',
      Body: body,
      ContentLength: 15,
      ContentType: 'text/plain',
      Metadata: { version: 'x' },
      IfNoneMatch: '*',
      IfMatch: undefined,
    });
  });

  it('sends If-Match with the ETag, and reports a bucket without versioning as version "null"', async () => {
    const { mock, store } = fixture();
    mock.on(PutObjectCommand).resolves({ ETag: '"def"' });
    expect(await store.putObject({ key: 'k', body: bytes('x'), ifMatch: '"abc"' })).toEqual({ etag: '"def"', versionId: 'null' });
    expect(mock.commandCalls(PutObjectCommand)[0]!.args[0].input).toMatchObject({ IfMatch: '"abc"', IfNoneMatch: undefined, ContentType: 'binary/octet-stream' });
  });

  it('reads an object with its body, head fields and lowercased metadata as S3 returns them', async () => {
    const { mock, store } = fixture();
    const head = { ETag: '"e"', ContentLength: 3, ContentType: 'text/plain', Metadata: { hash: 'h' }, LastModified: new Date(1_700_000_000_000), VersionId: 'v9' };
    mock.on(GetObjectCommand).resolves({ ...head, Body: sdkStreamMixin(Readable.from([Buffer.from('abc')])) });
    mock.on(HeadObjectCommand).resolves(head);
    const expected = { key: 'k', etag: '"e"', size: 3, contentType: 'text/plain', metadata: { hash: 'h' }, lastModified: 1_700_000_000_000, versionId: 'v9' };
    expect(await store.getObject('k')).toEqual({ ...expected, body: bytes('abc') });
    expect(await store.headObject('k')).toEqual(expected);
  });
});

describe('S3 errors as port errors', () => {
  const put = (store: S3ObjectStore) => store.putObject({ key: 'k', body: bytes('x'), ifNoneMatch: '*' });
  const get = (store: S3ObjectStore) => store.getObject('k');
  const cases = [
    { response: s3Exception('PreconditionFailed', 412), call: put, expected: PreconditionFailed },
    { response: s3Exception('ConditionalRequestConflict', 409), call: put, expected: ConditionalRequestConflict },
    { response: s3Exception('NoSuchKey', 404), call: get, expected: NoSuchKey },
    { response: s3Exception('NotFound', 404), call: (store: S3ObjectStore) => store.headObject('k'), expected: NoSuchKey },
    { response: s3Exception('NoSuchUpload', 404), call: (store: S3ObjectStore) => store.uploadPart('k', 'u1', 1, bytes('x')), expected: NoSuchUpload },
    { response: s3Exception('InvalidPartOrder', 400), call: complete, expected: ValidationError },
    { response: s3Exception('InvalidPart', 400), call: complete, expected: ValidationError },
    { response: s3Exception('InternalError', 500), call: get, expected: ServiceUnavailable },
  ];

  it.each(cases)('maps $response.name ($response.$metadata.httpStatusCode) to $expected.name', async ({ response, call, expected }) => {
    const { mock, store } = fixture();
    mock.onAnyCommand().rejects(response);
    expect(await rejection(call(store))).toBeInstanceOf(expected);
    expect(mock.calls()).toHaveLength(1);
  });

  it('names the key and the upload id in the port error', async () => {
    const { mock, store } = fixture();
    mock.on(PutObjectCommand).rejects(s3Exception('PreconditionFailed', 412));
    mock.on(UploadPartCommand).rejects(s3Exception('NoSuchUpload', 404));
    expect(await rejection(store.putObject({ key: 'pointer', body: bytes('x'), ifMatch: '"e"' }))).toMatchObject({ key: 'pointer' });
    expect(await rejection(store.uploadPart('k', 'upload-7', 1, bytes('x')))).toMatchObject({ uploadId: 'upload-7' });
  });

  it('passes errors that are not S3 responses (credentials, bugs) through unchanged', async () => {
    const { mock, store } = fixture();
    const credentials = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    mock.on(GetObjectCommand).rejects(credentials);
    expect(await rejection(store.getObject('k'))).toBe(credentials);
  });
});

describe('S3 throttling', () => {
  it('retries 503 SlowDown with growing backoff and returns the first success', async () => {
    const { mock, retry, store } = fixture();
    mock.on(PutObjectCommand).rejectsOnce(s3Exception('SlowDown', 503)).rejectsOnce(s3Exception('SlowDown', 503)).resolves({ ETag: '"ok"' });
    expect((await store.putObject({ key: 'k', body: bytes('x') })).etag).toBe('"ok"');
    expect(mock.commandCalls(PutObjectCommand)).toHaveLength(3);
    expect(retry.delays).toEqual([50, 100]);
  });

  it('gives up after the policy\'s attempts with Throttled', async () => {
    const { mock, retry, store } = fixture();
    mock.on(GetObjectCommand).rejects(s3Exception('SlowDown', 503));
    expect(await rejection(store.getObject('k'))).toBeInstanceOf(Throttled);
    expect(mock.commandCalls(GetObjectCommand)).toHaveLength(retry.maxAttempts);
  });

  it('does not retry a 500 after a write, which may have been applied', async () => {
    const { mock, store } = fixture();
    mock.on(PutObjectCommand).rejects(s3Exception('InternalError', 500));
    expect(await rejection(store.putObject({ key: 'k', body: bytes('x') }))).toBeInstanceOf(ServiceUnavailable);
    expect(mock.commandCalls(PutObjectCommand)).toHaveLength(1);
  });
});

describe('S3 listing', () => {
  it('maps a truncated page to a continuation token and the last page to none', async () => {
    const { mock, store } = fixture();
    mock
      .on(ListObjectsV2Command)
      .resolvesOnce({ Contents: [{ Key: 'p/a', Size: 1, ETag: '"1"' }], CommonPrefixes: [{ Prefix: 'p/d/' }], IsTruncated: true, NextContinuationToken: 't1' })
      .resolves({ Contents: [{ Key: 'p/b', Size: 2, ETag: '"2"' }], IsTruncated: false });
    expect(await store.listObjects({ prefix: 'p/', delimiter: '/', maxKeys: 2 })).toEqual({
      objects: [{ key: 'p/a', size: 1, etag: '"1"' }],
      commonPrefixes: ['p/d/'],
      nextContinuationToken: 't1',
    });
    expect(await store.listObjects({ prefix: 'p/', delimiter: '/', maxKeys: 2, continuationToken: 't1' })).toEqual({
      objects: [{ key: 'p/b', size: 2, etag: '"2"' }],
      commonPrefixes: [],
    });
    expect(mock.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'receipts', Prefix: 'p/', Delimiter: '/', MaxKeys: 2, ContinuationToken: undefined },
      { Bucket: 'receipts', Prefix: 'p/', Delimiter: '/', MaxKeys: 2, ContinuationToken: 't1' },
    ]);
  });

  it('listAllObjects follows every continuation token', async () => {
    const { mock, store } = fixture();
    const page = (keys: string[], next?: string) => ({
      Contents: keys.map((Key) => ({ Key, Size: 1, ETag: '"e"' })),
      IsTruncated: next !== undefined,
      NextContinuationToken: next,
    });
    mock.on(ListObjectsV2Command).resolvesOnce(page(['a', 'b'], 't1')).resolvesOnce(page(['c'], 't2')).resolves(page(['d']));
    expect((await listAllObjects(store, '')).map((o) => o.key)).toEqual(['a', 'b', 'c', 'd']);
    expect(mock.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input.ContinuationToken)).toEqual([undefined, 't1', 't2']);
  });
});

describe('S3 multipart uploads', () => {
  it('uploads a body above the threshold in parts and completes with the put\'s condition', async () => {
    const { mock, store } = fixture({ multipart: { thresholdBytes: 8, partSizeBytes: 4 } });
    mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u1' });
    mock.on(UploadPartCommand).callsFake((input: { PartNumber: number }) => ({ ETag: `"p${input.PartNumber}"` }));
    mock.on(CompleteMultipartUploadCommand).resolves({ ETag: '"whole-3"', VersionId: 'v2' });
    expect(await store.putObject({ key: 'big.tar.gz', body: bytes('0123456789'), contentType: 'application/gzip', ifNoneMatch: '*' })).toEqual({
      etag: '"whole-3"',
      versionId: 'v2',
    });
    expect(mock.commandCalls(CreateMultipartUploadCommand)[0]!.args[0].input).toMatchObject({ Key: 'big.tar.gz', ContentType: 'application/gzip' });
    const parts = mock.commandCalls(UploadPartCommand).map((c) => c.args[0].input);
    expect(parts.map((p) => [p.PartNumber, p.ContentLength, p.UploadId])).toEqual([
      [1, 4, 'u1'],
      [2, 4, 'u1'],
      [3, 2, 'u1'],
    ]);
    expect(mock.commandCalls(CompleteMultipartUploadCommand)[0]!.args[0].input).toMatchObject({
      UploadId: 'u1',
      IfNoneMatch: '*',
      MultipartUpload: { Parts: [1, 2, 3].map((n) => ({ PartNumber: n, ETag: `"p${n}"` })) },
    });
    expect(mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('aborts the upload when a part or the completion fails, and reports the failure', async () => {
    const { mock, store } = fixture({ multipart: { thresholdBytes: 8, partSizeBytes: 4 } });
    mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u1' });
    mock.on(UploadPartCommand).resolves({ ETag: '"p"' });
    mock.on(CompleteMultipartUploadCommand).rejects(s3Exception('PreconditionFailed', 412));
    mock.on(AbortMultipartUploadCommand).rejects(s3Exception('InternalError', 500));
    expect(await rejection(store.putObject({ key: 'big', body: bytes('0123456789'), ifNoneMatch: '*' }))).toBeInstanceOf(PreconditionFailed);
    expect(mock.commandCalls(AbortMultipartUploadCommand)[0]!.args[0].input).toEqual({ Bucket: 'receipts', Key: 'big', UploadId: 'u1' });
  });

  it('keeps a body at the threshold in one PutObject', async () => {
    const { mock, store } = fixture({ multipart: { thresholdBytes: 8, partSizeBytes: 4 } });
    mock.on(PutObjectCommand).resolves({ ETag: '"one"' });
    await store.putObject({ key: 'k', body: bytes('01234567') });
    expect(mock.commandCalls(PutObjectCommand)).toHaveLength(1);
    expect(mock.commandCalls(CreateMultipartUploadCommand)).toHaveLength(0);
  });
});
