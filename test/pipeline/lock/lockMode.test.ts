import { describe, expect, it } from 'vitest';
import { FencedLockManager } from '../../../src/pipeline/lock/fencing/fencedLockManager.js';
import { holdCompactionLock, singleLockPlan } from '../../../src/pipeline/lock/heldLock.js';
import { LockManager } from '../../../src/pipeline/lock/lockManager.js';
import { compactionLockId, createLockManager, isLockMode, lockModes } from '../../../src/pipeline/lock/lockMode.js';
import { codeDefaultLockSettings, productionLockEnvironment, productionLockSettings } from '../../../src/pipeline/lock/lockSettings.js';
import { simulate } from '../../support/simulate.js';
import { lockWorld, runHosts } from './lockWorld.js';

describe('lock modes (design flag lockMode, §4.5)', () => {
  it('name the lock id of each variant', async () => {
    await simulate({}, lockWorld, async (world, sim) => {
      await sim.sleep(1_500);
      const seconds = Math.floor(world.clock.now() / 1000);
      expect(lockModes.map((mode) => compactionLockId(mode, 'words', world.clock))).toEqual([
        null,
        `chroma-words-update-${seconds}`,
        'chroma-words-update',
        'chroma-words-update',
        'chroma-words-compaction',
        'chroma-words-compaction',
      ]);
      expect(isLockMode('twoPhase')).toBe(true);
      expect(isLockMode('static')).toBe(false);
    });
  });

  it('perInvocation: invocations acquiring in different seconds use different rows, so both hold a lock', async () => {
    const held: boolean[] = [];
    await runHosts({}, lockWorld, (w) =>
      [0, 1_200].map((delayMs, i) => ({
        name: `compactor${i}`,
        body: async () => {
          await w.sim.sleep(delayMs);
          const manager = w.manager();
          held.push(await manager.acquire(compactionLockId('perInvocation', 'lines', w.clock)!));
        },
      })),
    );
    expect(held).toEqual([true, true]);
  });

  it('leaseFencing builds a FencedLockManager, every other mode a plain LockManager', async () => {
    await simulate({}, lockWorld, async (world) => {
      for (const mode of lockModes) {
        const manager = createLockManager(mode, world.ports, 'lines', productionLockSettings);
        expect(manager instanceof FencedLockManager).toBe(mode === 'leaseFencing');
        expect(manager).toBeInstanceOf(LockManager);
      }
    });
  });
});

describe('a lock held across the cycle (§3.4 steps 2, 3, 9)', () => {
  it('fails at once without running the cycle when the lock is busy', async () => {
    await simulate({}, lockWorld, async (world) => {
      await world.manager().acquire('chroma-lines-compaction');
      let ran = false;
      const outcome = await holdCompactionLock(world.manager(), 'chroma-lines-compaction', { startHeartbeat: true }, async () => {
        ran = true;
      });
      expect(outcome).toEqual({ acquired: false });
      expect(ran).toBe(false);
    });
  });

  it('runs the cycle under the lock with a heartbeat, then stops it and releases', async () => {
    await simulate({}, lockWorld, async (world, sim) => {
      const manager = world.manager();
      const outcome = await holdCompactionLock(manager, 'chroma-lines-compaction', { startHeartbeat: true }, async (held) => {
        expect(held.heartbeatRunning).toBe(true);
        await sim.sleep(70_000);
        return 'uploaded';
      });
      expect(outcome).toEqual({ acquired: true, value: 'uploaded' });
      expect(manager.isHeld).toBe(false);
      expect(manager.heartbeatRunning).toBe(false);
      expect(world.history.map((c) => c.event)).toEqual(['INSERT', 'MODIFY', 'MODIFY', 'MODIFY', 'REMOVE']);
    });
  });

  it('stops the heartbeat and releases when the cycle throws', async () => {
    await simulate({}, lockWorld, async (world) => {
      const manager = world.manager();
      await expect(
        holdCompactionLock(manager, 'chroma-lines-compaction', { startHeartbeat: true }, async () => {
          throw new Error('download failed');
        }),
      ).rejects.toThrow('download failed');
      expect(manager.isHeld).toBe(false);
      expect(world.history.at(-1)?.event).toBe('REMOVE');
    });
  });

  it('singleHeartbeat: the head runs the heartbeat with the environment; the 2025-12-16 → 2026-07-27 variant neither', () => {
    expect(singleLockPlan('heartbeat', productionLockEnvironment)).toEqual({ startHeartbeat: true, settings: productionLockSettings });
    expect(singleLockPlan('noHeartbeat', productionLockEnvironment)).toEqual({ startHeartbeat: false, settings: codeDefaultLockSettings });
  });

  it('singleHeartbeat without the heartbeat: a cycle longer than the 5-minute code default loses its lease', async () => {
    await simulate({}, lockWorld, async (world, sim) => {
      const plan = singleLockPlan('noHeartbeat', productionLockEnvironment);
      const manager = world.manager(plan.settings);
      const outcome = await holdCompactionLock(manager, 'chroma-lines-compaction', plan, async (held) => {
        await sim.sleep(5 * 60_000 + 1_000);
        return held.validateOwnership();
      });
      expect(outcome).toEqual({ acquired: true, value: false });
      expect(world.history.filter((c) => c.event === 'MODIFY')).toHaveLength(0);
    });
  });
});
