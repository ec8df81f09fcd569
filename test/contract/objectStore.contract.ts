import { describe, expect } from 'vitest';
import { NoSuchKey, NoSuchUpload, PreconditionFailed, ValidationError } from '../../src/ports/errors.js';
import { type ObjectStore, listAllObjects } from '../../src/ports/objectStore.js';
import { type ContractBackend, type ContractFeature, featureCase, notSupportedCase } from './backend.js';

export interface ObjectStorePorts {
  readonly store: ObjectStore;
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (body: Uint8Array): string => new TextDecoder().decode(body);

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

/** The ObjectStore contract, written against the port only. */
export function objectStoreContract(backend: ContractBackend<ObjectStorePorts>): void {
  const check = (name: string, body: (ports: ObjectStorePorts) => Promise<void>, feature?: ContractFeature): void =>
    featureCase(backend, feature)(name, () => backend.run(body));

  describe(`ObjectStore contract (${backend.name})`, () => {
    describe('objects', () => {
      check('a put object reads back with its body, content type and metadata', async ({ store }) => {
        const put = await store.putObject({
          key: 'c/snapshot/latest-pointer.txt',
          body: bytes('20251114_120000'),
          contentType: 'text/plain',
          metadata: { collection: 'words', version: '20251114_120000' },
        });
        const got = await store.getObject('c/snapshot/latest-pointer.txt');
        expect(text(got.body)).toBe('20251114_120000');
        expect(got.contentType).toBe('text/plain');
        expect(got.metadata).toEqual({ collection: 'words', version: '20251114_120000' });
        expect(got.etag).toBe(put.etag);
        expect(got.size).toBe(15);
        const head = await store.headObject('c/snapshot/latest-pointer.txt');
        expect(head).toMatchObject({ key: 'c/snapshot/latest-pointer.txt', etag: put.etag, size: 15, contentType: 'text/plain' });
        expect(head.metadata).toEqual(got.metadata);
        expect(head.versionId).toBe(put.versionId);
      });

      check('get and head of a missing key fail with NoSuchKey', async ({ store }) => {
        expect(await rejection(store.getObject('missing'))).toBeInstanceOf(NoSuchKey);
        expect(await rejection(store.headObject('missing'))).toBeInstanceOf(NoSuchKey);
      });

      check('an overwrite is visible at once and changes the ETag', async ({ store }) => {
        const first = await store.putObject({ key: 'k', body: bytes('one') });
        const second = await store.putObject({ key: 'k', body: bytes('two') });
        expect(second.etag).not.toBe(first.etag);
        const got = await store.getObject('k');
        expect(text(got.body)).toBe('two');
        expect(got.etag).toBe(second.etag);
      });

      check(
        'in a versioned bucket every put gets a new version id, which head reports',
        async ({ store }) => {
          const first = await store.putObject({ key: 'k', body: bytes('one') });
          const second = await store.putObject({ key: 'k', body: bytes('two') });
          expect(second.versionId).not.toBe(first.versionId);
          expect((await store.headObject('k')).versionId).toBe(second.versionId);
        },
        'versionIds',
      );

      check('deleting a missing key succeeds', async ({ store }) => {
        await store.deleteObject('never-written');
      });

      check('a deleted key reads as missing and can be written again', async ({ store }) => {
        await store.putObject({ key: 'k', body: bytes('one') });
        await store.deleteObject('k');
        expect(await rejection(store.getObject('k'))).toBeInstanceOf(NoSuchKey);
        await store.putObject({ key: 'k', body: bytes('again') });
        expect(text((await store.getObject('k')).body)).toBe('again');
      });

      check('the stored body does not change when the caller reuses its buffer', async ({ store }) => {
        const body = bytes('abc');
        await store.putObject({ key: 'k', body });
        body[0] = 0x7a;
        expect(text((await store.getObject('k')).body)).toBe('abc');
      });
    });

    describe('conditional puts', () => {
      check(
        'If-None-Match: * creates a missing key and fails with 412 when the key exists',
        async ({ store }) => {
          await store.putObject({ key: 'k', body: bytes('first'), ifNoneMatch: '*' });
          expect(await rejection(store.putObject({ key: 'k', body: bytes('second'), ifNoneMatch: '*' }))).toBeInstanceOf(PreconditionFailed);
          expect(text((await store.getObject('k')).body)).toBe('first');
        },
        'conditionalWrites',
      );

      check(
        'If-None-Match: * succeeds on a deleted key',
        async ({ store }) => {
          await store.putObject({ key: 'k', body: bytes('first') });
          await store.deleteObject('k');
          await store.putObject({ key: 'k', body: bytes('second'), ifNoneMatch: '*' });
          expect(text((await store.getObject('k')).body)).toBe('second');
        },
        'conditionalWrites',
      );

      check(
        'If-Match replaces the object with the given ETag and fails with 412 on a stale ETag',
        async ({ store }) => {
          const first = await store.putObject({ key: 'k', body: bytes('v1') });
          const second = await store.putObject({ key: 'k', body: bytes('v2'), ifMatch: first.etag });
          expect(await rejection(store.putObject({ key: 'k', body: bytes('v3'), ifMatch: first.etag }))).toBeInstanceOf(PreconditionFailed);
          const got = await store.getObject('k');
          expect(text(got.body)).toBe('v2');
          expect(got.etag).toBe(second.etag);
        },
        'conditionalWrites',
      );

      check(
        'If-Match fails with 412 when the key is absent',
        async ({ store }) => {
          expect(await rejection(store.putObject({ key: 'k', body: bytes('v1'), ifMatch: '"1"' }))).toBeInstanceOf(PreconditionFailed);
          expect(await rejection(store.getObject('k'))).toBeInstanceOf(NoSuchKey);
        },
        'conditionalWrites',
      );
    });

    describe('listing', () => {
      check('lists the keys under a prefix in lexicographic order', async ({ store }) => {
        for (const key of ['p/b', 'p/a', 'q/a', 'p/c', 'p/B', 'p']) await store.putObject({ key, body: bytes(key) });
        const page = await store.listObjects({ prefix: 'p/' });
        expect(page.objects.map((o) => o.key)).toEqual(['p/B', 'p/a', 'p/b', 'p/c']);
        expect(page.commonPrefixes).toEqual([]);
        expect(page.nextContinuationToken).toBeUndefined();
        expect(page.objects[0]).toMatchObject({ size: 3 });
      });

      const snapshotKeys = [
        'c/snapshot/timestamped/v1/snapshot.tar.gz',
        'c/snapshot/timestamped/v1/.snapshot_hash',
        'c/snapshot/timestamped/v2/snapshot.tar.gz',
        'c/snapshot/latest-pointer.txt',
      ];

      check('a delimiter rolls the keys one level below the prefix up into common prefixes', async ({ store }) => {
        for (const key of snapshotKeys) await store.putObject({ key, body: bytes('x') });
        const versions = await store.listObjects({ prefix: 'c/snapshot/timestamped/', delimiter: '/' });
        expect(versions.objects).toEqual([]);
        expect(versions.commonPrefixes).toEqual(['c/snapshot/timestamped/v1/', 'c/snapshot/timestamped/v2/']);
      });

      check(
        'a delimiter rolls keys nested deeper below the prefix up into one common prefix',
        async ({ store }) => {
          for (const key of snapshotKeys) await store.putObject({ key, body: bytes('x') });
          const top = await store.listObjects({ prefix: 'c/snapshot/', delimiter: '/' });
          expect(top.objects.map((o) => o.key)).toEqual(['c/snapshot/latest-pointer.txt']);
          expect(top.commonPrefixes).toEqual(['c/snapshot/timestamped/']);
        },
        'nestedCommonPrefixes',
      );

      check('deleted keys are not listed and a prefix with only deleted keys disappears', async ({ store }) => {
        await store.putObject({ key: 'd/v1/a', body: bytes('x') });
        await store.putObject({ key: 'd/v2/a', body: bytes('x') });
        await store.deleteObject('d/v1/a');
        const page = await store.listObjects({ prefix: 'd/', delimiter: '/' });
        expect(page.commonPrefixes).toEqual(['d/v2/']);
      });

      check('pagination with a small maxKeys returns every key of more than 1000 exactly once, in order', async ({ store }) => {
        const keys = Array.from({ length: 1005 }, (_, i) => `many/${String(i).padStart(4, '0')}`);
        for (const key of keys) await store.putObject({ key, body: bytes('x') });
        const seen: string[] = [];
        let token: string | undefined;
        let pages = 0;
        do {
          const page = await store.listObjects({ prefix: 'many/', maxKeys: 97, continuationToken: token });
          expect(page.objects.length).toBeLessThanOrEqual(97);
          seen.push(...page.objects.map((o) => o.key));
          token = page.nextContinuationToken;
          pages++;
        } while (token !== undefined);
        expect(seen).toEqual(keys);
        expect(pages).toBe(11);
        const first = await store.listObjects({ prefix: 'many/' });
        expect(first.objects).toHaveLength(1000);
        expect(first.nextContinuationToken).toBeDefined();
        const capped = await store.listObjects({ prefix: 'many/', maxKeys: 5000 });
        expect(capped.objects).toHaveLength(1000);
        expect(await listAllObjects(store, 'many/')).toHaveLength(1005);
      });

      check(
        'common prefixes count towards maxKeys and are not repeated across pages',
        async ({ store }) => {
          for (const dir of ['a', 'b', 'c', 'd', 'e']) {
            for (const file of ['1', '2', '3']) await store.putObject({ key: `t/${dir}/${file}`, body: bytes('x') });
          }
          await store.putObject({ key: 't/f', body: bytes('x') });
          const prefixes: string[] = [];
          const objects: string[] = [];
          let token: string | undefined;
          do {
            const page = await store.listObjects({ prefix: 't/', delimiter: '/', maxKeys: 2, continuationToken: token });
            expect(page.objects.length + page.commonPrefixes.length).toBeLessThanOrEqual(2);
            prefixes.push(...page.commonPrefixes);
            objects.push(...page.objects.map((o) => o.key));
            token = page.nextContinuationToken;
          } while (token !== undefined);
          expect(prefixes).toEqual(['t/a/', 't/b/', 't/c/', 't/d/', 't/e/']);
          expect(objects).toEqual(['t/f']);
        },
        'commonPrefixesInMaxKeys',
      );
    });

    describe('multipart uploads', () => {
      check('a completed upload is the concatenation of its parts, with its content type and metadata', async ({ store }) => {
        const uploadId = await store.createMultipartUpload('big.tar.gz', 'application/gzip', { hash: 'md5:00' });
        const one = await store.uploadPart('big.tar.gz', uploadId, 1, bytes('hello '));
        const two = await store.uploadPart('big.tar.gz', uploadId, 2, bytes('world'));
        expect(await rejection(store.getObject('big.tar.gz'))).toBeInstanceOf(NoSuchKey);
        const done = await store.completeMultipartUpload('big.tar.gz', uploadId, [
          { partNumber: 1, etag: one },
          { partNumber: 2, etag: two },
        ]);
        const got = await store.getObject('big.tar.gz');
        expect(text(got.body)).toBe('hello world');
        expect(got.etag).toBe(done.etag);
        expect(got.contentType).toBe('application/gzip');
        expect(got.metadata).toEqual({ hash: 'md5:00' });
      });

      check(
        'a completed upload takes no more parts',
        async ({ store }) => {
          const uploadId = await store.createMultipartUpload('k');
          const one = await store.uploadPart('k', uploadId, 1, bytes('a'));
          await store.completeMultipartUpload('k', uploadId, [{ partNumber: 1, etag: one }]);
          expect(await rejection(store.uploadPart('k', uploadId, 2, bytes('!')))).toBeInstanceOf(NoSuchUpload);
        },
        'multipartPartChecks',
      );

      check(
        'completing with parts out of order or with a wrong ETag is rejected',
        async ({ store }) => {
          const uploadId = await store.createMultipartUpload('k');
          const one = await store.uploadPart('k', uploadId, 1, bytes('a'));
          const two = await store.uploadPart('k', uploadId, 2, bytes('b'));
          const outOfOrder = [
            { partNumber: 2, etag: two },
            { partNumber: 1, etag: one },
          ];
          expect(await rejection(store.completeMultipartUpload('k', uploadId, outOfOrder))).toBeInstanceOf(ValidationError);
          expect(await rejection(store.completeMultipartUpload('k', uploadId, [{ partNumber: 1, etag: two }]))).toBeInstanceOf(ValidationError);
          expect(await rejection(store.getObject('k'))).toBeInstanceOf(NoSuchKey);
        },
        'multipartPartChecks',
      );

      check(
        'an aborted upload never becomes an object and cannot be completed',
        async ({ store }) => {
          const uploadId = await store.createMultipartUpload('k');
          const one = await store.uploadPart('k', uploadId, 1, bytes('a'));
          await store.abortMultipartUpload('k', uploadId);
          expect(await rejection(store.completeMultipartUpload('k', uploadId, [{ partNumber: 1, etag: one }]))).toBeInstanceOf(NoSuchUpload);
          expect(await rejection(store.getObject('k'))).toBeInstanceOf(NoSuchKey);
          expect((await store.listObjects({ prefix: '' })).objects).toEqual([]);
        },
        'multipartAbort',
      );

      check('an upload that is never completed is not listed as an object', async ({ store }) => {
        const uploadId = await store.createMultipartUpload('abandoned');
        await store.uploadPart('abandoned', uploadId, 1, bytes('a'));
        expect((await store.listObjects({ prefix: '' })).objects).toEqual([]);
        expect(await rejection(store.headObject('abandoned'))).toBeInstanceOf(NoSuchKey);
      });
    });

    notSupportedCase(backend, 'ObjectStore');
  });
}
