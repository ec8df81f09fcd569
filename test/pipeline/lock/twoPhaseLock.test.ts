import { describe, expect, it } from 'vitest';
import { compactionLockKey } from '../../../src/pipeline/entities/compactionLock.js';
import type { LockManager } from '../../../src/pipeline/lock/lockManager.js';
import {
  lockSettingsFromEnvironment,
  productionLockEnvironment,
  productionLockSettings,
  twoPhaseHandlerFallbackLockSettings,
} from '../../../src/pipeline/lock/lockSettings.js';
import { type PublishAttempt, type TwoPhaseStorage, TwoPhaseLock } from '../../../src/pipeline/lock/twoPhaseLock.js';
import { simulate } from '../../support/simulate.js';
import { type LockWorld, RecordingClock, lockWorld, zeroLatencies } from './lockWorld.js';

const key = compactionLockKey('lines', 'chroma-lines-update');

interface Phases {
  readonly twoPhase: TwoPhaseLock;
  readonly clock: RecordingClock;
  readonly pointerReads: string[];
  /** The backoff sleeps the protocol asked for (heartbeat intervals excluded). */
  backoffs(): number[];
}

/**
 * A two-phase lock on `lines` whose pointer re-reads return `pointers` in turn (the last one repeats),
 * each read taking `readMs` (an S3 GET).
 */
function phases(world: LockWorld, storage: TwoPhaseStorage, pointers: readonly string[], readMs = 0): Phases {
  const clock = new RecordingClock(world.clock);
  const pointerReads: string[] = [];
  const twoPhase = new TwoPhaseLock({
    ports: { ...world.ports, clock },
    collection: 'lines',
    storage,
    settings: productionLockSettings,
    expectedVersion: 'v1',
    readPointer: async () => {
      if (readMs > 0) await world.clock.sleep(readMs);
      const version = pointers[Math.min(pointerReads.length, pointers.length - 1)]!;
      pointerReads.push(version);
      return version;
    },
  });
  return { twoPhase, clock, pointerReads, backoffs: () => clock.sleeps.filter((ms) => ms < productionLockSettings.heartbeatIntervalMs) };
}

const rowEvents = (world: LockWorld) => world.history.filter((c) => c.pk === key.PK).map((c) => c.event);

