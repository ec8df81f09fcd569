import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactionLockItem, compactionLockKey, lockTimestamp } from '../../../src/pipeline/entities/compactionLock.js';
import { productionLockSettings } from '../../../src/pipeline/lock/lockSettings.js';
import { type LockWorld, type RowChange, leasesOf, lockWorld, overlaps, runHosts, wallMicros } from './lockWorld.js';

const lockId = 'chroma-lines-compaction';
const key = compactionLockKey('lines', lockId);
const leaseMs = 60_000;

const actorPlan = fc.record({
  startMs: fc.integer({ min: 0, max: 5_000 }),
  holdMs: fc.integer({ min: 0, max: 2 * leaseMs }),
  releases: fc.boolean(),
  retryMs: fc.integer({ min: 1, max: 20_000 }),
});

describe('mutual exclusion of the lock row (§7: at most one live owner at any instant)', () => {
  it('N actors acquiring one lock concurrently: the owner history never shows two live leases', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.array(actorPlan, { minLength: 2, maxLength: 5 }), async (seed, plans) => {
        const granted: string[] = [];
        const world = await runHosts({ seed, faults: { 'process.pause': { rate: 0.05 } } }, lockWorld, (w: LockWorld) =>
          plans.map((plan, i) => ({
            name: `compactor${i}`,
            body: async () => {
              await w.sim.sleep(plan.startMs);
              const manager = w.manager({ ...productionLockSettings, lockDurationMs: leaseMs });
              for (let attempt = 0; attempt < 20; attempt++) {
                if (await manager.acquire(lockId)) {
                  granted.push(manager.owner!);
                  await w.sim.sleep(plan.holdMs);
                  if (plan.releases) await manager.release();
                  return;
                }
                await w.sim.sleep(plan.retryMs);
              }
            },
          })),
        );
        const leases = leasesOf(world.history, key);
        // Grants are compared as sets: a paused response can reach its caller after a later grant.
        expect(leases.map((l) => l.owner).sort()).toEqual([...granted].sort());
        expect(overlaps(leases)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('is a property of the clocks: an acquirer whose clock runs 90 s fast takes a lease that is still live', async () => {
    const world = await runHosts({}, lockWorld, (w: LockWorld) => [
      {
        name: 'holder',
        body: async () => {
          await w.manager({ ...productionLockSettings, lockDurationMs: leaseMs }).acquire(lockId);
        },
      },
      {
        name: 'fastClock',
        clockSkewMs: 90_000,
        body: async () => {
          await w.sim.sleep(leaseMs - 20_000);
          expect(await w.manager().acquire(lockId)).toBe(true);
        },
      },
    ]);
    const leases = leasesOf(world.history, key);
    expect(leases).toHaveLength(2);
    expect(overlaps(leases)).toHaveLength(1);
  });

  it('the checker flags a takeover of a live lease (sanity check of the property above)', () => {
    const row = (owner: string, expiresMs: number) =>
      compactionLockItem({ lockId, owner, expires: lockTimestamp(expiresMs), collection: 'lines', heartbeat: null });
    const a = '0b6f1c52-3d7e-4a51-9c0e-2f4b6a8d1e3f';
    const b = '1c7a2d63-4e8f-4b62-8d1f-3a5c7b9e2f40';
    const epochMs = wallMicros(0) / 1000;
    const history: RowChange[] = [
      { t: 0, event: 'INSERT', pk: key.PK, sk: key.SK, newImage: row(a, epochMs + leaseMs) },
      { t: 10_000, event: 'MODIFY', pk: key.PK, sk: key.SK, newImage: row(b, epochMs + 70_000) },
    ];
    expect(overlaps(leasesOf(history, key))).toHaveLength(1);
  });
});
