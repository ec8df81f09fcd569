import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../../../../src/adapters/memory/s3/memoryObjectStore.js';
import { ValidationError } from '../../../../src/ports/errors.js';
import type { Simulation } from '../../../../src/sim/simulation.js';
import { simulate } from '../../../support/simulate.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const build = (sim: Simulation): MemoryObjectStore => new MemoryObjectStore(sim, { bucket: 'chroma' });

describe('MemoryObjectStore', () => {
  it('numbers ETags and version ids with one per-bucket write counter', async () => {
    await simulate({}, build, async (store) => {
      const a = await store.putObject({ key: 'a', body: bytes('same') });
      const b = await store.putObject({ key: 'b', body: bytes('same') });
      await store.deleteObject('a');
      const c = await store.putObject({ key: 'a', body: bytes('same') });
      expect([a.etag, b.etag, c.etag]).toEqual(['"1"', '"2"', '"4"']);
      expect([a.versionId, b.versionId, c.versionId]).toEqual(['v00000001', 'v00000002', 'v00000004']);
    });
  });

  it('keeps every version and answers a delete with a delete marker', async () => {
    await simulate({}, build, async (store) => {
      await store.putObject({ key: 'k', body: bytes('one') });
      await store.putObject({ key: 'k', body: bytes('two') });
      await store.deleteObject('k');
      expect(store.versions('k').map((v) => (v.deleteMarker ? 'marker' : new TextDecoder().decode(v.body)))).toEqual(['one', 'two', 'marker']);
      expect(store.peek('k')).toBeUndefined();
      expect(store.keys()).toEqual([]);
    });
  });

  it('records each request as one s3 step on the s3://bucket/key entity', async () => {
    const sim = await simulate({}, build, async (store) => {
      await store.putObject({ key: 'c/snapshot/latest-pointer.txt', body: bytes('v1') });
      await store.getObject('c/snapshot/latest-pointer.txt');
    });
    const steps = sim.trace.steps.filter((s) => s.op.startsWith('s3.'));
    expect(steps.map((s) => s.op)).toEqual(['s3.putObject', 's3.getObject']);
    for (const step of steps) expect(step.entities).toEqual(['s3://chroma/c/snapshot/latest-pointer.txt']);
    expect(steps[0]?.detail).toMatchObject({ key: 'c/snapshot/latest-pointer.txt', etag: '"1"' });
    expect(steps[0]!.t).toBeGreaterThanOrEqual(10);
  });

  it('digests the logical content of a gzip body and never records sizes', async () => {
    const logical = bytes('chroma.sqlite3 contents '.repeat(200));
    const sim = await simulate({}, build, async (store) => {
      await store.putObject({ key: 'plain', body: logical });
      await store.putObject({ key: 'fast.tar.gz', body: gzipSync(logical, { level: 1 }) });
      await store.putObject({ key: 'best.tar.gz', body: gzipSync(logical, { level: 9 }) });
      await store.putObject({ key: 'torn.tar.gz', body: gzipSync(logical).subarray(0, 20) });
    });
    const digests = sim.trace.steps.filter((s) => s.op === 's3.putObject').map((s) => s.detail?.['contentDigest']);
    expect(digests[0]).toMatch(/^[0-9a-f]{16}$/);
    expect(digests[1]).toBe(digests[0]);
    expect(digests[2]).toBe(digests[0]);
    expect(digests[3]).not.toBe(digests[0]);
    for (const step of sim.trace.steps) expect(Object.keys(step.detail ?? {})).not.toContain('size');
  });

  it('serves the inspection API without taking a step', async () => {
    await simulate({}, build, async (store, sim) => {
      await store.putObject({ key: 'p/a', body: bytes('a') });
      await store.putObject({ key: 'p/b', body: bytes('b') });
      await store.putObject({ key: 'q', body: bytes('q') });
      const uploadId = await store.createMultipartUpload('p/big');
      await store.uploadPart('p/big', uploadId, 1, bytes('part'));
      const length = sim.trace.length;
      expect(store.keys('p/')).toEqual(['p/a', 'p/b']);
      expect(new TextDecoder().decode(store.peek('q')?.body)).toBe('q');
      expect(store.versions('p/a')).toHaveLength(1);
      expect(store.listMultipartUploads()).toEqual([{ key: 'p/big', uploadId, initiated: expect.any(Number), parts: [{ partNumber: 1, etag: '"5"' }] }]);
      expect(sim.trace.length).toBe(length);
    });
  });

  it('lists an abandoned multipart upload for inspection until it is aborted', async () => {
    await simulate({}, build, async (store) => {
      const uploadId = await store.createMultipartUpload('snapshot.tar.gz');
      await store.uploadPart('snapshot.tar.gz', uploadId, 2, bytes('b'));
      await store.uploadPart('snapshot.tar.gz', uploadId, 1, bytes('a'));
      expect(store.listMultipartUploads().map((u) => u.parts.map((p) => p.partNumber))).toEqual([[1, 2]]);
      expect(store.keys()).toEqual([]);
      await store.abortMultipartUpload('snapshot.tar.gz', uploadId);
      expect(store.listMultipartUploads()).toEqual([]);
    });
  });

  it('returns user metadata keys lowercased and Last-Modified in whole seconds of S3 time', async () => {
    await simulate({}, build, async (store, sim) => {
      await store.putObject({ key: 'k', body: bytes('x'), metadata: { 'Snapshot-Hash': 'md5:0' } });
      const head = await store.headObject('k');
      expect(head.metadata).toEqual({ 'snapshot-hash': 'md5:0' });
      expect(head.lastModified % 1000).toBe(0);
      expect(head.lastModified).toBeLessThanOrEqual(sim.epochMs + sim.now);
    });
  });

  it('accepts If-Match: * only when the key exists', async () => {
    await simulate({}, build, async (store) => {
      await expect(store.putObject({ key: 'k', body: bytes('x'), ifMatch: '*' })).rejects.toMatchObject({ code: 'PreconditionFailed' });
      await store.putObject({ key: 'k', body: bytes('x') });
      await store.putObject({ key: 'k', body: bytes('y'), ifMatch: '*' });
    });
  });

  it('rejects an unreadable continuation token and a part number out of range', async () => {
    await simulate({}, build, async (store) => {
      await expect(store.listObjects({ prefix: '', continuationToken: 'not-a-token' })).rejects.toBeInstanceOf(ValidationError);
      const uploadId = await store.createMultipartUpload('k');
      await expect(store.uploadPart('k', uploadId, 0, bytes('x'))).rejects.toBeInstanceOf(ValidationError);
      await expect(store.uploadPart('k', uploadId, 10_001, bytes('x'))).rejects.toBeInstanceOf(ValidationError);
    });
  });

  it('lists keys in UTF-8 byte order, as S3 does', async () => {
    await simulate({}, build, async (store) => {
      const keys = ['k/\u{1F600}', 'k/\uFF21', 'k/z', 'k/\u00E9'];
      for (const key of keys) await store.putObject({ key, body: bytes('x') });
      const expected = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      expect((await store.listObjects({ prefix: 'k/' })).objects.map((o) => o.key)).toEqual(expected);
      expect(expected).toEqual(['k/z', 'k/\u00E9', 'k/\uFF21', 'k/\u{1F600}']);
    });
  });

  it('gives the same trace for the same seed', async () => {
    const run = async (): Promise<string> => {
      const sim = await simulate({ seed: 7 }, build, async (store) => {
        await store.putObject({ key: 'a', body: gzipSync(bytes('content')) });
        await store.listObjects({ prefix: '' });
        await store.deleteObject('a');
      });
      return sim.trace.hash;
    };
    expect(await run()).toBe(await run());
  });
});
