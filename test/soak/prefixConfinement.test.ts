import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../src/adapters/aws/s3ObjectStore.js';
import { PrefixViolation, PrefixedObjectStore } from '../../src/soak/prefixedObjectStore.js';

function prefixedStore() {
  const client = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'mock', secretAccessKey: 'mock' } });
  const mock = mockClient(client);
  const store = new PrefixedObjectStore(new S3ObjectStore({ client, bucket: 'shared-bucket' }), 'rsim-soak-run1');
  return { mock, store };
}

const body = new TextEncoder().encode('x');

describe('the soak object store keeps every key under the run prefix', () => {
  it('stores a spec key under the prefix, so pipeline code sees the keys of the spec', async () => {
    const { mock, store } = prefixedStore();
    mock.on(PutObjectCommand).resolves({ ETag: '"e"' });
    await store.putObject({ key: 'lines/snapshot/latest-pointer.txt', body });
    expect(mock.commandCalls(PutObjectCommand)[0]!.args[0].input).toMatchObject({ Bucket: 'shared-bucket', Key: 'rsim-soak-run1/lines/snapshot/latest-pointer.txt' });
  });

  it('lists with the prefix and hands back spec keys and common prefixes', async () => {
    const { mock, store } = prefixedStore();
    mock.on(ListObjectsV2Command).resolves({
      Contents: [{ Key: 'rsim-soak-run1/lines/snapshot/latest-pointer.txt', Size: 1, ETag: '"e"' }],
      CommonPrefixes: [{ Prefix: 'rsim-soak-run1/lines/snapshot/timestamped/v1/' }],
    });
    const page = await store.listObjects({ prefix: 'lines/snapshot/', delimiter: '/' });
    expect(mock.commandCalls(ListObjectsV2Command)[0]!.args[0].input.Prefix).toBe('rsim-soak-run1/lines/snapshot/');
    expect(page.objects.map((o) => o.key)).toEqual(['lines/snapshot/latest-pointer.txt']);
    expect(page.commonPrefixes).toEqual(['lines/snapshot/timestamped/v1/']);
  });

  it.each(['../other-run/lines/snapshot/latest-pointer.txt', '/lines/x', 'lines/../../x', 'lines//x', ''])(
    'throws PrefixViolation for a write to %j and sends nothing',
    async (key) => {
      const { mock, store } = prefixedStore();
      mock.on(PutObjectCommand).resolves({ ETag: '"e"' });
      await expect(store.putObject({ key, body })).rejects.toBeInstanceOf(PrefixViolation);
      await expect(store.deleteObject(key)).rejects.toBeInstanceOf(PrefixViolation);
      expect(mock.calls()).toHaveLength(0);
    },
  );

  it('refuses a run prefix that is not a plain lower-case name', () => {
    const { store } = prefixedStore();
    expect(() => new PrefixedObjectStore(store, '../escape')).toThrow(PrefixViolation);
  });
});
