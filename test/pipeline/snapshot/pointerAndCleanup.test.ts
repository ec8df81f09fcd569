import { describe, expect, it } from 'vitest';
import { PreconditionFailed, ServiceUnavailable } from '../../../src/ports/errors.js';
import { cleanupVersions } from '../../../src/pipeline/snapshot/cleanupVersions.js';
import { pointerKey, versionedPrefix } from '../../../src/pipeline/snapshot/layout.js';
import { toObjectMetadata } from '../../../src/pipeline/snapshot/objectMetadata.js';
import { pointerPromotion, promotePointer, readPointer } from '../../../src/pipeline/snapshot/pointer.js';
import { simulate } from '../../support/simulate.js';
import { ScriptedStore, bytes, snapshotWorld, text } from './world.js';

describe('the pointer', () => {
  it('reads as no snapshot when absent, and as its version id and ETag when present', async () => {
    await simulate({}, snapshotWorld, async ({ store }) => {
      expect(await readPointer(store, 'lines')).toBeUndefined();
      const { etag } = await store.putObject({ key: pointerKey('lines'), body: bytes('20251114_120000\n') });
      expect(await readPointer(store, 'lines')).toEqual({ versionId: '20251114_120000', etag, history: ['20251114_120000'] });
    });
  });

  it('blindPut writes the version id as text/plain with the upload metadata as strings, whatever the pointer holds', async () => {
    await simulate({}, snapshotWorld, async ({ store }) => {
      await store.putObject({ key: pointerKey('lines'), body: bytes('someone-else') });
      await promotePointer(store, 'lines', 'v2', { update_type: 'batch_compaction', message_count: 3, dry: false, note: null }, { mode: 'blindPut' });
      const pointer = store.peek(pointerKey('lines'))!;
      expect(text(pointer.body)).toBe('v2');
      expect(pointer.contentType).toBe('text/plain');
      expect(pointer.metadata).toEqual({ update_type: 'batch_compaction', message_count: '3', dry: 'False', note: 'None' });
    });
  });

  it('conditionalPut writes only over the ETag the cycle read, or only where there was no pointer', async () => {
    await simulate({}, snapshotWorld, async ({ store }) => {
      await promotePointer(store, 'lines', 'v1', {}, pointerPromotion('conditionalPut', undefined));
      await expect(promotePointer(store, 'lines', 'v1b', {}, pointerPromotion('conditionalPut', undefined))).rejects.toThrow(PreconditionFailed);
      const seen = await readPointer(store, 'lines');
      await promotePointer(store, 'lines', 'v2', {}, pointerPromotion('conditionalPut', seen));
      await expect(promotePointer(store, 'lines', 'v3', {}, pointerPromotion('conditionalPut', seen))).rejects.toThrow(PreconditionFailed);
      expect(text(store.peek(pointerKey('lines'))?.body)).toBe('v2');
    });
  });

  it('object metadata values become strings as Python str() prints them', () => {
    expect(toObjectMetadata({ a: 1, b: 2.5, c: true, d: null, e: 'x' })).toEqual({ a: '1', b: '2.5', c: 'True', d: 'None', e: 'x' });
  });
});

describe('version cleanup (spec §5.2 step 6)', () => {
  const versions = ['20251114_120000', '20251114_120500', '20260801_000000_000001_0000abcd', '20251113_235959', '20251114_120001', '20251201_000000'];

  it('keeps the first keep_versions prefixes sorted descending as strings and deletes the others, even the one the pointer names', async () => {
    await simulate({}, snapshotWorld, async ({ store }) => {
      for (const v of versions) {
        await store.putObject({ key: `${versionedPrefix('lines', v)}snapshot.tar.gz`, body: bytes(v) });
        await store.putObject({ key: `${versionedPrefix('lines', v)}.snapshot_hash`, body: bytes(v) });
      }
      await store.putObject({ key: pointerKey('lines'), body: bytes('20251113_235959') });
      await store.putObject({ key: `${versionedPrefix('words', '20200101_000000')}x`, body: bytes('other collection') });
      const deleted = await cleanupVersions(store, 'lines', 4);
      expect(deleted).toEqual([versionedPrefix('lines', '20251114_120000'), versionedPrefix('lines', '20251113_235959')]);
      const left = new Set(store.keys('lines/snapshot/timestamped/').map((k) => k.split('/')[3]));
      expect([...left].sort()).toEqual(['20251114_120001', '20251114_120500', '20251201_000000', '20260801_000000_000001_0000abcd']);
      expect(store.keys('words/')).toHaveLength(1);
      expect(text(store.peek(pointerKey('lines'))?.body)).toBe('20251113_235959');
    });
  });

  it('ignores errors: the first failure ends the cleanup quietly', async () => {
    await simulate({}, snapshotWorld, async ({ store }) => {
      for (const v of versions) await store.putObject({ key: `${versionedPrefix('lines', v)}snapshot.tar.gz`, body: bytes(v) });
      let deletes = 0;
      const failing = new ScriptedStore(store, (op, _key, _attempt, phase) =>
        op === 'deleteObject' && phase === 'before' && deletes++ === 0 ? new ServiceUnavailable('InternalError') : undefined,
      );
      await expect(cleanupVersions(failing, 'lines', 4)).resolves.toHaveLength(2);
      expect(store.keys('lines/')).toHaveLength(versions.length);
      const listingFails = new ScriptedStore(store, (op) => (op === 'listObjects' ? new ServiceUnavailable() : undefined));
      await expect(cleanupVersions(listingFails, 'lines', 4)).resolves.toEqual([]);
    });
  });
});
