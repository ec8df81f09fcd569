import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryStream } from '../../../../src/adapters/memory/dynamodb/memoryStream.js';
import { MemoryTable } from '../../../../src/adapters/memory/dynamodb/memoryTable.js';
import { ConditionalCheckFailed } from '../../../../src/ports/errors.js';
import { attributeNotExists, compare, equals, or } from '../../../../src/ports/expressions.js';
import { createSimulation } from '../../../../src/sim/createSimulation.js';
import { testEpochMs } from '../../../support/simulate.js';

const lockKey = { PK: 'LOCK#lines#compaction', SK: 'LOCK' };
const seedArbitrary = fc.integer({ min: 0, max: 0xffffffff });
const strategyArbitrary = fc.constantFrom('random' as const, 'pct' as const);

async function lost(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return false;
  } catch (error) {
    if (error instanceof ConditionalCheckFailed) return true;
    throw error;
  }
}

describe('MemoryTable under racing actors', () => {
  it('a conditional put (attribute_not_exists(PK)) has exactly one winner among N racing actors', async () => {
    await fc.assert(
      fc.asyncProperty(
        seedArbitrary,
        strategyArbitrary,
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 2, maxLength: 8 }),
        async (seed, strategy, startDelaysMs) => {
          const sim = createSimulation({ seed, strategy, epochMs: testEpochMs });
          const table = new MemoryTable(sim, { name: 'receipts' });
          const winners: string[] = [];
          startDelaysMs.forEach((startDelayMs, i) => {
            const owner = `racer${i}`;
            const body = async () => {
              const write = table.putItem({ item: { ...lockKey, owner }, condition: attributeNotExists('PK') });
              if (!(await lost(write))) winners.push(owner);
            };
            sim.spawn(owner, body, { startDelayMs });
          });
          expect(await sim.run(Infinity)).toBe('idle');
          expect(winners).toHaveLength(1);
          expect(table.currentItems()).toEqual([{ ...lockKey, owner: winners[0] }]);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('an expiry-guarded lock put (attribute_not_exists(PK) OR expires < :now) has at most one live owner', async () => {
    const leaseMs = 1_000;
    await fc.assert(
      fc.asyncProperty(
        seedArbitrary,
        strategyArbitrary,
        fc.array(fc.array(fc.integer({ min: 0, max: 2 * leaseMs }), { minLength: 1, maxLength: 5 }), { minLength: 2, maxLength: 5 }),
        async (seed, strategy, holdsPerActor) => {
          const sim = createSimulation({ seed, strategy, epochMs: testEpochMs });
          const stream = new MemoryStream(sim);
          const table = new MemoryTable(sim, { name: 'receipts', streams: stream });
          holdsPerActor.forEach((holds, i) => {
            const owner = `worker${i}`;
            sim.spawn(owner, async () => {
              for (const holdMs of holds) {
                const now = new Date(sim.wallClock()).toISOString();
                const expires = new Date(sim.wallClock() + leaseMs).toISOString();
                const acquire = table.putItem({
                  item: { ...lockKey, owner, expires },
                  condition: or(attributeNotExists('PK'), compare('expires', '<', now)),
                });
                if (await lost(acquire)) {
                  await sim.sleep(holdMs / 4);
                  continue;
                }
                await sim.sleep(holdMs);
                await lost(table.deleteItem({ key: lockKey, condition: equals('owner', owner) }));
              }
            });
          });
          expect(await sim.run(Infinity)).toBe('idle');
          // Each new owner's row was committed after the previous live owner's lease had expired.
          let live: { owner: string; expiresMs: number } | undefined;
          for (const { record, appendedAt } of stream.retainedShards().flatMap((s) => s.records)) {
            const committedMs = sim.epochMs + appendedAt;
            const image = record.newImage;
            if (image === undefined) {
              live = undefined;
              continue;
            }
            if (live !== undefined && live.owner !== image.owner) expect(committedMs).toBeGreaterThan(live.expiresMs);
            live = { owner: image.owner as string, expiresMs: Date.parse(image.expires as string) };
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
