import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tarballKey } from '../../../src/pipeline/snapshot/layout.js';
import { pointerPromotion, readPointer } from '../../../src/pipeline/snapshot/pointer.js';
import { type SnapshotRetentionMode, nextPromotionHistory, snapshotRetention } from '../../../src/pipeline/snapshot/retention.js';
import { uploadSnapshotAtomic } from '../../../src/pipeline/snapshot/uploadSnapshotAtomic.js';
import { runHosts } from '../lock/lockWorld.js';
import { type SnapshotWorld, chromaFiles, headUpload, snapshotWorld, text, writeDirectory } from './world.js';

interface Promotions {
  /** The version each upload promoted, in promotion order. */
  readonly promoted: string[];
  /** After each promotion: whether the version the pointer named then still had its tarball. */
  readonly pointerReadable: boolean[];
  /** At the end, per promoted version in promotion order: whether its tarball is still stored. */
  stored: boolean[];
}

/**
 * One upload per host, 10 s apart, each on a clock `skewsMs[i]` off: read the pointer, upload a
 * version with `conditionalPut` on it and the flag's retention, then look at the version the pointer names.
 */
async function promoteInTurn(mode: SnapshotRetentionMode, skewsMs: readonly number[]): Promise<Promotions> {
  const result: Promotions = { promoted: [], pointerReadable: [], stored: [] };
  const world = await runHosts<SnapshotWorld>({}, (sim) => snapshotWorld(sim), (world) =>
    skewsMs.map((clockSkewMs, i) => ({
      name: `host-${i}`,
      clockSkewMs,
      body: async () => {
        await world.ports.clock.sleep(i * 10_000);
        const ports = world.host(`host-${i}`);
        await writeDirectory(ports, '/tmp/work', chromaFiles(String.fromCharCode(65 + i), 1));
        const pointer = await readPointer(ports.store, 'lines');
        const upload = await uploadSnapshotAtomic(ports, {
          ...headUpload,
          localDir: '/tmp/work',
          collection: 'lines',
          metadata: {},
          pointerPromotion: pointerPromotion('conditionalPut', pointer),
          retention: snapshotRetention(mode, pointer?.history ?? []),
        });
        if (upload.status !== 'uploaded') throw new Error(upload.error);
        result.promoted.push(upload.version_id);
        const named = text(world.store.peek('lines/snapshot/latest-pointer.txt')?.body) ?? '';
        result.pointerReadable.push(world.store.peek(tarballKey('lines', named)) !== undefined);
      },
    })),
  );
  result.stored = result.promoted.map((v) => world.store.peek(tarballKey('lines', v)) !== undefined);
  return result;
}

describe('snapshotRetention: which versions the upload cleanup deletes', () => {
  it('keeps the newest promotions first and drops what falls off the end', () => {
    expect(nextPromotionHistory(['c', 'b', 'a'], 'd', 4)).toEqual({ history: ['d', 'c', 'b', 'a'], dropped: [] });
    expect(nextPromotionHistory(['d', 'c', 'b', 'a'], 'e', 4)).toEqual({ history: ['e', 'd', 'c', 'b'], dropped: ['a'] });
    expect(nextPromotionHistory([], 'a', 4)).toEqual({ history: ['a'], dropped: [] });
  });

  it('newestNames (§5.2): after four hosts whose clocks run ahead, a host 90 s behind deletes the version it just promoted', async () => {
    const world = await promoteInTurn('newestNames', [90_000, 90_000, 90_000, 90_000, -90_000]);
    expect(world.pointerReadable).toEqual([true, true, true, true, false]);
  });

  it('promotionHistory: the same promotions keep the pointer readable', async () => {
    const world = await promoteInTurn('promotionHistory', [90_000, 90_000, 90_000, 90_000, -90_000]);
    expect(world.pointerReadable).toEqual([true, true, true, true, true]);
  });

  it('promotionHistory, whatever the clocks: the last four promoted versions stay, every older one is deleted', async () => {
    const skews = fc.array(fc.integer({ min: -90, max: 90 }).map((s) => s * 1_000), { minLength: 1, maxLength: 9 });
    await fc.assert(
      fc.asyncProperty(skews, async (skewsMs) => {
        const promotions = await promoteInTurn('promotionHistory', skewsMs);
        expect(promotions.pointerReadable.every(Boolean)).toBe(true);
        expect(promotions.stored).toEqual(skewsMs.map((_, i) => i >= skewsMs.length - 4));
      }),
      { numRuns: 20 },
    );
  });
});
