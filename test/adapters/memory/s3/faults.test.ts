import { describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../../../../src/adapters/memory/s3/memoryObjectStore.js';
import { ServiceUnavailable, Throttled } from '../../../../src/ports/errors.js';
import type { Simulation } from '../../../../src/sim/simulation.js';
import { simulate } from '../../../support/simulate.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const build = (sim: Simulation): MemoryObjectStore => new MemoryObjectStore(sim, { bucket: 'chroma' });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

describe('S3 faults', () => {
  it('s3.throttle rejects every request with 503 SlowDown before its effect', async () => {
    const sim = await simulate({ faults: { 's3.throttle': { rate: 1, always: true } } }, build, async (store) => {
      const put = await rejection(store.putObject({ key: 'k', body: bytes('x') }));
      expect(put).toBeInstanceOf(Throttled);
      expect(put).toMatchObject({ code: 'SlowDown', retryable: true });
      expect(await rejection(store.getObject('k'))).toBeInstanceOf(Throttled);
      expect(await rejection(store.listObjects({ prefix: '' }))).toBeInstanceOf(Throttled);
      expect(await rejection(store.createMultipartUpload('k'))).toBeInstanceOf(Throttled);
      expect(await rejection(store.deleteObject('k'))).toBeInstanceOf(Throttled);
      expect(store.peek('k')).toBeUndefined();
      expect(store.versions('k')).toEqual([]);
      expect(store.listMultipartUploads()).toEqual([]);
    });
    expect(sim.faults.unfired()).toEqual([]);
    expect(sim.trace.steps.filter((s) => s.op.startsWith('s3.')).every((s) => s.outcome === 'SlowDown')).toBe(true);
  });

  it('s3.errorAfterEffect applies a write and answers 500 InternalError', async () => {
    const sim = await simulate({ faults: { 's3.errorAfterEffect': { rate: 1, always: true } } }, build, async (store) => {
      const put = await rejection(store.putObject({ key: 'k', body: bytes('written') }));
      expect(put).toBeInstanceOf(ServiceUnavailable);
      expect(put).toMatchObject({ code: 'InternalError', retryable: true });
      expect(new TextDecoder().decode(store.peek('k')?.body)).toBe('written');

      expect(await rejection(store.deleteObject('k'))).toBeInstanceOf(ServiceUnavailable);
      expect(store.peek('k')).toBeUndefined();

      expect(await rejection(store.createMultipartUpload('big'))).toBeInstanceOf(ServiceUnavailable);
      const [upload] = store.listMultipartUploads();
      expect(upload?.key).toBe('big');
      expect(await rejection(store.uploadPart('big', upload!.uploadId, 1, bytes('all of it')))).toBeInstanceOf(ServiceUnavailable);
      const parts = store.listMultipartUploads()[0]?.parts ?? [];
      expect(parts.map((p) => p.partNumber)).toEqual([1]);

      expect(await rejection(store.completeMultipartUpload('big', upload!.uploadId, parts))).toBeInstanceOf(ServiceUnavailable);
      expect(new TextDecoder().decode(store.peek('big')?.body)).toBe('all of it');
      expect(store.listMultipartUploads()).toEqual([]);
    });
    expect(sim.faults.unfired()).toEqual([]);
  });

  it('s3.errorAfterEffect never fires for reads', async () => {
    const sim = await simulate({ faults: { 's3.errorAfterEffect': { rate: 1, always: true } } }, build, async (store) => {
      expect(await rejection(store.putObject({ key: 'k', body: bytes('x') }))).toBeInstanceOf(ServiceUnavailable);
      await store.getObject('k');
      await store.headObject('k');
      await store.listObjects({ prefix: '' });
    });
    expect(sim.faults.coverage()).toEqual([expect.objectContaining({ fault: 's3.errorAfterEffect', opportunities: 1, fired: 1 })]);
  });
});
