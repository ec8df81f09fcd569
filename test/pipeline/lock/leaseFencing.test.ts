import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../../../src/adapters/memory/s3/memoryObjectStore.js';
import { compactionLockKey } from '../../../src/pipeline/entities/compactionLock.js';
import { FencedLockManager, fenceCounterKey } from '../../../src/pipeline/lock/fencing/fencedLockManager.js';
import { type FencedWriteOutcome, FencedPointerGuard, fenceTokenMetadataKey } from '../../../src/pipeline/lock/fencing/fencedPointerGuard.js';
import { productionLockSettings } from '../../../src/pipeline/lock/lockSettings.js';
import type { Simulation } from '../../../src/sim/simulation.js';
import { simulate } from '../../support/simulate.js';
import { type LockWorld, PausingClock, lockWorld, runHosts } from './lockWorld.js';

const lockId = 'chroma-words-compaction';
const key = compactionLockKey('words', lockId);
const pointer = 'words/snapshot/latest-pointer.txt';

interface FencingWorld extends LockWorld {
  readonly store: MemoryObjectStore;
  readonly guard: FencedPointerGuard;
  fenced(pauseMs?: number): FencedLockManager;
}

function fencingWorld(sim: Simulation): FencingWorld {
  const world = lockWorld(sim);
  const store = new MemoryObjectStore(sim, { bucket: 'vectors' });
  return {
    ...world,
    store,
    guard: new FencedPointerGuard(store),
    fenced: (pauseMs = 0) => new FencedLockManager({ ...world.ports, clock: new PausingClock(world.clock, 1, pauseMs) }, 'words', productionLockSettings),
  };
}

const pointerTokens = (world: FencingWorld): number[] =>
  world.store.versions(pointer).map((v) => (v.deleteMarker ? -1 : Number(v.metadata[fenceTokenMetadataKey])));

describe('leaseFencing: FencedLockManager (our design)', () => {
  it('grants strictly increasing tokens, kept in a counter item that outlives the lock row', async () => {
    await simulate({}, fencingWorld, async (world) => {
      const tokens: (number | undefined)[] = [];
      for (let i = 0; i < 3; i++) {
        const manager = world.fenced();
        expect(await manager.acquire(lockId)).toBe(true);
        tokens.push(manager.fencingToken);
        expect((await world.table.getItem({ key, consistentRead: true }))?.fence_token).toBe(manager.fencingToken);
        await manager.release();
        expect(manager.fencingToken).toBeUndefined();
      }
      expect(tokens).toEqual([1, 2, 3]);
      expect(await world.table.getItem({ key, consistentRead: true })).toBeUndefined();
      expect((await world.table.getItem({ key: fenceCounterKey('words', lockId), consistentRead: true }))?.fence_token).toBe(3);
    });
  });

  it('does not advance the counter when the lock is busy', async () => {
    await simulate({}, fencingWorld, async (world) => {
      const holder = world.fenced();
      await holder.acquire(lockId);
      const contender = world.fenced();
      expect(await contender.acquire(lockId)).toBe(false);
      expect(world.logs.at(-1)?.event).toBe('lock.acquire.busy');
      expect((await world.table.getItem({ key: fenceCounterKey('words', lockId), consistentRead: true }))?.fence_token).toBe(1);
    });
  });

  it("refuses a stale holder's late heartbeat (owner-checked) and its fenced pointer write", async () => {
    const outcomes: Record<string, FencedWriteOutcome> = {};
    const world = await runHosts({}, fencingWorld, (w: FencingWorld) => [
      {
        name: 'staleHolder',
        body: async () => {
          const stale = w.fenced(250_000);
          await stale.acquire(lockId);
          const token = stale.fencingToken!;
          stale.startHeartbeat();
          await w.sim.sleep(300_000);
          outcomes.stale = await w.guard.promote({ key: pointer, versionId: 'v-stale', token });
          await stale.stopHeartbeat();
          await stale.release();
        },
      },
      {
        name: 'nextHolder',
        body: async () => {
          const next = w.fenced();
          await w.sim.sleep(1_000);
          while (!(await next.acquire(lockId))) await w.sim.sleep(2_000);
          outcomes.next = await w.guard.promote({ key: pointer, versionId: 'v-next', token: next.fencingToken! });
          await w.sim.sleep(200_000);
          await next.release();
        },
      },
    ]);
    expect(outcomes.next).toMatchObject({ accepted: true });
    expect(outcomes.stale).toEqual({ accepted: false, reason: 'staleToken', lastAcceptedToken: 2 });
    expect(new TextDecoder().decode(world.store.peek(pointer)!.body)).toBe('v-next');
    const lateHeartbeats = world.logs.filter((l) => l.actor.startsWith('staleHolder') && l.event === 'lock.heartbeat.failed');
    expect(lateHeartbeats.length).toBeGreaterThan(0);
    expect(lateHeartbeats.every((l) => l.fields.error === 'ConditionalCheckFailedException')).toBe(true);
    expect(world.history.filter((c) => c.pk === key.PK && c.sk === key.SK && c.newImage !== undefined).map((c) => c.newImage?.fence_token)).not.toContain(
      undefined,
    );
    expect(world.history.some((c) => c.oldImage?.fence_token === 2 && c.newImage?.fence_token === 1)).toBe(false);
  });

  it('with random pauses and work times: tokens rise with every grant and the pointer never takes a lower token', async () => {
    const plan = fc.record({
      startMs: fc.integer({ min: 0, max: 10_000 }),
      heartbeatPauseMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 400_000 })),
      workMs: fc.integer({ min: 0, max: 400_000 }),
      retryMs: fc.integer({ min: 1_000, max: 30_000 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.array(plan, { minLength: 2, maxLength: 4 }), async (seed, plans) => {
        const writes: { token: number; outcome: FencedWriteOutcome }[] = [];
        const world = await runHosts({ seed }, fencingWorld, (w: FencingWorld) =>
          plans.map((p, i) => ({
            name: `compactor${i}`,
            body: async () => {
              await w.sim.sleep(p.startMs);
              const manager = w.fenced(p.heartbeatPauseMs);
              for (let attempt = 0; attempt < 40 && !(await manager.acquire(lockId)); attempt++) await w.sim.sleep(p.retryMs);
              const token = manager.fencingToken;
              if (token === undefined) return;
              manager.startHeartbeat();
              await w.sim.sleep(p.workMs);
              writes.push({ token, outcome: await w.guard.promote({ key: pointer, versionId: `v${i}`, token }) });
              await manager.stopHeartbeat();
              await manager.release();
            },
          })),
        );
        const grants = world.history.filter((c) => c.pk === key.PK && c.newImage !== undefined && c.newImage.owner !== c.oldImage?.owner);
        const grantTokens = grants.map((g) => Number(g.newImage?.fence_token));
        expect(grantTokens).toEqual([...grantTokens].sort((a, b) => a - b));
        expect(new Set(grantTokens).size).toBe(grantTokens.length);
        const accepted = pointerTokens(world);
        expect(accepted).toEqual([...accepted].sort((a, b) => a - b));
        for (const { token, outcome } of writes) {
          if (!outcome.accepted && outcome.reason === 'staleToken') expect(token).toBeLessThan(outcome.lastAcceptedToken);
        }
        expect(writes.filter((w) => w.outcome.accepted)).toHaveLength(accepted.length);
      }),
      { numRuns: 40 },
    );
  });
});

