import { describe, expect, it } from 'vitest';
import { ServiceUnavailable } from '../../../src/ports/errors.js';
import { readTarGz } from '../../../src/pipeline/archive/tarGz.js';
import { hashKey, pointerKey, tarballKey, versionedPrefix } from '../../../src/pipeline/snapshot/layout.js';
import { readPointer } from '../../../src/pipeline/snapshot/pointer.js';
import { tarballHash } from '../../../src/pipeline/snapshot/snapshotHash.js';
import type { OwnershipValidator } from '../../../src/pipeline/snapshot/snapshotPorts.js';
import type { SnapshotUploadResult } from '../../../src/pipeline/snapshot/results.js';
import { type UploadSnapshotOptions, uploadSnapshotAtomic } from '../../../src/pipeline/snapshot/uploadSnapshotAtomic.js';
import type { Simulation } from '../../../src/sim/simulation.js';
import { simulate } from '../../support/simulate.js';
import { ScriptedStore, type SnapshotWorld, bytes, chromaFiles, headUpload, seedUpload, snapshotWorld, text, writeDirectory } from './world.js';

const metadata = { update_type: 'batch_compaction', message_count: 2, delta_merges: 1 };

/** A lock manager answering from a script, recording what the bucket held at each check. */
function scriptedLock(world: SnapshotWorld, answers: boolean[]): OwnershipValidator & { seen: string[][] } {
  const seen: string[][] = [];
  return {
    seen,
    validateOwnership: () => {
      seen.push(world.store.keys());
      return Promise.resolve(answers.shift() ?? true);
    },
  };
}

async function withDirectory(world: SnapshotWorld, tag = 'A'): Promise<void> {
  await writeDirectory(world.ports, '/tmp/chroma-lines', chromaFiles(tag));
}

const versionKeys = (world: SnapshotWorld): string[] => world.store.keys('lines/snapshot/timestamped/');

/** Uploads /tmp/chroma-lines as the head profile does, with overrides. */
const upload = (world: SnapshotWorld, options: Partial<UploadSnapshotOptions> = {}): Promise<SnapshotUploadResult> =>
  uploadSnapshotAtomic(world.ports, { ...headUpload, localDir: '/tmp/chroma-lines', collection: 'lines', metadata, ...options });

const failingWith =
  (fail: ConstructorParameters<typeof ScriptedStore>[1]) =>
  (sim: Simulation): SnapshotWorld =>
    snapshotWorld(sim, { wrapStore: (store) => new ScriptedStore(store, fail) });

