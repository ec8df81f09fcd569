import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/ports/errors.js';
import { beginsWith, equals, type KeyCondition, type SortKeyCondition } from '../../src/ports/expressions.js';
import { queryAll, type Table } from '../../src/ports/table.js';
import type { Item } from '../../src/ports/values.js';
import { item, pk, putAll, rejection, type Run } from './table.support.js';

const sortKeys = ['RECEIPT#00001', 'RECEIPT#00001#LINE#00001', 'RECEIPT#00001#LINE#00002', 'RECEIPT#00002', 'RECEIPT#00003'];

export function tableQueryCases(run: Run): void {
  describe('query', () => {
    const seed = (table: Table) =>
      putAll(table, [...sortKeys.map((sk, i) => item(sk, { n: i })), { PK: 'IMAGE#other', SK: 'RECEIPT#00001', TYPE: 'RECEIPT' }]);
    const sks = (items: readonly Item[]) => items.map((i) => i.SK);

    it('returns one partition in sort key order, reversed when scanIndexForward is false', run(async ({ table }) => {
      await seed(table);
      const partitionKey = { name: 'PK', value: pk };
      expect(sks((await table.query({ key: { partitionKey }, consistentRead: true })).items)).toEqual(sortKeys);
      const reversed = await table.query({ key: { partitionKey }, consistentRead: true, scanIndexForward: false });
      expect(sks(reversed.items)).toEqual([...sortKeys].reverse());
    }));

    it('selects sort keys with begins_with, between and comparisons', run(async ({ table }) => {
      await seed(table);
      const select = async (condition: SortKeyCondition) =>
        sks((await table.query({ key: sortKeyOn(condition), consistentRead: true })).items);
      expect(await select({ op: 'beginsWith', prefix: 'RECEIPT#00001#' })).toEqual(sortKeys.slice(1, 3));
      expect(await select({ op: 'between', low: 'RECEIPT#00001#LINE#00002', high: 'RECEIPT#00002' })).toEqual(sortKeys.slice(2, 4));
      expect(await select({ op: '>', value: 'RECEIPT#00002' })).toEqual(['RECEIPT#00003']);
      expect(await select({ op: '<=', value: 'RECEIPT#00001' })).toEqual(['RECEIPT#00001']);
      expect(await select({ op: '=', value: 'RECEIPT#00002' })).toEqual(['RECEIPT#00002']);
    }));

    it('counts limit before the filter and resumes after the last evaluated item', run(async ({ table }) => {
      await seed(table);
      const request = { key: { partitionKey: { name: 'PK', value: pk } }, consistentRead: true, limit: 2, filter: equals('n', 1) };
      const first = await table.query(request);
      expect(sks(first.items)).toEqual([sortKeys[1]]);
      expect(first.lastEvaluatedKey).toMatchObject({ PK: pk, SK: sortKeys[1] });
      const second = await table.query({ ...request, exclusiveStartKey: first.lastEvaluatedKey });
      expect(second.items).toEqual([]);
      expect(second.lastEvaluatedKey).toMatchObject({ SK: sortKeys[3] });
    }));

    it('queryAll follows lastEvaluatedKey until the result is exhausted', run(async ({ table }) => {
      await seed(table);
      const all = await queryAll(table, { key: { partitionKey: { name: 'PK', value: pk } }, consistentRead: true, limit: 2 });
      expect(sks(all)).toEqual(sortKeys);
    }));

    it('ends a page after about 1 MB, and queryAll still returns every item', run(async ({ table }) => {
      const big = 'x'.repeat(300_000);
      await putAll(table, [0, 1, 2, 3, 4, 5].map((i) => item(`BIG#${i}`, { big })));
      const request = { key: { partitionKey: { name: 'PK', value: pk } }, consistentRead: true };
      const page = await table.query(request);
      expect(page.items.length).toBeLessThan(6);
      expect(page.lastEvaluatedKey).toBeDefined();
      expect(sks(await queryAll(table, request))).toEqual([0, 1, 2, 3, 4, 5].map((i) => `BIG#${i}`));
    }));

    it('queries sparse GSIs by their own keys, in range key order where the index has one', run(async ({ table, settle }) => {
      await putAll(table, [
        item('L#2', { GSI1PK: 'LOCK#lines', GSI1SK: 'EXPIRES#2' }),
        item('L#1', { GSI1PK: 'LOCK#lines', GSI1SK: 'EXPIRES#1' }),
        item('L#3', { GSI1PK: 'LOCK#lines' }),
        item('L#4', { GSI1PK: 'LOCK#words', GSI1SK: 'EXPIRES#0' }),
      ]);
      await settle();
      const page = await table.query({ index: 'GSI1', key: { partitionKey: { name: 'GSI1PK', value: 'LOCK#lines' } } });
      expect(sks(page.items)).toEqual(['L#1', 'L#2']);
      const typed = await queryAll(table, { index: 'GSITYPE', key: { partitionKey: { name: 'TYPE', value: 'RECEIPT' } } });
      // GSITYPE has no range key: DynamoDB promises no order among its items (dynalite returns them by key hash).
      expect(sks(typed).sort()).toEqual(['L#1', 'L#2', 'L#3', 'L#4']);
    }));

    it('rejects consistent GSI reads, key conditions on other attributes and filters on keys', run(async ({ table }) => {
      const gsi = { index: 'GSI1' as const, key: { partitionKey: { name: 'GSI1PK', value: 'x' } } };
      expect(await rejection(table.query({ ...gsi, consistentRead: true }))).toBeInstanceOf(ValidationError);
      expect(await rejection(table.query({ key: { partitionKey: { name: 'GSI1PK', value: 'x' } } }))).toBeInstanceOf(ValidationError);
      const typeWithSortKey = { partitionKey: { name: 'TYPE', value: 'RECEIPT' }, sortKey: { name: 'SK', condition: { op: '=' as const, value: 'A' } } };
      expect(await rejection(table.query({ index: 'GSITYPE', key: typeWithSortKey }))).toBeInstanceOf(ValidationError);
      const filterOnKey = { key: { partitionKey: { name: 'PK', value: pk } }, filter: beginsWith('SK', 'R') };
      expect(await rejection(table.query(filterOnKey))).toBeInstanceOf(ValidationError);
    }));
  });
}

function sortKeyOn(condition: SortKeyCondition): KeyCondition {
  return { partitionKey: { name: 'PK', value: pk }, sortKey: { name: 'SK', condition } };
}

