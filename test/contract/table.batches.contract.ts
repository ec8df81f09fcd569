import { describe, expect, it } from 'vitest';
import { TransactionCanceled, ValidationError } from '../../src/ports/errors.js';
import { attributeExists, attributeNotExists } from '../../src/ports/expressions.js';
import { type BatchWriteRequest, queryAll } from '../../src/ports/table.js';
import type { ContractCase } from './backend.js';
import { item, key, pk, putAll, rejection, type Run } from './table.support.js';

/** `transactionCase` declares the cases that need TransactWriteItems (`featureCase(backend, 'transactions')`). */
export function tableBatchCases(run: Run, transactionCase: ContractCase): void {
  describe('transactWriteItems', () => {
    transactionCase('applies every action together', run(async ({ table }) => {
      await putAll(table, [item('A', { v: 1 }), item('B', { v: 1 }), item('C')]);
      await table.transactWriteItems([
        { kind: 'put', item: item('NEW'), condition: attributeNotExists('PK') },
        { kind: 'update', key: key('A'), update: { add: { v: 1 } } },
        { kind: 'delete', key: key('B') },
        { kind: 'conditionCheck', key: key('C'), condition: attributeExists('PK') },
      ]);
      const items = await queryAll(table, { key: { partitionKey: { name: 'PK', value: pk } }, consistentRead: true });
      expect(items).toEqual([item('A', { v: 2 }), item('C'), item('NEW')]);
    }));

    transactionCase('cancels every action when one condition fails, with one reason per action', run(async ({ table }) => {
      await putAll(table, [item('A', { v: 1 })]);
      const error = await rejection(
        table.transactWriteItems([
          { kind: 'update', key: key('A'), update: { add: { v: 1 } } },
          { kind: 'put', item: item('B'), condition: attributeExists('PK') },
        ]),
      );
      expect(error).toBeInstanceOf(TransactionCanceled);
      expect((error as TransactionCanceled).reasons).toEqual(['None', 'ConditionalCheckFailed']);
      expect(await table.getItem({ key: key('A'), consistentRead: true })).toEqual(item('A', { v: 1 }));
      expect(await table.getItem({ key: key('B'), consistentRead: true })).toBeUndefined();
    }));

    transactionCase('rejects two actions on one item and more than 100 actions', run(async ({ table }) => {
      const twice = table.transactWriteItems([
        { kind: 'put', item: item('A') },
        { kind: 'delete', key: key('A') },
      ]);
      expect(await rejection(twice)).toBeInstanceOf(ValidationError);
      const many = Array.from({ length: 101 }, (_, i) => ({ kind: 'put' as const, item: item(`N#${i}`) }));
      expect(await rejection(table.transactWriteItems(many))).toBeInstanceOf(ValidationError);
      expect(await table.getItem({ key: key('A'), consistentRead: true })).toBeUndefined();
    }));
  });

  describe('batchWriteItem', () => {
    it('applies puts and deletes, the caller retrying what comes back unprocessed', run(async ({ table }) => {
      await putAll(table, [item('OLD')]);
      let requests: readonly BatchWriteRequest[] = [
        ...[1, 2, 3].map((i) => ({ kind: 'put' as const, item: item(`N#${i}`) })),
        { kind: 'delete', key: key('OLD') },
      ];
      while (requests.length > 0) requests = (await table.batchWriteItem(requests)).unprocessed;
      const items = await queryAll(table, { key: { partitionKey: { name: 'PK', value: pk } }, consistentRead: true });
      expect(items.map((i) => i.SK)).toEqual(['N#1', 'N#2', 'N#3']);
    }));

    it('rejects more than 25 requests and duplicate keys', run(async ({ table }) => {
      const many = Array.from({ length: 26 }, (_, i) => ({ kind: 'put' as const, item: item(`N#${i}`) }));
      expect(await rejection(table.batchWriteItem(many))).toBeInstanceOf(ValidationError);
      const duplicate = table.batchWriteItem([
        { kind: 'put', item: item('A') },
        { kind: 'delete', key: key('A') },
      ]);
      expect(await rejection(duplicate)).toBeInstanceOf(ValidationError);
    }));
  });
}
