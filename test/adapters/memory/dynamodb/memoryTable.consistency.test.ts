import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryTable } from '../../../../src/adapters/memory/dynamodb/memoryTable.js';
import { queryAll } from '../../../../src/ports/table.js';
import { simulate } from '../../../support/simulate.js';

const key = { PK: 'IMAGE#1', SK: 'RECEIPT#00001' };
const seedArbitrary = fc.integer({ min: 0, max: 0xffffffff });

describe('MemoryTable consistency', () => {
  it('a consistent read after a write sees it; an eventually consistent read sees it or a version current within the window', async () => {
    await fc.assert(
      fc.asyncProperty(
        seedArbitrary,
        fc.array(fc.integer({ min: 0, max: 40_000 }), { minLength: 1, maxLength: 10 }),
        fc.boolean(),
        async (seed, gapsMs, widened) => {
          const windowMs = widened ? 30_000 : 1_000;
          const faults = widened ? { 'dynamodb.staleWindow': { rate: 1, always: true } } : {};
          await simulate(
            { seed, faults },
            (sim) => new MemoryTable(sim, { name: 'receipts' }),
            async (table, sim) => {
              // writtenAt[v] is when the write of version v returned (v = 0: the item never existed).
              const writtenAt: number[] = [-Infinity];
              for (const [index, gap] of gapsMs.entries()) {
                const version = index + 1;
                await table.putItem({ item: { ...key, version } });
                writtenAt.push(sim.now);
                expect((await table.getItem({ key, consistentRead: true }))?.version).toBe(version);
                await sim.sleep(gap);
                const readStart = sim.now;
                const seen = ((await table.getItem({ key }))?.version as number | undefined) ?? 0;
                expect(seen).toBeLessThanOrEqual(version);
                // The version seen was replaced no earlier than the start of the window.
                if (seen < version) expect(writtenAt[seen + 1]!).toBeGreaterThan(readStart - windowMs);
              }
            },
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('an eventually consistent read right after an overwrite can return the previous version', async () => {
    await simulate(
      {},
      (sim) => new MemoryTable(sim, { name: 'receipts' }),
      async (table) => {
        const seen = new Set<unknown>();
        for (let version = 1; version <= 20; version++) {
          await table.putItem({ item: { ...key, version } });
          seen.add((await table.getItem({ key }))?.version === version);
        }
        expect(seen).toEqual(new Set([true, false]));
      },
    );
  });

  it('GSI queries are eventually consistent and see a write once it has settled', async () => {
    await simulate(
      {},
      (sim) => new MemoryTable(sim, { name: 'receipts' }),
      async (table, sim) => {
        const missing: number[] = [];
        const gsi = { index: 'GSI1' as const, key: { partitionKey: { name: 'GSI1PK', value: 'RUNS' } } };
        for (let run = 0; run < 20; run++) {
          await table.putItem({ item: { PK: 'IMAGE#1', SK: `RUN#${run}`, GSI1PK: 'RUNS', GSI1SK: `CREATED_AT#${run}` } });
          missing.push(run + 1 - (await table.query(gsi)).items.length);
        }
        expect(missing.some((count) => count > 0)).toBe(true);
        expect(missing.every((count) => count >= 0)).toBe(true);
        await sim.sleep(1_000);
        expect(await queryAll(table, gsi)).toHaveLength(20);
      },
    );
  });

  it('a strongly consistent base-table query sees every write at once', async () => {
    await simulate(
      {},
      (sim) => new MemoryTable(sim, { name: 'receipts' }),
      async (table) => {
        for (let line = 0; line < 10; line++) {
          await table.putItem({ item: { PK: 'IMAGE#1', SK: `LINE#${line}` } });
          const request = { key: { partitionKey: { name: 'PK', value: 'IMAGE#1' } }, consistentRead: true };
          expect(await queryAll(table, request)).toHaveLength(line + 1);
        }
      },
    );
  });

  it('pageSizeBytes ends query pages early and queryAll still collects every item', async () => {
    await simulate(
      {},
      (sim) => new MemoryTable(sim, { name: 'receipts', pageSizeBytes: 100 }),
      async (table) => {
        for (let line = 0; line < 7; line++) await table.putItem({ item: { PK: 'IMAGE#1', SK: `LINE#${line}`, text: 'x'.repeat(40) } });
        const request = { key: { partitionKey: { name: 'PK', value: 'IMAGE#1' } }, consistentRead: true };
        const page = await table.query(request);
        expect(page.items.length).toBeGreaterThan(0);
        expect(page.items.length).toBeLessThan(7);
        expect((await queryAll(table, request)).map((i) => i.SK)).toEqual([0, 1, 2, 3, 4, 5, 6].map((l) => `LINE#${l}`));
      },
    );
  });
});
