import { describe, expect } from 'vitest';
import { attributeExists } from '../../src/ports/expressions.js';
import type { ShardDescription, StreamRecord, StreamSource } from '../../src/ports/stream.js';
import type { Table } from '../../src/ports/table.js';
import { type ContractBackend, featureCase, notSupportedCase } from './backend.js';
import { rejection } from './table.support.js';

export interface StreamPorts {
  readonly table: Table;
  readonly stream: StreamSource;
  /** Waits until the records of earlier writes can be read from the stream. */
  settle(): Promise<void>;
}

/** Parents before children, otherwise in listing order. */
function lineageOrder(shards: readonly ShardDescription[]): ShardDescription[] {
  const ordered: ShardDescription[] = [];
  const placed = new Set<string>();
  const known = new Set(shards.map((s) => s.shardId));
  const place = (shard: ShardDescription): void => {
    if (placed.has(shard.shardId)) return;
    const parent = shards.find((s) => s.shardId === shard.parentShardId);
    if (parent !== undefined && known.has(parent.shardId)) place(parent);
    placed.add(shard.shardId);
    ordered.push(shard);
  };
  shards.forEach(place);
  return ordered;
}

interface ShardRead {
  readonly records: StreamRecord[];
  /** True when the last response had no next iterator (the end of a closed shard). */
  readonly ended: boolean;
}

async function readShard(stream: StreamSource, iterator: string): Promise<ShardRead> {
  const records: StreamRecord[] = [];
  for (let current = iterator; ; ) {
    const result = await stream.getRecords(current);
    records.push(...result.records);
    if (result.nextIterator === undefined) return { records, ended: true };
    if (result.records.length === 0) return { records, ended: false };
    current = result.nextIterator;
  }
}

async function readAll(stream: StreamSource): Promise<StreamRecord[]> {
  const records: StreamRecord[] = [];
  for (const shard of lineageOrder(await stream.listShards())) {
    records.push(...(await readShard(stream, await stream.getShardIterator(shard.shardId, 'TRIM_HORIZON'))).records);
  }
  return records;
}

const pk = 'IMAGE#stream-contract';
const key = (sk: string) => ({ PK: pk, SK: sk });

export function streamContract(backend: ContractBackend<StreamPorts>): void {
  const run = (body: (ports: StreamPorts) => Promise<void>) => () => backend.run(body);

  const streamCase = featureCase(backend, 'streams');
  describe(`StreamSource contract: ${backend.name}`, () => {
    streamCase('a new item produces an INSERT with the new image only', run(async ({ table, stream, settle }) => {
      await table.putItem({ item: { ...key('A'), v: 1 } });
      await settle();
      const [record, ...rest] = await readAll(stream);
      expect(rest).toEqual([]);
      expect(record).toMatchObject({ eventName: 'INSERT', awsRegion: 'us-east-1', keys: key('A'), newImage: { ...key('A'), v: 1 } });
      expect(record!.oldImage).toBeUndefined();
      expect(record!.eventID).toMatch(/\S/);
      expect(record!.sequenceNumber).toMatch(/^\d+$/);
      expect(typeof record!.approximateCreationTime).toBe('number');
    }));

    streamCase('an update produces a MODIFY with the old and new images', run(async ({ table, stream, settle }) => {
      await table.putItem({ item: { ...key('A'), v: 1 } });
      await table.updateItem({ key: key('A'), update: { set: { v: 2 } } });
      await settle();
      const records = await readAll(stream);
      expect(records.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY']);
      expect(records[1]).toMatchObject({ oldImage: { ...key('A'), v: 1 }, newImage: { ...key('A'), v: 2 } });
    }));

    streamCase('a delete produces a REMOVE with the old image only', run(async ({ table, stream, settle }) => {
      await table.putItem({ item: { ...key('A'), v: 1 } });
      await table.deleteItem({ key: key('A') });
      await settle();
      const remove = (await readAll(stream))[1];
      expect(remove).toMatchObject({ eventName: 'REMOVE', keys: key('A'), oldImage: { ...key('A'), v: 1 } });
      expect(remove!.newImage).toBeUndefined();
    }));

    streamCase('writes that change nothing produce no record', run(async ({ table, stream, settle }) => {
      await table.putItem({ item: { ...key('A'), v: 1 } });
      await table.putItem({ item: { v: 1, ...key('A') } });
      await table.updateItem({ key: key('A'), update: { set: { v: 1 } } });
      await table.deleteItem({ key: key('MISSING') });
      await rejection(table.putItem({ item: { ...key('B') }, condition: attributeExists('PK') }));
      await settle();
      expect((await readAll(stream)).map((r) => r.eventName)).toEqual(['INSERT']);
    }));

    streamCase('keeps the records of one key in write order with increasing sequence numbers', run(async ({ table, stream, settle }) => {
      const sks = ['A', 'B', 'C'];
      for (let version = 1; version <= 5; version++) {
        for (const sk of sks) await table.putItem({ item: { ...key(sk), version } });
      }
      await settle();
      const records = await readAll(stream);
      expect(records).toHaveLength(15);
      expect(new Set(records.map((r) => r.eventID)).size).toBe(15);
      for (const sk of sks) {
        const own = records.filter((r) => r.keys.SK === sk);
        expect(own.map((r) => r.newImage?.version)).toEqual([1, 2, 3, 4, 5]);
        const sequences = own.map((r) => BigInt(r.sequenceNumber));
        expect(sequences.every((s, i) => i === 0 || s > sequences[i - 1]!)).toBe(true);
      }
    }));

    streamCase('reading a closed shard to its end gives no next iterator; an open shard always gives one', run(async ({ table, stream, settle }) => {
      for (let version = 1; version <= 4; version++) await table.putItem({ item: { ...key('A'), version } });
      await settle();
      for (const shard of await stream.listShards()) {
        const read = await readShard(stream, await stream.getShardIterator(shard.shardId, 'TRIM_HORIZON'));
        expect(read.ended).toBe(shard.closed);
      }
    }));

    streamCase('positions iterators at, after and beyond sequence numbers', run(async ({ table, stream, settle }) => {
      for (let version = 1; version <= 3; version++) await table.putItem({ item: { ...key('A'), version } });
      await settle();
      const before = await stream.listShards();
      for (const shard of before) {
        const all = (await readShard(stream, await stream.getShardIterator(shard.shardId, 'TRIM_HORIZON'))).records;
        if (all.length === 0) continue;
        const first = all[0]!.sequenceNumber;
        const at = await readShard(stream, await stream.getShardIterator(shard.shardId, 'AT_SEQUENCE_NUMBER', first));
        expect(at.records).toEqual(all);
        const after = await readShard(stream, await stream.getShardIterator(shard.shardId, 'AFTER_SEQUENCE_NUMBER', first));
        expect(after.records).toEqual(all.slice(1));
      }
      const latest: string[] = [];
      for (const shard of before.filter((s) => !s.closed)) latest.push(await stream.getShardIterator(shard.shardId, 'LATEST'));
      await table.putItem({ item: { ...key('A'), version: 4 } });
      await settle();
      const seen: StreamRecord[] = [];
      for (const iterator of latest) seen.push(...(await readShard(stream, iterator)).records);
      const known = new Set(before.map((s) => s.shardId));
      for (const shard of lineageOrder(await stream.listShards()).filter((s) => !known.has(s.shardId))) {
        seen.push(...(await readShard(stream, await stream.getShardIterator(shard.shardId, 'TRIM_HORIZON'))).records);
      }
      expect(seen.map((r) => r.newImage?.version)).toEqual([4]);
    }));

    notSupportedCase(backend, 'StreamSource');
  });
}
