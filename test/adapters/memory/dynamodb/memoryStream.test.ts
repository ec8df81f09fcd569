import { describe, expect, it } from 'vitest';
import { MemoryStream } from '../../../../src/adapters/memory/dynamodb/memoryStream.js';
import { MemoryTable } from '../../../../src/adapters/memory/dynamodb/memoryTable.js';
import { PortError } from '../../../../src/ports/errors.js';
import type { RunSetup } from '../../../../src/sim/createSimulation.js';
import type { Simulation } from '../../../../src/sim/simulation.js';
import { rejection } from '../../../contract/table.support.js';
import { simulate } from '../../../support/simulate.js';

interface World {
  readonly table: MemoryTable;
  readonly stream: MemoryStream;
}

function withStream(setup: Partial<RunSetup>, body: (world: World, sim: Simulation) => Promise<void>): Promise<Simulation> {
  return simulate(
    setup,
    (sim) => {
      const stream = new MemoryStream(sim);
      return { stream, table: new MemoryTable(sim, { name: 'receipts', streams: stream }) };
    },
    body,
  );
}

const item = (version: number) => ({ PK: 'IMAGE#1', SK: 'RECEIPT#00001', version });
const hours = (h: number) => h * 3600 * 1000;

describe('MemoryStream', () => {
  it('records the append as detail of the write step, not as a step of its own', async () => {
    const sim = await withStream({}, async ({ table, stream }) => {
      await table.putItem({ item: item(1) });
      const [shard] = await stream.listShards();
      const { records } = await stream.getRecords(await stream.getShardIterator(shard!.shardId, 'TRIM_HORIZON'));
      expect(records).toHaveLength(1);
    });
    const write = sim.trace.steps.find((s) => s.op === 'dynamodb.PutItem')!;
    expect(write.entities).toEqual(['IMAGE#1|RECEIPT#00001']);
    expect(typeof write.detail?.stream).toBe('string');
    expect(sim.trace.steps.filter((s) => s.op.startsWith('dynamodb.')).map((s) => s.op)).toEqual(['dynamodb.PutItem']);
  });

  it('stamps records with the service clock, to the second, whatever the writer clock skew', async () => {
    await withStream({}, async ({ table, stream }, sim) => {
      await sim.sleep(2_500);
      const writer = sim.spawn('skewed', () => table.putItem({ item: item(1) }), { clockSkewMs: 90_000 });
      await sim.block(writer.done);
      const [shard] = await stream.listShards();
      const [record] = (await stream.getRecords(await stream.getShardIterator(shard!.shardId, 'TRIM_HORIZON'))).records;
      expect(record!.approximateCreationTime % 1_000).toBe(0);
      expect(Math.abs(record!.approximateCreationTime - (sim.epochMs + sim.now))).toBeLessThan(2_000);
    });
  });

  it('stream.shardRollover closes the shard and opens a child that takes the record (rate 1)', async () => {
    const sim = await withStream({ faults: { 'stream.shardRollover': { rate: 1, always: true } } }, async ({ table, stream }) => {
      for (let version = 1; version <= 3; version++) await table.putItem({ item: item(version) });
      const shards = await stream.listShards();
      expect(shards).toHaveLength(4);
      shards.forEach((shard, i) => {
        expect(shard.closed).toBe(i < 3);
        expect(shard.parentShardId).toBe(i === 0 ? undefined : shards[i - 1]!.shardId);
      });
      const first = await stream.getRecords(await stream.getShardIterator(shards[0]!.shardId, 'TRIM_HORIZON'));
      expect(first).toEqual({ records: [] });
      const child = await stream.getRecords(await stream.getShardIterator(shards[1]!.shardId, 'TRIM_HORIZON'));
      expect(child.records.map((r) => r.newImage?.version)).toEqual([1]);
      expect(child.nextIterator).toBeUndefined();
    });
    expect(sim.faults.unfired()).toEqual([]);
  });

  it('trims records older than 24 h and forgets closed shards whose records are gone', async () => {
    await withStream({}, async ({ table, stream }, sim) => {
      await table.putItem({ item: item(1) });
      await sim.sleep(hours(23));
      await table.putItem({ item: item(2) });
      await sim.sleep(hours(2));
      const [shard] = await stream.listShards();
      const { records } = await stream.getRecords(await stream.getShardIterator(shard!.shardId, 'TRIM_HORIZON'));
      expect(records.map((r) => r.newImage?.version)).toEqual([2]);
    });
    await withStream({ faults: { 'stream.shardRollover': { rate: 1, always: true } } }, async ({ table, stream }, sim) => {
      await table.putItem({ item: item(1) });
      await table.putItem({ item: item(2) });
      expect(await stream.listShards()).toHaveLength(3);
      await sim.sleep(hours(25));
      expect((await stream.listShards()).map((s) => s.closed)).toEqual([false]);
    });
  });

  it('rejects iterators older than 15 minutes and iterators behind the trim horizon', async () => {
    await withStream({}, async ({ table, stream }, sim) => {
      await table.putItem({ item: item(1) });
      const [shard] = await stream.listShards();
      const iterator = await stream.getShardIterator(shard!.shardId, 'TRIM_HORIZON');
      await sim.sleep(16 * 60 * 1000);
      expect(((await rejection(stream.getRecords(iterator))) as PortError).code).toBe('ExpiredIteratorException');
      await sim.sleep(hours(24) - 20 * 60 * 1000);
      const beforeTrim = await stream.getShardIterator(shard!.shardId, 'AT_SEQUENCE_NUMBER', '0');
      expect((await stream.getRecords(beforeTrim)).records).toHaveLength(1);
      await sim.sleep(5 * 60 * 1000);
      expect(((await rejection(stream.getRecords(beforeTrim))) as PortError).code).toBe('TrimmedDataAccessException');
    });
  });
});
