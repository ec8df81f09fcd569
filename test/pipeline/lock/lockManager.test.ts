import { describe, expect, it } from 'vitest';
import { compactionLockItem, compactionLockKey, lockTimestamp, parseLockTimestamp } from '../../../src/pipeline/entities/compactionLock.js';
import { codeDefaultLockSettings, productionLockSettings } from '../../../src/pipeline/lock/lockSettings.js';
import { simulate } from '../../support/simulate.js';
import { type LockWorld, lockWorld, zeroLatencies } from './lockWorld.js';

const lockId = 'chroma-lines-compaction';
const key = compactionLockKey('lines', lockId);
const otherOwner = '0b6f1c52-3d7e-4a51-9c0e-2f4b6a8d1e3f';

function dynamodbRequests(world: LockWorld): string[] {
  return world.sim.trace.steps.filter((s) => s.op.startsWith('dynamodb.')).map((s) => `${s.op} ${s.outcome}`);
}

/** A row written by someone else, straight into the table. */
async function putForeignRow(world: LockWorld, expires: string, heartbeat: string | null = null): Promise<void> {
  await world.table.putItem({ item: compactionLockItem({ lockId, owner: otherOwner, expires, collection: 'lines', heartbeat }) });
}

describe('LockManager.acquire (§4.1)', () => {
  it('puts the §1.5 row with a new UUID owner, expires = now + duration and heartbeat = now', async () => {
    await simulate({}, lockWorld, async (world) => {
      const manager = world.manager(productionLockSettings);
      const nowMs = world.clock.now();
      expect(await manager.acquire(lockId)).toBe(true);
      expect(manager.owner).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(await world.table.getItem({ key, consistentRead: true })).toEqual(
        compactionLockItem({
          lockId,
          owner: manager.owner!,
          expires: lockTimestamp(nowMs + 3 * 60_000),
          collection: 'lines',
          heartbeat: lockTimestamp(nowMs),
        }),
      );
    });
  });

  it('uses the code defaults (5 min lease) when no settings are passed', async () => {
    await simulate({}, lockWorld, async (world) => {
      const manager = world.manager(codeDefaultLockSettings);
      const nowMs = world.clock.now();
      await manager.acquire(lockId);
      expect((await world.table.getItem({ key, consistentRead: true }))?.expires).toBe(lockTimestamp(nowMs + 5 * 60_000));
    });
  });

  it('returns false without a request while this manager holds a lock', async () => {
    const sim = await simulate({}, lockWorld, async (world) => {
      const manager = world.manager();
      expect(await manager.acquire(lockId)).toBe(true);
      expect(await manager.acquire('another-lock')).toBe(false);
      expect(manager.lockId).toBe(lockId);
    });
    expect(sim.trace.steps.filter((s) => s.op === 'dynamodb.PutItem')).toHaveLength(1);
  });

  it('returns false when another owner holds a live lease, and leaves its row alone', async () => {
    await simulate({}, lockWorld, async (world) => {
      const holder = world.manager();
      await holder.acquire(lockId);
      const before = await world.table.getItem({ key, consistentRead: true });
      const contender = world.manager();
      expect(await contender.acquire(lockId)).toBe(false);
      expect(contender.isHeld).toBe(false);
      expect(await world.table.getItem({ key, consistentRead: true })).toEqual(before);
      expect(world.logs.map((l) => l.event)).toContain('lock.acquire.busy');
      expect(dynamodbRequests(world).filter((r) => r.startsWith('dynamodb.PutItem'))).toEqual([
        'dynamodb.PutItem ok',
        'dynamodb.PutItem ConditionalCheckFailedException',
      ]);
    });
  });

  it('takes over a row whose lease has expired (the row is never deleted by expiry)', async () => {
    await simulate({}, lockWorld, async (world, sim) => {
      const first = world.manager({ ...productionLockSettings, lockDurationMs: 60_000 });
      await first.acquire(lockId);
      await sim.sleep(61_000);
      const second = world.manager();
      expect(await second.acquire(lockId)).toBe(true);
      expect((await world.table.getItem({ key, consistentRead: true }))?.owner).toBe(second.owner);
      expect(first.isHeld).toBe(true);
    });
  });

  it('is strict: a row expiring exactly at :now is still busy, one microsecond later it is free', async () => {
    await simulate({ latencies: zeroLatencies }, lockWorld, async (world, sim) => {
      const expiresMs = world.clock.now() + 10_000;
      await putForeignRow(world, lockTimestamp(expiresMs));
      await sim.sleep(expiresMs - world.clock.now());
      expect(lockTimestamp(world.clock.now())).toBe(lockTimestamp(expiresMs));
      expect(await world.manager().acquire(lockId)).toBe(false);
      await sim.sleep(0.001);
      expect(await world.manager().acquire(lockId)).toBe(true);
    });
  });

  it('compares expiry as text, not as time: a row written with another offset is judged by its digits', async () => {
    await simulate({}, lockWorld, async (world) => {
      // 11:00-05:00 is 16:00 UTC, four hours ahead, yet "…T11" < "…T12" so the lease counts as expired.
      await putForeignRow(world, '2025-11-14T11:00:00-05:00');
      const manager = world.manager();
      expect(await manager.acquire(lockId)).toBe(true);
      await manager.release();
      // 13:00+02:00 is 11:00 UTC, an hour ago, yet "…T13" > "…T12" so the lease counts as live.
      await putForeignRow(world, '2025-11-14T13:00:00+02:00');
      expect(await world.manager().acquire(lockId)).toBe(false);
    });
  });

  it('returns false on any other error (a throttled PutItem)', async () => {
    await simulate({ faults: { 'dynamodb.throttle': { rate: 1, always: true } } }, lockWorld, async (world, sim) => {
      const manager = world.manager();
      expect(await manager.acquire(lockId)).toBe(false);
      expect(manager.isHeld).toBe(false);
      expect(world.logs.at(-1)).toMatchObject({ event: 'lock.acquire.error', fields: { error: 'ProvisionedThroughputExceededException' } });
      expect(sim.faults.unfired()).toEqual([]);
    });
  });
});

