import { describe, expect, it } from 'vitest';
import { hashKey, pointerKey, timestampedPrefix, versionedPrefix } from '../../../src/pipeline/snapshot/layout.js';
import { uploadSnapshotAtomic } from '../../../src/pipeline/snapshot/uploadSnapshotAtomic.js';
import { type LatencyTable, defaultLatencies } from '../../../src/sim/latency.js';
import { simulate } from '../../support/simulate.js';
import { bytes, seedUpload, snapshotWorld, text, writeDirectory } from './world.js';

/** Requests that take no virtual time, so two whole uploads fit in one second. */
const instant = Object.fromEntries(Object.keys(defaultLatencies).map((k) => [k, { minMs: 0, maxMs: 0 }])) as unknown as LatencyTable;

describe('seed-era version ids in whole seconds', () => {
  it('a second upload in the same second writes into the first\'s version folder: shared files overwritten, its other files kept', async () => {
    await simulate({ latencies: instant }, snapshotWorld, async (world, sim) => {
      await writeDirectory(world.ports, '/tmp/a', [
        { path: 'chroma.sqlite3', data: bytes('database of A') },
        { path: 'index-a/data.bin', data: bytes('index of A') },
      ]);
      await writeDirectory(world.ports, '/tmp/b', [{ path: 'chroma.sqlite3', data: bytes('database of B, longer') }]);
      const first = await uploadSnapshotAtomic(world.ports, { ...seedUpload, localDir: '/tmp/a', collection: 'lines', metadata: {} });
      const second = await uploadSnapshotAtomic(world.ports, { ...seedUpload, localDir: '/tmp/b', collection: 'lines', metadata: {} });
      if (first.status !== 'uploaded' || second.status !== 'uploaded') throw new Error('both uploads must succeed');
      expect(sim.now).toBeLessThan(1000);
      expect(second.version_id).toBe(first.version_id);
      const prefix = versionedPrefix('lines', first.version_id);
      const objects = ['.snapshot_hash', 'chroma.sqlite3', 'index-a/data.bin'];
      expect(world.store.keys(timestampedPrefix('lines'))).toEqual(objects.map((o) => `${prefix}${o}`));
      expect(text(world.store.peek(`${prefix}chroma.sqlite3`)?.body)).toBe('database of B, longer');
      expect(text(world.store.peek(`${prefix}index-a/data.bin`)?.body)).toBe('index of A');
      expect(world.store.versions(`${prefix}chroma.sqlite3`)).toHaveLength(2);
      // The folder's hash describes only the second upload's files.
      const hashFile = JSON.parse(text(world.store.peek(hashKey('lines', first.version_id))?.body) ?? '') as unknown;
      expect(hashFile).toMatchObject({ directory_hash: second.hash, file_count: 1 });
      expect(text(world.store.peek(pointerKey('lines'))?.body)).toBe(first.version_id);
    });
  });
});
