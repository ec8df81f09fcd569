import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactionLockItem, lockTimestamp } from '../../../src/pipeline/entities/compactionLock.js';
import {
  acquireFinalMergeLock,
  acquireSeedFinalMergeLock,
  finalMergeDelayMs,
  finalMergeLockId,
  finalMergeMaxWaitMs,
  seedFinalMergeLockId,
} from '../../../src/pipeline/lock/finalMergeLock.js';
import { productionLockSettings } from '../../../src/pipeline/lock/lockSettings.js';
import { simulate } from '../../support/simulate.js';
import { type LockWorld, RecordingClock, lockWorld, zeroLatencies } from './lockWorld.js';

const holderOwner = '0b6f1c52-3d7e-4a51-9c0e-2f4b6a8d1e3f';

/**
 * A row of `chroma-lines-update` whose heartbeat is `heartbeatAgeMs` old when this returns, 2 s after
 * the write, so that eventually consistent reads see it.
 */
async function heldRow(world: LockWorld, expiresInMs: number, heartbeatAgeMs: number | null): Promise<void> {
  const now = world.clock.now() + 2_000;
  await world.table.putItem({
    item: compactionLockItem({
      lockId: 'chroma-lines-update',
      owner: holderOwner,
      expires: lockTimestamp(now + expiresInMs),
      collection: 'lines',
      heartbeat: heartbeatAgeMs === null ? null : lockTimestamp(now - heartbeatAgeMs),
    }),
  });
  await world.clock.sleep(now - world.clock.now());
}

describe('final merge lock user (§4.6)', () => {
  it('locks chroma-{database}-update, the compactor\'s static-id row', () => {
    expect(finalMergeLockId('words')).toBe('chroma-words-update');
  });

  it('waits min(3·1.5^(n−1), 10) s after failed attempt n', () => {
    expect([1, 2, 3, 4, 5, 10].map(finalMergeDelayMs)).toEqual([3_000, 4_500, 6_750, 10_000, 10_000, 10_000]);
  });

  it('acquires a free lock at the first attempt', async () => {
    await simulate({ latencies: zeroLatencies }, lockWorld, async (world) => {
      expect(await acquireFinalMergeLock(world.manager(), 'lines', world.clock)).toEqual({ acquired: true, attempts: 1 });
    });
  });

  it('gives up at once when the holder heartbeated less than 120 s ago', async () => {
    await simulate({ latencies: zeroLatencies }, lockWorld, async (world, sim) => {
      await heldRow(world, 180_000, 119_000);
      const startedAt = sim.now;
      expect(await acquireFinalMergeLock(world.manager(), 'lines', world.clock)).toEqual({ acquired: false, reason: 'holderAlive', attempts: 1 });
      expect(sim.now).toBe(startedAt);
    });
  });

  it('keeps waiting on a holder whose heartbeat is old or missing, and stops before 60 s of sleeping (8 attempts)', async () => {
    for (const heartbeatAgeMs of [120_000, null]) {
      await simulate({ latencies: zeroLatencies }, lockWorld, async (world, sim) => {
        await heldRow(world, 15 * 60_000, heartbeatAgeMs);
        const clock = new RecordingClock(world.clock);
        const startedAt = sim.now;
        expect(await acquireFinalMergeLock(world.manager(), 'lines', clock)).toEqual({ acquired: false, reason: 'waitExhausted', attempts: 8 });
        expect(clock.sleeps).toEqual([3_000, 4_500, 6_750, 10_000, 10_000, 10_000, 10_000]);
        expect(sim.now - startedAt).toBe(54_250);
      });
    }
  });

  it('takes the lock at the first attempt after the stale holder\'s lease expired', async () => {
    await simulate({ latencies: zeroLatencies }, lockWorld, async (world) => {
      await heldRow(world, 20_000, 200_000);
      // Attempts at 0, 3, 7.5, 14.25 and 24.25 s: the fifth one finds the lease expired.
      expect(await acquireFinalMergeLock(world.manager(), 'lines', world.clock)).toEqual({ acquired: true, attempts: 5 });
    });
  });

  it('with real latencies never sleeps past 60 s in total and never makes more than 10 attempts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 120_000 }), async (seed, expiresInMs) => {
        await simulate({ seed, faults: { 'process.pause': { rate: 0.1 } } }, lockWorld, async (world, sim) => {
          await heldRow(world, expiresInMs, 300_000);
          const clock = new RecordingClock(world.clock);
          const startedAt = sim.now;
          const outcome = await acquireFinalMergeLock(world.manager(), 'lines', clock);
          const slept = clock.sleeps.reduce((a, b) => a + b, 0);
          expect(slept).toBeLessThanOrEqual(finalMergeMaxWaitMs);
          expect(outcome.attempts).toBeLessThanOrEqual(10);
          expect(clock.sleeps).toEqual(clock.sleeps.map((_, i) => finalMergeDelayMs(i + 1)));
          if (!outcome.acquired) expect(sim.now - startedAt + finalMergeDelayMs(outcome.attempts)).toBeGreaterThan(finalMergeMaxWaitMs);
        });
      }),
      { numRuns: 30 },
    );
  });
});

describe('seed-era final merge lock (§8.4)', () => {
  it('locks chroma-final-merge-{batch_id}, a new row per batch, and answers 423 at once when busy', async () => {
    await simulate({}, lockWorld, async (world, sim) => {
      expect(seedFinalMergeLockId('b-1')).toBe('chroma-final-merge-b-1');
      expect(await acquireSeedFinalMergeLock(world.manager(productionLockSettings), 'b-1')).toEqual({ acquired: true });
      const startedAt = sim.now;
      expect(await acquireSeedFinalMergeLock(world.manager(), 'b-1')).toEqual({ acquired: false, status: 423 });
      expect(sim.now - startedAt).toBeLessThan(1_000);
      expect(await acquireSeedFinalMergeLock(world.manager(), 'b-2')).toEqual({ acquired: true });
    });
  });
});
