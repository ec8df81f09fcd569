import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactionLockKey } from '../../../src/pipeline/entities/compactionLock.js';
import { LockManager } from '../../../src/pipeline/lock/lockManager.js';
import { productionLockSettings } from '../../../src/pipeline/lock/lockSettings.js';
import { type LockWorld, PausingClock, expiresMicros, leasesOf, lockWorld, overlaps, runHosts, wallMicros } from './lockWorld.js';

const lockId = 'chroma-lines-compaction';
const key = compactionLockKey('lines', lockId);

/**
 * What §4.2 implies: the heartbeat is a full PUT under `attribute_exists(PK) AND attribute_exists(SK)`
 * only. A holder whose heartbeat task froze past its 3-minute lease loses the lock to the next acquirer,
 * and when it wakes its heartbeat overwrites the new owner's row: the row names the stale holder again,
 * the new owner's ownership checks fail and its release is refused, while both believe they hold a live
 * lease. This is the spec's real behaviour, asserted exactly.
 */
describe('a holder paused past its lease (§4.2, §7 "a heartbeat issued by a holder whose lease has already expired")', () => {
  it('loses the lock to another acquirer, then its late heartbeat overwrites the new owner\'s row', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 175_000, max: 320_000 }),
        fc.integer({ min: 1_000, max: 5_000 }),
        async (seed, pauseMs, pollMs) => {
          const observed: { staleOwner?: string; nextOwner?: string; staleValid?: boolean; nextValid?: boolean } = {};
          // Both hosts look again well after the late heartbeat (eventually consistent reads settle in 1 s).
          const lookAt = 30_000 + pauseMs + 15_000;
          const world = await runHosts({ seed }, lockWorld, (w: LockWorld) => [
            {
              name: 'staleHolder',
              body: async () => {
                // The heartbeat's first sleep (after its immediate write) is stretched by the pause.
                const stale = new LockManager({ ...w.ports, clock: new PausingClock(w.clock, 1, pauseMs) }, 'lines', productionLockSettings);
                expect(await stale.acquire(lockId)).toBe(true);
                observed.staleOwner = stale.owner;
                stale.startHeartbeat();
                await w.sim.sleep(lookAt + 2_000);
                observed.staleValid = await stale.validateOwnership();
                await stale.stopHeartbeat();
                await stale.release();
              },
            },
            {
              name: 'nextHolder',
              body: async () => {
                const next = w.manager(productionLockSettings);
                await w.sim.sleep(1_000);
                while (!(await next.acquire(lockId))) await w.sim.sleep(pollMs);
                observed.nextOwner = next.owner;
                await w.sim.sleep(Math.max(0, lookAt - w.sim.now));
                observed.nextValid = await next.validateOwnership();
                await next.release();
              },
            },
          ]);
          const { staleOwner, nextOwner } = observed as Required<typeof observed>;
          const changes = world.history.filter((c) => c.pk === key.PK);
          const takeover = changes.find((c) => c.oldImage?.owner === staleOwner && c.newImage?.owner === nextOwner)!;
          const lateHeartbeat = changes.find((c) => c.oldImage?.owner === nextOwner && c.newImage?.owner === staleOwner)!;
          // The takeover was legitimate: the stale holder's lease had expired.
          expect(expiresMicros(takeover.oldImage)).toBeLessThan(wallMicros(takeover.t));
          // The late heartbeat succeeded while the new owner's lease was live: two live owners.
          expect(lateHeartbeat.event).toBe('MODIFY');
          expect(lateHeartbeat.t).toBeGreaterThan(takeover.t);
          expect(expiresMicros(lateHeartbeat.oldImage)).toBeGreaterThan(wallMicros(lateHeartbeat.t));
          const leases = leasesOf(world.history, key);
          expect(leases.map((l) => l.owner)).toEqual([staleOwner, nextOwner, staleOwner]);
          expect(overlaps(leases).map(([a, b]) => [a.owner, b.owner])).toEqual([[nextOwner, staleOwner]]);
          // The new owner's ownership check fails, its release is refused; the stale holder validates.
          expect(observed.nextValid).toBe(false);
          expect(observed.staleValid).toBe(true);
          expect(world.logs.find((l) => l.event === 'lock.release.failed' && l.fields.owner === nextOwner)?.fields.error).toBe(
            'ConditionalCheckFailedException',
          );
          expect(changes.at(-1)?.event).toBe('REMOVE');
          expect(changes.at(-1)?.oldImage?.owner).toBe(staleOwner);
        },
      ),
      { numRuns: 30 },
    );
  });
});