describe('LockManager.validateOwnership (§4.3)', () => {
  it('is true for the holder of a live lease', async () => {
    await simulate({}, lockWorld, async (world, sim) => {
      const manager = world.manager();
      await manager.acquire(lockId);
      await sim.sleep(2_000);
      expect(await manager.validateOwnership()).toBe(true);
    });
  });

  it('is false once the lease has expired, even when nobody took the lock', async () => {
    await simulate({}, lockWorld, async (world, sim) => {
      const manager = world.manager(productionLockSettings);
      await manager.acquire(lockId);
      await sim.sleep(3 * 60_000 + 1);
      expect(await manager.validateOwnership()).toBe(false);
      expect(manager.isHeld).toBe(true);
    });
  });

  it('is false when the row is gone or belongs to another owner, and without a request when not holding', async () => {
    const sim = await simulate({}, lockWorld, async (world, sim) => {
      const manager = world.manager();
      await manager.acquire(lockId);
      await world.table.deleteItem({ key });
      await sim.sleep(2_000);
      expect(await manager.validateOwnership()).toBe(false);
      await putForeignRow(world, lockTimestamp(world.clock.now() + 60_000));
      await sim.sleep(2_000);
      expect(await manager.validateOwnership()).toBe(false);
      expect(await world.manager().validateOwnership()).toBe(false);
    });
    expect(sim.trace.steps.filter((s) => s.op === 'dynamodb.GetItem')).toHaveLength(2);
  });
});

