import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../../../src/sim/createSimulation.js';
import { simulate, testEpochMs } from '../../../support/simulate.js';
import { deliveredVersions, mappingWorld } from './mappingWorld.js';

const put = (sk: string, version = 1) => ({ item: { PK: 'IMAGE#1', SK: sk, version } });
const sizes = (invocations: readonly { records: readonly unknown[] }[]) => invocations.map((i) => i.records.length);

describe('StreamEventSourceMapping', () => {
  it('lets a run with nothing to do end: idle lanes block instead of polling', async () => {
    const sim = createSimulation({ seed: 1, strategy: 'random', epochMs: testEpochMs });
    const { invocations } = mappingWorld(sim, { shardCount: 2 });
    expect(await sim.run(Infinity)).toBe('idle');
    expect(invocations).toEqual([]);
  });

  it('gathers up to batchSize records per invocation, then the rest once the window has passed', async () => {
    let world: ReturnType<typeof mappingWorld> | undefined;
    await simulate({}, (sim) => (world = mappingWorld(sim, { config: { parallelizationFactor: 1 } })), async ({ table }) => {
      for (let i = 0; i < 25; i++) await table.putItem(put(`K#${i}`));
    });
    const { invocations, mapping } = world!;
    expect(sizes(invocations)).toEqual([10, 10, 5]);
    expect(invocations.flatMap((i) => i.records.map((r) => r.keys.SK))).toEqual(Array.from({ length: 25 }, (_, i) => `K#${i}`));
    expect(mapping.pendingRecords()).toBe(0);
  });

  it('invokes a partial batch only when the batching window has passed since its first record', async () => {
    let writtenAt = 0;
    let world: ReturnType<typeof mappingWorld> | undefined;
    await simulate({}, (sim) => (world = mappingWorld(sim)), async ({ table, mapping }, sim) => {
      await table.putItem(put('A'));
      writtenAt = sim.now;
      expect(mapping.pendingRecords()).toBe(1);
    });
    expect(world!.invocations).toHaveLength(1);
    expect(world!.invocations[0]!.at).toBeGreaterThanOrEqual(writtenAt + 5_000 - 50);
    expect(world!.mapping.pendingRecords()).toBe(0);
  });

  it('starts after the newest record for LATEST and at the oldest retained record for TRIM_HORIZON', async () => {
    for (const startingPosition of ['LATEST', 'TRIM_HORIZON'] as const) {
      let world: ReturnType<typeof mappingWorld> | undefined;
      await simulate({}, (sim) => (world = mappingWorld(sim, { config: { startingPosition }, start: false })), async ({ table, mapping }) => {
        await table.putItem(put('BEFORE'));
        mapping.start();
        await table.putItem(put('AFTER'));
      });
      const delivered = world!.invocations.flatMap((i) => i.records.map((r) => r.keys.SK));
      expect(delivered).toEqual(startingPosition === 'LATEST' ? ['AFTER'] : ['BEFORE', 'AFTER']);
    }
  });

  it('retries a failing batch, bisecting it, and finally discards every record', async () => {
    let world: ReturnType<typeof mappingWorld> | undefined;
    const sim = await simulate(
      {},
      (s) => (world = mappingWorld(s, { config: { parallelizationFactor: 1, batchSize: 4 }, outcome: () => 'error' })),
      async ({ table }) => {
        for (let i = 0; i < 4; i++) await table.putItem(put(`K#${i}`));
      },
    );
    // 4 fails → halves of 2 (retry 1) → halves of 1 (retry 2) → each single retried once more (retry 3).
    expect(sizes(world!.invocations)).toEqual([4, 2, 1, 1, 1, 1, 2, 1, 1, 1, 1]);
    const discards = sim.trace.steps.filter((s) => s.op === 'esm.discard');
    expect(discards.map((s) => [s.outcome, s.detail?.reason, s.entities])).toEqual(
      [0, 1, 2, 3].map((i) => ['discarded', 'retriesExhausted', [`IMAGE#1|K#${i}`]]),
    );
    expect(world!.mapping.pendingRecords()).toBe(0);
  });

  it('retries the same batch without bisection when bisection is off', async () => {
    let world: ReturnType<typeof mappingWorld> | undefined;
    const outcome = (index: number) => (index < 2 ? 'timeout' : 'success');
    const config = { parallelizationFactor: 1, bisectBatchOnFunctionError: false };
    await simulate({}, (s) => (world = mappingWorld(s, { config, outcome })), async ({ table }) => {
      for (let i = 0; i < 3; i++) await table.putItem(put(`K#${i}`));
    });
    expect(world!.invocations.map((i) => [i.outcome, i.records.length])).toEqual([
      ['timeout', 3],
      ['timeout', 3],
      ['success', 3],
    ]);
  });

  it('retries a throttled invocation after a backoff without using up retries', async () => {
    let world: ReturnType<typeof mappingWorld> | undefined;
    const outcome = (index: number) => (index < 6 ? 'throttled' : 'success');
    await simulate({}, (s) => (world = mappingWorld(s, { config: { maximumRetryAttempts: 0 }, outcome })), async ({ table }) => {
      await table.putItem(put('A'));
    });
    const { invocations } = world!;
    expect(invocations.map((i) => i.outcome)).toEqual([...Array<string>(6).fill('throttled'), 'success']);
    const gaps = invocations.slice(1).map((inv, i) => inv.at - invocations[i]!.at);
    expect(gaps.every((gap, i) => gap >= 1_000 * 2 ** i)).toBe(true);
  });

  it('discards a record older than the maximum record age before invoking', async () => {
    let world: ReturnType<typeof mappingWorld> | undefined;
    const config = { maximumRecordAgeMs: 60_000 };
    const sim = await simulate({}, (s) => (world = mappingWorld(s, { config, outcome: () => 'throttled' })), async ({ table }) => {
      await table.putItem(put('A'));
    });
    const discard = sim.trace.steps.find((s) => s.op === 'esm.discard');
    expect(discard?.detail?.reason).toBe('maximumRecordAge');
    expect(discard!.t).toBeGreaterThan(60_000);
    expect(world!.invocations.every((i) => i.outcome === 'throttled')).toBe(true);
    expect(world!.mapping.pendingRecords()).toBe(0);
  });

  it('finishes every lane of a parent shard before its child (stream.shardRollover at rate 1)', async () => {
    let world: ReturnType<typeof mappingWorld> | undefined;
    const faults = { 'stream.shardRollover': { rate: 1, always: true } };
    const sim = await simulate({ faults }, (s) => (world = mappingWorld(s, { config: { batchingWindowMs: 0 } })), async ({ table }) => {
      for (let i = 0; i < 12; i++) await table.putItem(put(`K#${i % 5}`, i));
    });
    const { invocations } = world!;
    expect(sizes(invocations)).toEqual(Array<number>(12).fill(1));
    expect(invocations.map((i) => i.records[0]!.newImage?.version)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(sim.faults.unfired()).toEqual([]);
  });

  it('stream.recordDelay makes a record reach the function 1 to 60 s after the write (rate 1)', async () => {
    let world: ReturnType<typeof mappingWorld> | undefined;
    const writtenAt: number[] = [];
    const faults = { 'stream.recordDelay': { rate: 1, always: true } };
    const sim = await simulate({ faults }, (s) => (world = mappingWorld(s, { config: { batchingWindowMs: 0 } })), async ({ table }, s) => {
      for (let i = 0; i < 5; i++) {
        writtenAt.push(s.now);
        await table.putItem(put('A', i));
      }
    });
    expect(deliveredVersions(world!.invocations).get('IMAGE#1|A')).toEqual([0, 1, 2, 3, 4]);
    const first = world!.invocations[0]!;
    expect(first.at - writtenAt[0]!).toBeGreaterThanOrEqual(1_000);
    expect(first.at - writtenAt[0]!).toBeLessThan(61_000);
    expect(sim.faults.unfired()).toEqual([]);
  });
});