describe('upload_snapshot_atomic (spec §5.2)', () => {
  it('tarball layout: uploads snapshot.tar.gz and md5:{hex}, promotes the pointer and returns the keys and hash', async () => {
    await simulate({}, snapshotWorld, async (world) => {
      await withDirectory(world);
      const lock = scriptedLock(world, [true, true]);
      const result = await upload(world, { lockManager: lock });
      if (result.status !== 'uploaded') throw new Error(result.error);
      const v = result.version_id;
      expect(v).toMatch(/^\d{8}_\d{6}_\d{6}_[0-9a-f]{8}$/);
      expect(result).toMatchObject({ versioned_key: versionedPrefix('lines', v), pointer_key: pointerKey('lines') });
      const tarball = world.store.peek(tarballKey('lines', v))!;
      expect(tarball.contentType).toBe('application/gzip');
      expect(tarball.metadata).toEqual({ update_type: 'batch_compaction', message_count: '2', delta_merges: '1' });
      expect(readTarGz(tarball.body).map((e) => e.path)).toEqual(chromaFiles('A').map((e) => e.path).sort());
      expect(result.hash).toBe(tarballHash(tarball.body));
      expect(text(world.store.peek(hashKey('lines', v))?.body)).toBe(result.hash);
      expect(text(world.store.peek(pointerKey('lines'))?.body)).toBe(v);
      expect(world.store.peek(pointerKey('lines'))?.metadata).toEqual(tarball.metadata);
      expect(result.pointer_etag).toBe(world.store.peek(pointerKey('lines'))?.etag);
      // Step 1 saw an empty bucket; step 4 saw the version uploaded and no pointer yet.
      expect(lock.seen[0]).toEqual([]);
      expect(lock.seen[1]).toEqual([hashKey('lines', v), tarballKey('lines', v)]);
    });
  });

  it('directory layout (seed era): uploads every file, then the JSON .snapshot_hash, under a YYYYmmdd_HHMMSS version', async () => {
    await simulate({}, snapshotWorld, async (world) => {
      await withDirectory(world);
      const result = await upload(world, seedUpload);
      if (result.status !== 'uploaded') throw new Error(result.error);
      expect(result.version_id).toBe('20251114_120000');
      const prefix = versionedPrefix('lines', result.version_id);
      const objects = ['.snapshot_hash', 'chroma.sqlite3', 'index-0001/data_level0.bin', 'index-0001/header.bin'];
      expect(versionKeys(world)).toEqual(objects.map((o) => `${prefix}${o}`));
      expect(world.store.peek(`${prefix}chroma.sqlite3`)?.body).toEqual(chromaFiles('A')[0]!.data);
      const record = JSON.parse(text(world.store.peek(`${prefix}.snapshot_hash`)?.body) ?? '') as Record<string, unknown>;
      expect(record).toMatchObject({ directory_hash: result.hash, algorithm: 'md5', file_count: 3, version: '1.0' });
      expect(text(world.store.peek(pointerKey('lines'))?.body)).toBe(result.version_id);
    });
  });

  it('directory layout with the legacy hash writes md5 over relpath:size:mtime', async () => {
    await simulate({}, snapshotWorld, async (world) => {
      await withDirectory(world);
      const result = await upload(world, { ...seedUpload, layout: { kind: 'directory', hash: 'legacyStat' } });
      if (result.status !== 'uploaded') throw new Error(result.error);
      expect(text(world.store.peek(hashKey('lines', result.version_id))?.body)).toMatch(/^[0-9a-f]{32}$/);
    });
  });

  it('step 1: a lock no longer owned writes nothing and returns an error', async () => {
    await simulate({}, snapshotWorld, async (world) => {
      await withDirectory(world);
      const result = await upload(world, { lockManager: scriptedLock(world, [false]) });
      expect(result).toEqual({ status: 'error', error: 'lock validation failed before upload', version_id: null });
      expect(world.store.keys()).toEqual([]);
    });
  });

  it('step 4: ownership lost during the upload deletes everything under the versioned prefix and leaves the pointer', async () => {
    await simulate({}, snapshotWorld, async (world) => {
      await withDirectory(world);
      await world.store.putObject({ key: pointerKey('lines'), body: bytes('previous') });
      for (const layout of [headUpload, seedUpload]) {
        const result = await upload(world, { ...layout, lockManager: scriptedLock(world, [true, false]) });
        expect(result).toMatchObject({ status: 'error', error: 'lock validation failed before pointer promotion' });
        expect(versionKeys(world)).toEqual([]);
        expect(text(world.store.peek(pointerKey('lines'))?.body)).toBe('previous');
      }
    });
  });

  it('a promotion guard that refuses aborts like a lost lock', async () => {
    await simulate({}, snapshotWorld, async (world) => {
      await withDirectory(world);
      const result = await upload(world, { promotionGuard: () => Promise.resolve(false) });
      expect(result).toMatchObject({ status: 'error', error: 'promotion guard refused the pointer write' });
      expect(world.store.keys()).toEqual([]);
    });
  });

  it('step 3: a failed object upload returns an error and leaves what was uploaded before it, with the pointer unchanged', async () => {
    const build = failingWith((op, key, _attempt, phase) =>
      op === 'putObject' && phase === 'before' && key.endsWith('header.bin') ? new ServiceUnavailable() : undefined,
    );
    await simulate({}, build, async (world) => {
      await withDirectory(world);
      const result = await upload(world, seedUpload);
      expect(result).toMatchObject({ status: 'error', version_id: '20251114_120000' });
      expect(result.status === 'error' && result.error).toMatch(/^snapshot upload failed: ServiceUnavailable/);
      expect(versionKeys(world).map((k) => k.split('/').slice(4).join('/'))).toEqual(['chroma.sqlite3', 'index-0001/data_level0.bin']);
      expect(world.store.peek(pointerKey('lines'))).toBeUndefined();
    });
  });

  it('step 5: an error answer to an applied pointer PUT is an error although the pointer moved, and cleanup does not run', async () => {
    const build = failingWith((op, key, _attempt, phase) =>
      op === 'putObject' && phase === 'after' && key === pointerKey('lines') ? new ServiceUnavailable('InternalError') : undefined,
    );
    await simulate({}, build, async (world) => {
      for (const v of ['20251101_000000', '20251102_000000', '20251103_000000', '20251104_000000']) {
        await world.store.putObject({ key: tarballKey('lines', v), body: bytes(v) });
      }
      await withDirectory(world);
      const result = await upload(world);
      expect(result).toMatchObject({ status: 'error', error: 'InternalError: Service unavailable' });
      expect(text(world.store.peek(pointerKey('lines'))?.body)).toBe(result.version_id);
      expect(new Set(versionKeys(world).map((k) => k.split('/')[3])).size).toBe(5);
    });
  });

  it('step 6: after promotion only the keep_versions newest versions remain', async () => {
    await simulate({}, snapshotWorld, async (world) => {
      for (const v of ['20251101_000000', '20251102_000000', '20251103_000000', '20251104_000000', '20251105_000000']) {
        await world.store.putObject({ key: tarballKey('lines', v), body: bytes(v) });
      }
      await withDirectory(world);
      const result = await upload(world, { keepVersions: 4 });
      if (result.status !== 'uploaded') throw new Error(result.error);
      const kept = [...new Set(versionKeys(world).map((k) => k.split('/')[3]))];
      expect(kept).toEqual(['20251103_000000', '20251104_000000', '20251105_000000', result.version_id]);
    });
  });

  it('conditionalPut: a pointer moved since the download refuses the promotion (412) and the new version is deleted', async () => {
    await simulate({}, snapshotWorld, async (world) => {
      await withDirectory(world);
      await world.store.putObject({ key: pointerKey('lines'), body: bytes('v0') });
      const seen = await readPointer(world.store, 'lines');
      await world.store.putObject({ key: pointerKey('lines'), body: bytes('v1 by someone else') });
      const result = await upload(world, { pointerPromotion: { mode: 'conditionalPut', expectedEtag: seen!.etag } });
      expect(result).toMatchObject({ status: 'error' });
      expect(result.status === 'error' && result.error).toMatch(/^pointer promotion refused: PreconditionFailed/);
      expect(versionKeys(world)).toEqual([]);
      expect(text(world.store.peek(pointerKey('lines'))?.body)).toBe('v1 by someone else');
    });
  });
});
