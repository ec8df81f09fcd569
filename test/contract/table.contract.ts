import { describe, expect, it } from 'vitest';
import { ConditionalCheckFailed, ValidationError } from '../../src/ports/errors.js';
import { and, attributeExists, attributeNotExists, beginsWith, compare, type Condition, equals, not, or } from '../../src/ports/expressions.js';
import type { Table } from '../../src/ports/table.js';
import { type ContractBackend, featureCase, notSupportedCase } from './backend.js';
import { tableBatchCases } from './table.batches.contract.js';
import { tableQueryCases } from './table.queries.contract.js';
import { item, key, pk, rejection, type TablePorts } from './table.support.js';

export type { TablePorts } from './table.support.js';

/** Whether the condition holds on the item, asked through a conditional update of a probe counter. */
async function holds(table: Table, sk: string, condition: Condition): Promise<boolean> {
  try {
    await table.updateItem({ key: key(sk), update: { add: { probes: 1 } }, condition });
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailed) return false;
    throw error;
  }
}

export function tableContract(backend: ContractBackend<TablePorts>): void {
  const run = (body: (ports: TablePorts) => Promise<void>) => () => backend.run(body);

  describe(`Table contract: ${backend.name}`, () => {
    describe('putItem and getItem', () => {
      it('a consistent read returns the item as put, and undefined for a missing key', run(async ({ table }) => {
        const stored = item('RECEIPT#00001', { n: 1, list: [1, 'a', { deep: true }], map: { a: null } });
        await table.putItem({ item: stored });
        expect(await table.getItem({ key: key('RECEIPT#00001'), consistentRead: true })).toEqual(stored);
        expect(await table.getItem({ key: key('RECEIPT#00002'), consistentRead: true })).toBeUndefined();
      }));

      it('a put replaces the whole item', run(async ({ table }) => {
        await table.putItem({ item: item('A', { old: 1 }) });
        await table.putItem({ item: item('A', { fresh: 2 }) });
        expect(await table.getItem({ key: key('A'), consistentRead: true })).toEqual(item('A', { fresh: 2 }));
      }));

      it('stores a copy: changing the caller object afterwards changes nothing', run(async ({ table }) => {
        const mutable: Record<string, string> = { PK: pk, SK: 'A', TYPE: 'RECEIPT', v: 'before' };
        const write = table.putItem({ item: mutable });
        mutable.v = 'after';
        await write;
        expect((await table.getItem({ key: key('A'), consistentRead: true }))?.v).toBe('before');
      }));

      it('attribute_not_exists(PK) admits the first put and rejects the second', run(async ({ table }) => {
        await table.putItem({ item: item('A', { owner: 'first' }), condition: attributeNotExists('PK') });
        const error = await rejection(table.putItem({ item: item('A', { owner: 'second' }), condition: attributeNotExists('PK') }));
        expect(error).toBeInstanceOf(ConditionalCheckFailed);
        expect((await table.getItem({ key: key('A'), consistentRead: true }))?.owner).toBe('first');
      }));

      it('an eventually consistent read sees a write once it has settled', run(async ({ table, settle }) => {
        await table.putItem({ item: item('A', { v: 1 }) });
        await settle();
        expect(await table.getItem({ key: key('A') })).toEqual(item('A', { v: 1 }));
      }));

      it('rejects items without string keys or with a non-string index key', run(async ({ table }) => {
        expect(await rejection(table.putItem({ item: { PK: pk } }))).toBeInstanceOf(ValidationError);
        expect(await rejection(table.putItem({ item: { PK: pk, SK: 7 } }))).toBeInstanceOf(ValidationError);
        expect(await rejection(table.putItem({ item: item('A', { GSI1PK: 3, GSI1SK: 'x' }) }))).toBeInstanceOf(ValidationError);
      }));
    });

    describe('conditions', () => {
      it('compares strings as strings and numbers as numbers', run(async ({ table }) => {
        await table.putItem({ item: item('A', { s: '10', n: 10 }) });
        expect(await holds(table, 'A', compare('s', '<', '9'))).toBe(true);
        expect(await holds(table, 'A', compare('n', '<', 9))).toBe(false);
        expect(await holds(table, 'A', compare('n', '>=', 10))).toBe(true);
        expect(await holds(table, 'A', equals('s', '10'))).toBe(true);
      }));

      it('never orders values of different types; <> holds between them', run(async ({ table }) => {
        await table.putItem({ item: item('A', { s: '10', n: 10 }) });
        expect(await holds(table, 'A', compare('s', '<', 99))).toBe(false);
        expect(await holds(table, 'A', compare('s', '>', 0))).toBe(false);
        expect(await holds(table, 'A', equals('n', '10'))).toBe(false);
        expect(await holds(table, 'A', compare('n', '<>', '10'))).toBe(true);
        expect(await holds(table, 'A', compare('missing', '<', 'z'))).toBe(false);
      }));

      it('evaluates exists, begins_with and the boolean operators', run(async ({ table }) => {
        await table.putItem({ item: item('A', { status: 'VALID', owner: 'me' }) });
        expect(await holds(table, 'A', attributeExists('owner'))).toBe(true);
        expect(await holds(table, 'A', attributeNotExists('heartbeat'))).toBe(true);
        expect(await holds(table, 'A', beginsWith('status', 'VAL'))).toBe(true);
        expect(await holds(table, 'A', beginsWith('status', 'INV'))).toBe(false);
        expect(await holds(table, 'A', and(equals('owner', 'me'), attributeExists('status')))).toBe(true);
        expect(await holds(table, 'A', and(equals('owner', 'me'), attributeExists('nope')))).toBe(false);
        expect(await holds(table, 'A', or(equals('owner', 'you'), equals('status', 'VALID')))).toBe(true);
        expect(await holds(table, 'A', not(equals('owner', 'me')))).toBe(false);
      }));

      it('on a missing item attribute_not_exists holds and comparisons do not', run(async ({ table }) => {
        expect(await holds(table, 'B', compare('expires', '<', 'z'))).toBe(false);
        expect(await table.getItem({ key: key('B'), consistentRead: true })).toBeUndefined();
        expect(await holds(table, 'B', attributeNotExists('PK'))).toBe(true);
      }));

      it('an expiry-guarded put takes over an expired row only', run(async ({ table }) => {
        const guard = (now: string) => or(attributeNotExists('PK'), compare('expires', '<', now));
        await table.putItem({ item: item('LOCK', { owner: 'a', expires: '2025-11-14T10:05:00.000Z' }), condition: guard('2025-11-14T10:00:00.000Z') });
        const early = table.putItem({ item: item('LOCK', { owner: 'b', expires: '2025-11-14T10:09:00.000Z' }), condition: guard('2025-11-14T10:04:59.999Z') });
        expect(await rejection(early)).toBeInstanceOf(ConditionalCheckFailed);
        await table.putItem({ item: item('LOCK', { owner: 'b', expires: '2025-11-14T10:10:00.000Z' }), condition: guard('2025-11-14T10:05:00.001Z') });
        expect((await table.getItem({ key: key('LOCK'), consistentRead: true }))?.owner).toBe('b');
      }));
    });

    describe('updateItem', () => {
      it('applies SET, REMOVE and ADD together and returns the new item when asked', run(async ({ table }) => {
        await table.putItem({ item: item('A', { keep: 1, drop: 2, count: 5 }) });
        const updated = await table.updateItem({
          key: key('A'),
          update: { set: { status: 'DONE' }, remove: ['drop'], add: { count: 2 } },
          returnNew: true,
        });
        expect(updated).toEqual(item('A', { keep: 1, count: 7, status: 'DONE' }));
        expect(await table.getItem({ key: key('A'), consistentRead: true })).toEqual(updated);
      }));

      it('creates a missing item from its key, ADD starting at 0, and returns nothing unless asked', run(async ({ table }) => {
        expect(await table.updateItem({ key: key('NEW'), update: { add: { count: 3 }, set: { s: 'x' } } })).toBeUndefined();
        expect(await table.getItem({ key: key('NEW'), consistentRead: true })).toEqual({ PK: pk, SK: 'NEW', count: 3, s: 'x' });
      }));

      it('changes nothing when its condition fails', run(async ({ table }) => {
        await table.putItem({ item: item('A', { v: 1 }) });
        const error = await rejection(table.updateItem({ key: key('A'), update: { set: { v: 2 } }, condition: equals('v', 0) }));
        expect(error).toBeInstanceOf(ConditionalCheckFailed);
        expect((await table.getItem({ key: key('A'), consistentRead: true }))?.v).toBe(1);
      }));

      it('rejects updates of key attributes and ADD to a non-number', run(async ({ table }) => {
        await table.putItem({ item: item('A', { s: 'text' }) });
        expect(await rejection(table.updateItem({ key: key('A'), update: { set: { SK: 'B' } } }))).toBeInstanceOf(ValidationError);
        expect(await rejection(table.updateItem({ key: key('A'), update: { add: { s: 1 } } }))).toBeInstanceOf(ValidationError);
        expect((await table.getItem({ key: key('A'), consistentRead: true }))?.s).toBe('text');
      }));
    });

    describe('deleteItem', () => {
      it('returns the deleted item, and undefined for a missing one', run(async ({ table }) => {
        await table.putItem({ item: item('A', { v: 1 }) });
        expect(await table.deleteItem({ key: key('A') })).toEqual(item('A', { v: 1 }));
        expect(await table.getItem({ key: key('A'), consistentRead: true })).toBeUndefined();
        expect(await table.deleteItem({ key: key('A') })).toBeUndefined();
      }));

      it('keeps the item when its condition fails', run(async ({ table }) => {
        await table.putItem({ item: item('A', { owner: 'me' }) });
        expect(await rejection(table.deleteItem({ key: key('A'), condition: equals('owner', 'you') }))).toBeInstanceOf(ConditionalCheckFailed);
        expect(await table.getItem({ key: key('A'), consistentRead: true })).toBeDefined();
      }));
    });

    tableQueryCases(run);
    tableBatchCases(run, featureCase(backend, 'transactions'));
    notSupportedCase(backend, 'Table');
  });
}