describe('leaseFencing: FencedPointerGuard', () => {
  it('creates the pointer, accepts equal and higher tokens, refuses lower ones and keeps the upload metadata', async () => {
    await simulate({}, fencingWorld, async (world) => {
      expect(await world.guard.promote({ key: pointer, versionId: 'v1', token: 3, metadata: { update_type: 'batch_compaction' } })).toMatchObject({ accepted: true });
      expect(await world.guard.promote({ key: pointer, versionId: 'v2', token: 3 })).toMatchObject({ accepted: true });
      expect(await world.guard.promote({ key: pointer, versionId: 'v3', token: 2 })).toEqual({ accepted: false, reason: 'staleToken', lastAcceptedToken: 3 });
      expect(await world.guard.promote({ key: pointer, versionId: 'v4', token: 7 })).toMatchObject({ accepted: true });
      expect(pointerTokens(world)).toEqual([3, 3, 7]);
      expect(world.store.versions(pointer)[0]).toMatchObject({ metadata: { update_type: 'batch_compaction', [fenceTokenMetadataKey]: '3' } });
      expect(await world.guard.lastAcceptedToken(pointer)).toBe(7);
    });
  });

  it('counts a pointer written without a token as token 0', async () => {
    await simulate({}, fencingWorld, async (world) => {
      await world.store.putObject({ key: pointer, body: new TextEncoder().encode('v0') });
      expect(await world.guard.lastAcceptedToken(pointer)).toBe(0);
      expect(await world.guard.promote({ key: pointer, versionId: 'v1', token: 1 })).toMatchObject({ accepted: true });
    });
  });

  it('refuses a promotion whose expected version is no longer current', async () => {
    await simulate({}, fencingWorld, async (world) => {
      expect(await world.guard.promote({ key: pointer, versionId: 'v1', token: 1, expectedVersion: null })).toMatchObject({ accepted: true });
      expect(await world.guard.promote({ key: pointer, versionId: 'v2', token: 2, expectedVersion: 'v0' })).toEqual({
        accepted: false,
        reason: 'versionMoved',
        currentVersion: 'v1',
      });
      expect(await world.guard.promote({ key: pointer, versionId: 'v2', token: 2, expectedVersion: 'v1' })).toMatchObject({ accepted: true });
    });
  });
});
