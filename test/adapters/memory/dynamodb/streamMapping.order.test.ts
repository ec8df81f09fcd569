import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InvocationOutcome } from '../../../../src/adapters/memory/lambda/invocation.js';
import { createSimulation } from '../../../../src/sim/createSimulation.js';
import type { FaultMenu } from '../../../../src/sim/faults/faultPlan.js';
import { testEpochMs } from '../../../support/simulate.js';
import { deliveredVersions, type MappingWorld, mappingWorld } from './mappingWorld.js';

type Outcome = InvocationOutcome<unknown>['kind'];

const seedArbitrary = fc.integer({ min: 0, max: 0xffffffff });
const faultsArbitrary = fc.record({ rollover: fc.boolean(), delay: fc.boolean() }).map(
  ({ rollover, delay }): FaultMenu => ({
    ...(rollover ? { 'stream.shardRollover': { rate: 0.2 } } : {}),
    ...(delay ? { 'stream.recordDelay': { rate: 0.2 } } : {}),
  }),
);

/**
 * Writers each own some keys and bump a version on them; the mapping delivers with parallelization
 * factor 5 across two shard lineages. Returns the world after the run went idle.
 */
async function runWriters(
  seed: number,
  faults: FaultMenu,
  writesPerKey: readonly number[],
  outcomes: readonly Outcome[],
): Promise<MappingWorld> {
  const sim = createSimulation({ seed, strategy: 'random', epochMs: testEpochMs, faults });
  const outcome = (index: number) => outcomes[index % outcomes.length]!;
  const world = mappingWorld(sim, { shardCount: 2, config: { parallelizationFactor: 5 }, outcome });
  const writers = 3;
  for (let writer = 0; writer < writers; writer++) {
    sim.spawn(`writer${writer}`, async () => {
      for (let round = 0; round < Math.max(...writesPerKey); round++) {
        for (const [k, writes] of writesPerKey.entries()) {
          if (k % writers !== writer || round >= writes) continue;
          await world.table.putItem({ item: { PK: `IMAGE#${k % 4}`, SK: `RECEIPT#${k}`, version: round + 1 } });
          await sim.sleep(round * 300);
        }
      }
    });
  }
  expect(await sim.run(Infinity)).toBe('idle');
  return world;
}

const increasing = (values: readonly number[]) => values.every((v, i) => i === 0 || v > values[i - 1]!);

describe('StreamEventSourceMapping ordering', () => {
  it('delivers the records of each key in write order under parallelization factor 5, across seeds', async () => {
    await fc.assert(
      fc.asyncProperty(
        seedArbitrary,
        faultsArbitrary,
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 10 }),
        async (seed, faults, writesPerKey) => {
          const world = await runWriters(seed, faults, writesPerKey, ['success']);
          const delivered = deliveredVersions(world.invocations);
          writesPerKey.forEach((writes, k) => {
            expect(delivered.get(`IMAGE#${k % 4}|RECEIPT#${k}`)).toEqual(Array.from({ length: writes }, (_, i) => i + 1));
          });
          expect(world.mapping.pendingRecords()).toBe(0);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('keeps per-key order through failures, retries and bisection; every record ends processed or discarded', async () => {
    const outcomeArbitrary = fc.constantFrom<Outcome>('success', 'success', 'error', 'timeout', 'crash', 'throttled');
    await fc.assert(
      fc.asyncProperty(
        seedArbitrary,
        faultsArbitrary,
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 8 }),
        fc.array(outcomeArbitrary, { minLength: 1, maxLength: 12 }),
        async (seed, faults, writesPerKey, outcomes) => {
          const world = await runWriters(seed, faults, writesPerKey, outcomes);
          for (const versions of deliveredVersions(world.invocations).values()) expect(increasing(versions)).toBe(true);
          expect(world.mapping.pendingRecords()).toBe(0);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('StreamEventSourceMapping determinism', () => {
  it('gives the same trace for the same seed', async () => {
    const hashes: string[] = [];
    for (let run = 0; run < 2; run++) {
      const sim = createSimulation({ seed: 7, strategy: 'random', epochMs: testEpochMs, faults: { 'stream.recordDelay': { rate: 0.3 } } });
      const world = mappingWorld(sim, { shardCount: 2, outcome: (i) => (i % 3 === 1 ? 'error' : 'success') });
      sim.spawn('writer', async () => {
        for (let i = 0; i < 20; i++) await world.table.updateItem({ key: { PK: `IMAGE#${i % 3}`, SK: `R#${i % 5}` }, update: { add: { version: 1 } } });
      });
      await sim.run(Infinity);
      hashes.push(sim.trace.hash);
    }
    expect(hashes[0]).toBe(hashes[1]);
  });
});
