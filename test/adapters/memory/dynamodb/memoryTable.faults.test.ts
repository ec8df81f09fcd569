import { describe, expect, it } from 'vitest';
import { MemoryTable } from '../../../../src/adapters/memory/dynamodb/memoryTable.js';
import { Throttled, TransactionCanceled } from '../../../../src/ports/errors.js';
import type { FaultName } from '../../../../src/sim/faults/catalog.js';
import type { Simulation } from '../../../../src/sim/simulation.js';
import { rejection } from '../../../contract/table.support.js';
import { simulate } from '../../../support/simulate.js';

const always = (fault: FaultName) => ({ faults: { [fault]: { rate: 1, always: true } } });
const item = (sk: string, v = 1) => ({ PK: 'IMAGE#1', SK: sk, v });
const key = (sk: string) => ({ PK: 'IMAGE#1', SK: sk });

async function withTable(fault: FaultName, body: (table: MemoryTable, sim: Simulation) => Promise<void>): Promise<MemoryTable> {
  let table: MemoryTable | undefined;
  const sim = await simulate(
    always(fault),
    (s) => (table = new MemoryTable(s, { name: 'receipts' })),
    (t, s) => body(t, s),
  );
  expect(sim.faults.unfired()).toEqual([]);
  return table!;
}

describe('MemoryTable faults at rate 1', () => {
  it('dynamodb.throttle rejects requests with ProvisionedThroughputExceededException before their effect', async () => {
    const table = await withTable('dynamodb.throttle', async (t, sim) => {
      const error = await rejection(t.putItem({ item: item('A') }));
      expect(error).toBeInstanceOf(Throttled);
      expect((error as Throttled).code).toBe('ProvisionedThroughputExceededException');
      expect((error as Throttled).retryable).toBe(true);
      expect(await rejection(t.getItem({ key: key('A'), consistentRead: true }))).toBeInstanceOf(Throttled);
      expect(sim.trace.steps.find((s) => s.op === 'dynamodb.PutItem')?.outcome).toBe('ProvisionedThroughputExceededException');
    });
    expect(table.currentItems()).toEqual([]);
  });

  it('dynamodb.staleWindow lets an eventually consistent read return a version 30 s old, and none older', async () => {
    await withTable('dynamodb.staleWindow', async (t, sim) => {
      await t.putItem({ item: item('A', 1) });
      await sim.sleep(5_000);
      await t.putItem({ item: item('A', 2) });
      const seen = new Set<number | undefined>();
      for (let i = 0; i < 30; i++) seen.add((await t.getItem({ key: key('A') }))?.v as number | undefined);
      expect(seen.has(1)).toBe(true);
      expect([...seen].every((v) => v === undefined || v === 1 || v === 2)).toBe(true);
      await sim.sleep(31_000);
      for (let i = 0; i < 10; i++) expect((await t.getItem({ key: key('A') }))?.v).toBe(2);
    });
  });

  it('dynamodb.unprocessedItems returns a non-empty strict subset unapplied, or the single request', async () => {
    const table = await withTable('dynamodb.unprocessedItems', async (t) => {
      const requests = [1, 2, 3, 4, 5].map((i) => ({ kind: 'put' as const, item: item(`N#${i}`) }));
      const { unprocessed } = await t.batchWriteItem(requests);
      expect(unprocessed.length).toBeGreaterThan(0);
      expect(unprocessed.length).toBeLessThan(requests.length);
      const single = { kind: 'put' as const, item: item('SINGLE') };
      expect((await t.batchWriteItem([single])).unprocessed).toEqual([single]);
      const stored = (await t.query({ key: { partitionKey: { name: 'PK', value: 'IMAGE#1' } }, consistentRead: true })).items;
      const processed = requests.filter((r) => !unprocessed.includes(r)).map((r) => r.item.SK);
      expect(stored.map((i) => i.SK)).toEqual(processed);
    });
    expect(table.currentItems().some((i) => i.SK === 'SINGLE')).toBe(false);
  });

  it('dynamodb.transactionConflict cancels a transaction with one TransactionConflict reason and applies nothing', async () => {
    const table = await withTable('dynamodb.transactionConflict', async (t) => {
      await t.putItem({ item: item('A') });
      const error = await rejection(
        t.transactWriteItems([
          { kind: 'update', key: key('A'), update: { add: { v: 1 } } },
          { kind: 'put', item: item('B') },
        ]),
      );
      expect(error).toBeInstanceOf(TransactionCanceled);
      const reasons = (error as TransactionCanceled).reasons;
      expect(reasons.filter((r) => r === 'TransactionConflict')).toHaveLength(1);
      expect(reasons.filter((r) => r === 'None')).toHaveLength(1);
    });
    expect(table.currentItems()).toEqual([item('A')]);
  });
});