describe('LockManager.validateOwnership is eventually consistent (§1.1, §4.3)', () => {
  it('can read the released row right after a re-acquire and fail, only through a stale read', async () => {
    const results: { valid: boolean; stale: boolean }[] = [];
    for (let seed = 1; seed <= 30; seed++) {
      let valid = false;
      const sim = await simulate({ seed }, lockWorld, async (world) => {
        const manager = world.manager();
        await manager.acquire(lockId);
        await manager.release();
        await manager.acquire(lockId);
        valid = await manager.validateOwnership();
      });
      const read = sim.trace.steps.filter((s) => s.op === 'dynamodb.GetItem').at(-1)!;
      results.push({ valid, stale: read.detail?.staleVersion !== undefined });
    }
    expect(results.filter((r) => !r.valid).length).toBeGreaterThan(0);
    expect(results.every((r) => r.valid !== r.stale)).toBe(true);
  });
});

describe('LockManager.refreshLock (§4.3)', () => {
  it('validates, then puts a new expiry', async () => {
    await simulate({}, lockWorld, async (world, sim) => {
      const manager = world.manager(productionLockSettings);
      await manager.acquire(lockId);
      await sim.sleep(60_000);
      const beforeMs = world.clock.now();
      expect(await manager.refreshLock()).toBe(true);
      const row = await world.table.getItem({ key, consistentRead: true });
      const heartbeat = parseLockTimestamp(String(row?.heartbeat))!;
      expect(heartbeat).toBeGreaterThan(beforeMs * 1000);
      expect(parseLockTimestamp(String(row?.expires))! - heartbeat).toBe(3 * 60_000_000);
    });
  });

  it('puts nothing when ownership does not validate', async () => {
    const sim = await simulate({}, lockWorld, async (world, sim) => {
      const manager = world.manager();
      await manager.acquire(lockId);
      await putForeignRow(world, lockTimestamp(world.clock.now() + 60_000));
      await sim.sleep(2_000);
      expect(await manager.refreshLock()).toBe(false);
      expect((await world.table.getItem({ key, consistentRead: true }))?.owner).toBe(otherOwner);
    });
    expect(sim.trace.steps.filter((s) => s.op === 'dynamodb.PutItem')).toHaveLength(2);
  });
});

describe('LockManager.release (§4.3)', () => {
  it('deletes the row under #owner = :owner and clears the local state', async () => {
    await simulate({}, lockWorld, async (world) => {
      const manager = world.manager();
      await manager.acquire(lockId);
      await manager.release();
      expect(manager.isHeld).toBe(false);
      expect(await world.table.getItem({ key, consistentRead: true })).toBeUndefined();
    });
  });

  it('is idempotent: a second release sends nothing', async () => {
    const sim = await simulate({}, lockWorld, async (world) => {
      const manager = world.manager();
      await manager.acquire(lockId);
      await manager.release();
      await manager.release();
    });
    expect(sim.trace.steps.filter((s) => s.op === 'dynamodb.DeleteItem')).toHaveLength(1);
  });

  it("logs the failure, leaves another owner's row and still clears the local state", async () => {
    await simulate({}, lockWorld, async (world) => {
      const manager = world.manager();
      await manager.acquire(lockId);
      await putForeignRow(world, lockTimestamp(world.clock.now() + 60_000));
      await manager.release();
      expect(manager.isHeld).toBe(false);
      expect((await world.table.getItem({ key, consistentRead: true }))?.owner).toBe(otherOwner);
      expect(world.logs.at(-1)).toMatchObject({ event: 'lock.release.failed', fields: { error: 'ConditionalCheckFailedException' } });
      expect(await manager.acquire(lockId)).toBe(false);
    });
  });

  it('lets the same manager acquire again afterwards, with a new owner', async () => {
    await simulate({}, lockWorld, async (world) => {
      const manager = world.manager();
      await manager.acquire(lockId);
      const firstOwner = manager.owner;
      await manager.release();
      expect(await manager.acquire(lockId)).toBe(true);
      expect(manager.owner).not.toBe(firstOwner);
    });
  });
});