describe('two-phase locking, EFS mode (§4.5, §8.3 steps 2 and 4)', () => {
  it('phase 1 takes chroma-{c}-update, heartbeats, compares the pointer, then releases', async () => {
    await simulate({}, lockWorld, async (world) => {
      const { twoPhase, pointerReads } = phases(world, 'efs', ['v1'], 50);
      expect(twoPhase.lockId).toBe('chroma-lines-update');
      expect(await twoPhase.phaseOne()).toEqual({ ok: true });
      expect(pointerReads).toEqual(['v1']);
      expect(rowEvents(world)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
    });
  });

  it('phase 1 fails at once on a busy lock, without reading the pointer', async () => {
    await simulate({}, lockWorld, async (world) => {
      await world.manager().acquire('chroma-lines-update');
      const { twoPhase, pointerReads, backoffs } = phases(world, 'efs', ['v1']);
      expect(await twoPhase.phaseOne()).toEqual({ ok: false, reason: 'busy' });
      expect(pointerReads).toEqual([]);
      expect(backoffs()).toEqual([]);
    });
  });

  it('phase 1 fails on a pointer mismatch and still releases', async () => {
    await simulate({}, lockWorld, async (world) => {
      const { twoPhase } = phases(world, 'efs', ['v2']);
      expect(await twoPhase.phaseOne()).toEqual({ ok: false, reason: 'pointerMismatch' });
      expect(rowEvents(world).at(-1)).toBe('REMOVE');
    });
  });

  it('phase 3 retries a busy lock after 0.1 s then gives up after 0.2 s more', async () => {
    await simulate({ latencies: zeroLatencies }, lockWorld, async (world, sim) => {
      await world.manager().acquire('chroma-lines-update');
      const { twoPhase, backoffs } = phases(world, 'efs', ['v1']);
      const startedAt = sim.now;
      let published = 0;
      const outcome = await twoPhase.phaseThree(async () => ({ published: true, value: ++published }));
      expect(outcome).toEqual({ published: false, reason: 'busy', attempts: 2 });
      expect(backoffs()).toEqual([100, 200]);
      expect(sim.now - startedAt).toBe(300);
      expect(published).toBe(0);
    });
  });

  it('phase 3 fails at once on a pointer mismatch, without publishing', async () => {
    await simulate({ latencies: zeroLatencies }, lockWorld, async (world) => {
      const { twoPhase, backoffs } = phases(world, 'efs', ['v2']);
      const outcome = await twoPhase.phaseThree(async (): Promise<PublishAttempt<string>> => ({ published: true, value: 'never' }));
      expect(outcome).toEqual({ published: false, reason: 'pointerMismatch', attempts: 1 });
      expect(backoffs()).toEqual([]);
      expect(rowEvents(world).at(-1)).toBe('REMOVE');
    });
  });

  it('phase 3 publishes under a validated lock with a running heartbeat, retrying a failed upload after 0.1 s', async () => {
    await simulate({ latencies: zeroLatencies }, lockWorld, async (world) => {
      const { twoPhase, backoffs } = phases(world, 'efs', ['v1']);
      const managers: LockManager[] = [];
      const outcome = await twoPhase.phaseThree(async (manager) => {
        managers.push(manager);
        expect(manager.heartbeatRunning).toBe(true);
        expect((await world.table.getItem({ key, consistentRead: true }))?.owner).toBe(manager.owner);
        return managers.length === 1 ? { published: false } : { published: true, value: 'v2' };
      });
      expect(outcome).toEqual({ published: true, value: 'v2', attempts: 2 });
      expect(backoffs()).toEqual([100]);
      expect(managers[0]).toBe(managers[1]);
      expect(managers[1]!.isHeld).toBe(false);
      expect(rowEvents(world).filter((e) => e === 'INSERT')).toHaveLength(2);
      expect(rowEvents(world).at(-1)).toBe('REMOVE');
    });
  });
});

describe('two-phase locking, S3-only mode (§8.3)', () => {
  it('has no phase 1', async () => {
    await simulate({}, lockWorld, async (world) => {
      await expect(phases(world, 's3', ['v1']).twoPhase.phaseOne()).rejects.toThrow(/no phase 1/);
    });
  });

  it('sleeps 0.15 s and retries on a pointer mismatch, with a new LockManager per attempt', async () => {
    await simulate({ latencies: zeroLatencies }, lockWorld, async (world) => {
      const { twoPhase, backoffs } = phases(world, 's3', ['v0', 'v1']);
      const managers: LockManager[] = [];
      const outcome = await twoPhase.phaseThree(async (manager) => {
        managers.push(manager);
        return { published: true, value: 'v2' };
      });
      expect(outcome).toEqual({ published: true, value: 'v2', attempts: 2 });
      expect(backoffs()).toEqual([150]);
      expect(managers).toHaveLength(1);
      expect(rowEvents(world).filter((e) => e !== 'MODIFY')).toEqual(['INSERT', 'REMOVE', 'INSERT', 'REMOVE']);
    });
  });

  it('retries a failed upload with a new LockManager', async () => {
    await simulate({ latencies: zeroLatencies }, lockWorld, async (world) => {
      const { twoPhase, backoffs } = phases(world, 's3', ['v1']);
      const managers: LockManager[] = [];
      const outcome = await twoPhase.phaseThree(async (manager) => {
        managers.push(manager);
        return managers.length === 1 ? { published: false } : { published: true, value: 'v2' };
      });
      expect(outcome).toEqual({ published: true, value: 'v2', attempts: 2 });
      expect(backoffs()).toEqual([150]);
      expect(managers[0]).not.toBe(managers[1]);
    });
  });

  it('gives up after delays of 0.15 s and 0.3 s', async () => {
    await simulate({ latencies: zeroLatencies }, lockWorld, async (world, sim) => {
      const { twoPhase, backoffs } = phases(world, 's3', ['v0']);
      const startedAt = sim.now;
      const outcome = await twoPhase.phaseThree(async (): Promise<PublishAttempt<null>> => ({ published: true, value: null }));
      expect(outcome).toEqual({ published: false, reason: 'pointerMismatch', attempts: 2 });
      expect(backoffs()).toEqual([150, 300]);
      expect(sim.now - startedAt).toBe(450);
    });
  });
});

describe('two-phase lock settings (§4.2 Historical, §8.4)', () => {
  it('come from the environment (30 s / 3 min / 3) or else the handler fallbacks (120 s / 1 min / 2), variable by variable', () => {
    expect(lockSettingsFromEnvironment(productionLockEnvironment, twoPhaseHandlerFallbackLockSettings)).toEqual(productionLockSettings);
    expect(lockSettingsFromEnvironment({}, twoPhaseHandlerFallbackLockSettings)).toEqual({
      heartbeatIntervalMs: 120_000,
      lockDurationMs: 60_000,
      maxHeartbeatFailures: 2,
    });
    expect(lockSettingsFromEnvironment({ LOCK_DURATION_MINUTES: '3' }, twoPhaseHandlerFallbackLockSettings)).toEqual({
      heartbeatIntervalMs: 120_000,
      lockDurationMs: 180_000,
      maxHeartbeatFailures: 2,
    });
    expect(() => lockSettingsFromEnvironment({ MAX_HEARTBEAT_FAILURES: 'three' }, productionLockSettings)).toThrow(/positive integer/);
  });
});
