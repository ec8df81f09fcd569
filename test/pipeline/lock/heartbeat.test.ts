import { describe, expect, it } from 'vitest';
import { compactionLockKey, parseLockTimestamp } from '../../../src/pipeline/entities/compactionLock.js';
import { LockManager, heartbeatStopWaitMs } from '../../../src/pipeline/lock/lockManager.js';
import { productionLockSettings, twoPhaseHandlerFallbackLockSettings } from '../../../src/pipeline/lock/lockSettings.js';
import { ServiceUnavailable } from '../../../src/ports/errors.js';
import type { PutRequest, Table } from '../../../src/ports/table.js';
import { defaultLatencies } from '../../../src/sim/latency.js';
import { simulate } from '../../support/simulate.js';
import { type LockWorld, lockWorld } from './lockWorld.js';

const lockId = 'chroma-words-compaction';
const key = compactionLockKey('words', lockId);

const heartbeatWrites = (world: LockWorld) => world.history.filter((c) => c.event === 'MODIFY' && c.pk === key.PK);

describe('LockManager heartbeat (§4.2)', () => {
  it('writes at once, then every interval, each time a full row with expires = heartbeat + duration', async () => {
    await simulate({}, lockWorld, async (world, sim) => {
      const manager = world.manager(productionLockSettings, 'words');
      await manager.acquire(lockId);
      manager.startHeartbeat();
      await sim.sleep(100_000);
      await manager.stopHeartbeat();
      await manager.release();
      const writes = heartbeatWrites(world);
      expect(writes).toHaveLength(4);
      const acquiredAt = world.history[0]!.t;
      writes.forEach((write, i) => {
        expect(write.newImage?.owner).toBe(write.oldImage?.owner);
        expect(write.t - acquiredAt).toBeGreaterThanOrEqual(i * 30_000);
        expect(write.t - acquiredAt).toBeLessThan(i * 30_000 + 1_000);
        const heartbeat = parseLockTimestamp(String(write.newImage?.heartbeat))!;
        expect(parseLockTimestamp(String(write.newImage?.expires))! - heartbeat).toBeCloseTo(180_000_000, -1);
      });
    });
  });

  it('stops writing once stopped: the task wakes at the end of its interval and exits', async () => {
    await simulate({}, lockWorld, async (world, sim) => {
      const manager = world.manager(productionLockSettings, 'words');
      await manager.acquire(lockId);
      manager.startHeartbeat();
      await sim.sleep(10_000);
      await manager.stopHeartbeat();
      expect(manager.heartbeatRunning).toBe(false);
      await sim.sleep(120_000);
      expect(heartbeatWrites(world)).toHaveLength(1);
      expect(manager.isHeld).toBe(true);
    });
  });

  it('gives up after max consecutive failures: clears the local lock, stops, and leaves the row as it is', async () => {
    await simulate({}, lockWorld, async (world, sim) => {
      const manager = world.manager(productionLockSettings, 'words');
      await manager.acquire(lockId);
      await world.table.deleteItem({ key });
      manager.startHeartbeat();
      await sim.sleep(200_000);
      expect(manager.isHeld).toBe(false);
      expect(manager.heartbeatRunning).toBe(false);
      const failures = world.logs.filter((l) => l.event === 'lock.heartbeat.failed');
      expect(failures.map((l) => l.fields.error)).toEqual(Array(3).fill('ConditionalCheckFailedException'));
      expect(failures[1]!.t - failures[0]!.t).toBeGreaterThanOrEqual(30_000);
      expect(world.logs.at(-1)?.event).toBe('lock.heartbeat.gaveUp');
      // attribute_exists(PK): the heartbeat never recreates a deleted row.
      expect(await world.table.getItem({ key, consistentRead: true })).toBeUndefined();
    });
  });

  it('resets the failure count on every success', async () => {
    // Two failures, one success, repeated: never three in a row.
    const pattern = [false, true, true, false];
    let puts = 0;
    const flaky = (inner: Table): Table => ({
      name: inner.name,
      putItem: (request: PutRequest) => {
        const call = puts++;
        if (call > 0 && pattern[call % pattern.length] === true) return Promise.reject(new ServiceUnavailable('InternalServerError'));
        return inner.putItem(request);
      },
      getItem: (r) => inner.getItem(r),
      updateItem: (r) => inner.updateItem(r),
      deleteItem: (r) => inner.deleteItem(r),
      query: (r) => inner.query(r),
      transactWriteItems: (a) => inner.transactWriteItems(a),
      batchWriteItem: (r) => inner.batchWriteItem(r),
    });
    await simulate({}, lockWorld, async (world, sim) => {
      const flakyManager = new LockManager({ ...world.ports, table: flaky(world.table) }, 'words', productionLockSettings);
      await flakyManager.acquire(lockId);
      flakyManager.startHeartbeat();
      await sim.sleep(400_000);
      expect(world.logs.filter((l) => l.event === 'lock.heartbeat.failed').length).toBeGreaterThanOrEqual(6);
      expect(flakyManager.isHeld).toBe(true);
      expect(flakyManager.heartbeatRunning).toBe(true);
      await flakyManager.stopHeartbeat();
    });
  });

  it('returns from stopHeartbeat at once while the task waits for its next interval', async () => {
    await simulate({}, lockWorld, async (world, sim) => {
      const manager = world.manager(productionLockSettings, 'words');
      await manager.acquire(lockId);
      manager.startHeartbeat();
      await sim.sleep(5_000);
      const stopAt = sim.now;
      await manager.stopHeartbeat();
      expect(sim.now).toBe(stopAt);
      expect(world.logs.map((l) => l.event)).not.toContain('lock.heartbeat.stopTimedOut');
    });
  });

  it('waits at most 2 s for the task to stop; a slow heartbeat lands after stopHeartbeat returned', async () => {
    const slow = { ...defaultLatencies, dynamodb: { minMs: 5_000, maxMs: 5_000 } };
    await simulate({ latencies: slow }, lockWorld, async (world, sim) => {
      const manager = world.manager(productionLockSettings, 'words');
      await manager.acquire(lockId);
      manager.startHeartbeat();
      await sim.sleep(1);
      const stopAt = sim.now;
      await manager.stopHeartbeat();
      expect(sim.now - stopAt).toBe(heartbeatStopWaitMs);
      expect(world.logs.at(-1)?.event).toBe('lock.heartbeat.stopTimedOut');
      expect(heartbeatWrites(world)).toHaveLength(0);
      await sim.sleep(10_000);
      expect(heartbeatWrites(world)).toHaveLength(1);
      expect(heartbeatWrites(world)[0]!.t).toBeGreaterThan(stopAt + heartbeatStopWaitMs);
    });
  });

  it('with the two-phase fallbacks (120 s heartbeat, 1 min lease) leaves the lease expired between heartbeats', async () => {
    await simulate({}, lockWorld, async (world, sim) => {
      const holder = world.manager(twoPhaseHandlerFallbackLockSettings, 'words');
      await holder.acquire(lockId);
      holder.startHeartbeat();
      await sim.sleep(65_000);
      expect(await holder.validateOwnership()).toBe(false);
      const contender = world.manager(productionLockSettings, 'words');
      expect(await contender.acquire(lockId)).toBe(true);
      await holder.stopHeartbeat();
    });
  });
});
