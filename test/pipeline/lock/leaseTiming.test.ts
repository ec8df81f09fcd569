import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactionLockKey } from '../../../src/pipeline/entities/compactionLock.js';
import { FencedLockManager } from '../../../src/pipeline/lock/fencing/fencedLockManager.js';
import { LockManager } from '../../../src/pipeline/lock/lockManager.js';
import { type LockSettings, productionLockSettings, skewTolerantLockSettings } from '../../../src/pipeline/lock/lockSettings.js';
import { Throttled } from '../../../src/ports/errors.js';
import type { DeleteRequest, GetRequest, Table } from '../../../src/ports/table.js';
import type { Item } from '../../../src/ports/values.js';
import { simulate } from '../../support/simulate.js';
import { type LockWorld, expiresMicros, lockWorld, runHosts, wallMicros, zeroLatencies } from './lockWorld.js';

const lockId = 'chroma-words-compaction';
const key = compactionLockKey('words', lockId);
const second = 1_000;
const bySettings = { spec: productionLockSettings, skewTolerant: skewTolerantLockSettings } as const;

/**
 * A holder on a clock `holderSkewMs` off acquires at t=0 and never heartbeats; a contender on a clock
 * `contenderSkewMs` off tries to acquire at `attemptMs`. Returns whether it took the row over, when, and
 * the expiry (true wall microseconds) of the lease it replaced.
 */
async function takeover(settings: LockSettings, holderSkewMs: number, contenderSkewMs: number, attemptMs: number) {
  let replacedExpiresMicros = 0;
  let acquired = false;
  await runHosts<LockWorld>({ latencies: zeroLatencies }, lockWorld, (world) => [
    {
      name: 'holder',
      clockSkewMs: holderSkewMs,
      body: async () => {
        expect(await new LockManager(world.ports, 'words', settings).acquire(lockId)).toBe(true);
        replacedExpiresMicros = expiresMicros(await world.table.getItem({ key, consistentRead: true }));
      },
    },
    {
      name: 'contender',
      clockSkewMs: contenderSkewMs,
      body: async () => {
        await world.clock.sleep(attemptMs);
        acquired = await new LockManager(world.ports, 'words', settings).acquire(lockId);
      },
    },
  ]);
  return { acquired, atMicros: wallMicros(attemptMs), replacedExpiresMicros };
}

describe('leaseTiming (ours): a lease that stays exclusive across skewed clocks and stalled hosts', () => {
  it("with the spec's timing, a host whose clock runs 90 s ahead takes over a lease that is still live in true time", async () => {
    const result = await takeover(bySettings.spec, 0, 90 * second, 100 * second);
    expect(result.acquired).toBe(true);
    expect(result.atMicros).toBeLessThan(result.replacedExpiresMicros);
  });

  it('with skewTolerant, the same host waits until 180 s past the expiry its own clock reads', async () => {
    expect((await takeover(bySettings.skewTolerant, 0, 90 * second, 100 * second)).acquired).toBe(false);
    expect((await takeover(bySettings.skewTolerant, 0, 90 * second, 600 * second + 90 * second - second)).acquired).toBe(false);
    expect((await takeover(bySettings.skewTolerant, 0, 90 * second, 600 * second + 90 * second + second)).acquired).toBe(true);
  });

  it('with skewTolerant, whatever the skews within ±90 s, a takeover only ever replaces a lease that ended in true time', async () => {
    const skew = fc.integer({ min: -90, max: 90 }).map((s) => s * second);
    await fc.assert(
      fc.asyncProperty(skew, skew, fc.integer({ min: 1, max: 1_200 }), async (holderSkew, contenderSkew, attemptSeconds) => {
        const result = await takeover(bySettings.skewTolerant, holderSkew, contenderSkew, attemptSeconds * second);
        if (result.acquired) expect(result.atMicros).toBeGreaterThanOrEqual(result.replacedExpiresMicros);
      }),
      { numRuns: 40 },
    );
  });

  /** Acquires, waits until `leftMs` of the lease are left, heartbeats; whether the row's expiry moved. */
  async function heartbeatWith(settings: LockSettings, leftMs: number): Promise<{ renewed: boolean; moved: boolean }> {
    let outcome = { renewed: false, moved: false };
    await simulate({ latencies: zeroLatencies }, lockWorld, async (world) => {
      const manager = new LockManager(world.ports, 'words', settings);
      await manager.acquire(lockId);
      await world.clock.sleep(settings.lockDurationMs - leftMs);
      const before = await world.table.getItem({ key, consistentRead: true });
      const renewed = await manager.updateHeartbeat();
      const after = await world.table.getItem({ key, consistentRead: true });
      outcome = { renewed, moved: after?.expires !== before?.expires };
    });
    return outcome;
  }

  it('with skewTolerant, a heartbeat renews only while more than 190 s of the lease are left; the spec renews any time before expiry', async () => {
    expect(await heartbeatWith(bySettings.spec, 20 * second)).toEqual({ renewed: true, moved: true });
    expect(await heartbeatWith(bySettings.skewTolerant, 191 * second)).toEqual({ renewed: true, moved: true });
    expect(await heartbeatWith(bySettings.skewTolerant, 189 * second)).toEqual({ renewed: false, moved: false });
  });

  it('with skewTolerant, ownership is validated with a strongly consistent read and the same 190 s margin', async () => {
    for (const [name, settings] of Object.entries(bySettings)) {
      await simulate({ latencies: zeroLatencies }, lockWorld, async (world) => {
        const reads: GetRequest[] = [];
        const table = new Proxy(world.table, {
          get(target, property, receiver) {
            if (property !== 'getItem') return Reflect.get(target, property, receiver) as unknown;
            return (request: GetRequest) => (reads.push(request), target.getItem(request));
          },
        });
        const manager = new LockManager({ ...world.ports, table }, 'words', settings);
        await manager.acquire(lockId);
        // Past the 1 s in which an eventually consistent read may still miss the new row.
        await world.clock.sleep(2 * second);
        expect(await manager.validateOwnership(), name).toBe(true);
        expect(reads.at(-1)?.consistentRead === true, name).toBe(name === 'skewTolerant');
        await world.clock.sleep(settings.lockDurationMs - 2 * second - 189 * second);
        expect(await manager.validateOwnership(), name).toBe(name === 'spec');
      });
    }
  });
});

/** A table whose first DeleteItem is throttled before its effect. */
function throttlingFirstDelete(world: LockWorld): Table {
  let throttled = false;
  return new Proxy(world.table, {
    get(target, property, receiver) {
      if (property !== 'deleteItem') return Reflect.get(target, property, receiver) as unknown;
      return (request: DeleteRequest): Promise<Item | undefined> => {
        if (throttled) return target.deleteItem(request);
        throttled = true;
        return Promise.reject(new Throttled('ProvisionedThroughputExceededException'));
      };
    },
  });
}

describe('leaseFencing release (ours)', () => {
  it('retries a throttled release, where the spec leaves the row held until it expires', async () => {
    for (const fenced of [false, true]) {
      await simulate({ latencies: zeroLatencies }, lockWorld, async (world) => {
        const ports = { ...world.ports, table: throttlingFirstDelete(world) };
        const manager = fenced ? new FencedLockManager(ports, 'words', productionLockSettings) : new LockManager(ports, 'words', productionLockSettings);
        expect(await manager.acquire(lockId)).toBe(true);
        await manager.release();
        expect(manager.isHeld).toBe(false);
        expect((await world.table.getItem({ key, consistentRead: true })) === undefined, `fenced=${String(fenced)}`).toBe(fenced);
      });
    }
  });
});
