import { describe, expect, it } from 'vitest';
import type { DeleteRequest, GetRequest, PutRequest, Table, TableKey, UpdateRequest } from '../../src/ports/table.js';
import type { Item } from '../../src/ports/values.js';
import { WriteFeedTable } from '../../src/soak/writeFeedTable.js';

/** A map of items answering put, get, update (SET only) and delete, as much of a table as the feed needs. */
function mapTable(): Table {
  const items = new Map<string, Item>();
  const id = (key: Item | TableKey): string => `${String(key.PK)}|${String(key.SK)}`;
  const unused = async (): Promise<never> => {
    throw new Error('not used');
  };
  return {
    name: 'receipts',
    putItem: async (request: PutRequest) => void items.set(id(request.item), request.item),
    getItem: async (request: GetRequest) => items.get(id(request.key)),
    updateItem: async (request: UpdateRequest) => {
      const updated = { ...items.get(id(request.key)), ...request.key, ...request.update.set };
      items.set(id(request.key), updated);
      return request.returnNew === true ? updated : undefined;
    },
    deleteItem: async (request: DeleteRequest) => {
      const old = items.get(id(request.key));
      items.delete(id(request.key));
      return old;
    },
    query: unused,
    transactWriteItems: unused,
    batchWriteItem: unused,
  };
}

const key = { PK: 'IMAGE#1', SK: 'RECEIPT#00001#PLACE' };

describe('the client-side write feed (not a real stream)', () => {
  it('records INSERT, MODIFY and REMOVE with new and old images, in the order the writes returned', async () => {
    const feed = new WriteFeedTable(mapTable(), 'us-east-1', () => 1_000);
    await feed.putItem({ item: { ...key, merchant_name: 'A' } });
    expect(await feed.updateItem({ key, update: { set: { merchant_name: 'B' } } })).toBeUndefined();
    await feed.deleteItem({ key });
    const records = feed.take(10);
    expect(records.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
    expect(records[1]).toMatchObject({ oldImage: { merchant_name: 'A' }, newImage: { merchant_name: 'B' }, keys: key, awsRegion: 'us-east-1' });
    expect(records[2]).toMatchObject({ oldImage: { merchant_name: 'B' } });
    expect(records[2]!.newImage).toBeUndefined();
    expect(records.map((r) => r.sequenceNumber)).toEqual([...records.map((r) => r.sequenceNumber)].sort());
  });

  it('records nothing for a write that leaves the item as it was, as Streams does', async () => {
    const feed = new WriteFeedTable(mapTable(), 'us-east-1', () => 1_000);
    await feed.putItem({ item: { ...key, merchant_name: 'A', place_id: 'p' } });
    await feed.putItem({ item: { place_id: 'p', merchant_name: 'A', ...key } });
    expect(feed.take(10).map((r) => r.eventName)).toEqual(['INSERT']);
    expect(feed.backlog).toBe(0);
  });

  it('records nothing for a write the table refused', async () => {
    const inner = mapTable();
    const feed = new WriteFeedTable({ ...inner, putItem: async () => Promise.reject(new Error('ConditionalCheckFailed')) }, 'us-east-1', () => 1_000);
    await expect(feed.putItem({ item: { ...key } })).rejects.toThrow();
    expect(feed.backlog).toBe(0);
  });
});
