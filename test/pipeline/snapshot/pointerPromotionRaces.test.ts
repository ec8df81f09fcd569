import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTarGz, readTarGz } from '../../../src/pipeline/archive/tarGz.js';
import { downloadSnapshotAtomic } from '../../../src/pipeline/snapshot/downloadSnapshotAtomic.js';
import { pointerKey, tarballKey, timestampedPrefix } from '../../../src/pipeline/snapshot/layout.js';
import { type PointerPromotionMode, pointerPromotion } from '../../../src/pipeline/snapshot/pointer.js';
import type { SnapshotUploadResult } from '../../../src/pipeline/snapshot/results.js';
import { uploadSnapshotAtomic } from '../../../src/pipeline/snapshot/uploadSnapshotAtomic.js';
import { createSimulation } from '../../../src/sim/createSimulation.js';
import { Waitable } from '../../../src/sim/waitable.js';
import { testEpochMs } from '../../support/simulate.js';
import { bytes, headEmptySnapshot, headUpload, snapshotWorld, text } from './world.js';

const base = '20251114_110000_000000_00000000';

interface Race {
  readonly results: ReadonlyMap<string, SnapshotUploadResult>;
  readonly pointer: string | undefined;
  /** Writers in the order their pointer PUT took effect. */
  readonly pointerWrites: readonly string[];
  readonly versions: readonly string[];
  readonly filesOf: (version: string) => string[];
}

/**
 * Two compactors download the same snapshot, each adds its own change (a file), and both upload and
 * promote, with the given pointer promotion. The scheduler interleaves everything after the downloads.
 */
async function race(seed: number, mode: PointerPromotionMode): Promise<Race> {
  const sim = createSimulation({ seed, strategy: 'random', epochMs: testEpochMs });
  const world = snapshotWorld(sim);
  const results = new Map<string, SnapshotUploadResult>();
  const bothDownloaded = new Waitable('both downloaded');
  let downloaded = 0;
  const writer = (name: string) => async (): Promise<void> => {
    const ports = world.host(name);
    const download = await downloadSnapshotAtomic(ports, {
      variant: 'head',
      verifyIntegrity: true,
      emptySnapshot: headEmptySnapshot,
      collection: 'lines',
      localDir: '/tmp/snap',
    });
    if (download.status !== 'downloaded') throw new Error(download.error);
    if (++downloaded === 2) bothDownloaded.signal();
    else await sim.block(bothDownloaded);
    await ports.fs.writeFile(`/tmp/snap/change-${name}.txt`, bytes(name));
    const pointerAtDownload = download.pointer_etag === null ? undefined : { versionId: download.version_id, etag: download.pointer_etag };
    results.set(
      name,
      await uploadSnapshotAtomic(ports, {
        ...headUpload,
        pointerPromotion: pointerPromotion(mode, pointerAtDownload),
        localDir: '/tmp/snap',
        collection: 'lines',
        metadata: { update_type: 'batch_compaction' },
      }),
    );
  };
  sim.spawn('setup', async () => {
    await world.store.putObject({ key: tarballKey('lines', base), body: buildTarGz([{ path: 'base.txt', data: bytes('base') }], testEpochMs) });
    await world.store.putObject({ key: pointerKey('lines'), body: bytes(base) });
    sim.spawn('A', writer('A'));
    sim.spawn('B', writer('B'));
  });
  await sim.run(Infinity);
  const pointerWrites = sim.trace.steps
    .filter((s) => s.op === 's3.putObject' && s.detail?.key === pointerKey('lines') && s.outcome === 'ok' && s.actor !== 'setup')
    .map((s) => s.actor);
  const versions = [...new Set(world.store.keys(timestampedPrefix('lines')).map((k) => k.split('/')[3]!))];
  return {
    results,
    pointer: text(world.store.peek(pointerKey('lines'))?.body),
    pointerWrites,
    versions,
    filesOf: (version) => readTarGz(world.store.peek(tarballKey('lines', version))!.body).map((e) => e.path),
  };
}

const uploaded = (result: SnapshotUploadResult | undefined): string => {
  if (result?.status !== 'uploaded') throw new Error(`expected an upload, got ${JSON.stringify(result)}`);
  return result.version_id;
};

describe('two writers promoting the pointer after downloading the same version', () => {
  it('blindPut: both succeed, the last pointer write wins, the loser\'s version is orphaned, the winner\'s lacks the loser\'s change', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 0xffffffff }), async (seed) => {
        const { results, pointer, pointerWrites, versions, filesOf } = await race(seed, 'blindPut');
        const [first, last] = pointerWrites;
        expect(pointerWrites).toHaveLength(2);
        const winner = uploaded(results.get(last!));
        const loser = uploaded(results.get(first!));
        expect(pointer).toBe(winner);
        expect([...versions].sort()).toEqual([base, winner, loser].sort());
        expect(filesOf(winner)).toEqual(['base.txt', `change-${last!}.txt`]);
        expect(filesOf(loser)).toEqual(['base.txt', `change-${first!}.txt`]);
      }),
      { numRuns: 40 },
    );
  });

  it('conditionalPut: exactly one succeeds; the other is refused (412 or 409) and its version deleted', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 0xffffffff }), async (seed) => {
        const { results, pointer, versions, filesOf } = await race(seed, 'conditionalPut');
        const winners = [...results].filter(([, r]) => r.status === 'uploaded');
        const losers = [...results].filter(([, r]) => r.status === 'error');
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(1);
        const [winnerName, winnerResult] = winners[0]!;
        const loser = losers[0]![1];
        expect(loser.status === 'error' && loser.error).toMatch(/^pointer promotion refused: (PreconditionFailed|ConditionalRequestConflict)/);
        expect(pointer).toBe(uploaded(winnerResult));
        expect([...versions].sort()).toEqual([base, pointer].sort());
        expect(filesOf(pointer!)).toEqual(['base.txt', `change-${winnerName}.txt`]);
      }),
      { numRuns: 40 },
    );
  });
});
