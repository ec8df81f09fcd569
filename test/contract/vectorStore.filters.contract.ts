import { describe, expect } from 'vitest';
import type { Collection, Where } from '../../src/ports/vectorStore.js';
import { type Check, type VectorStorePorts, openWords, record, rejection } from './vectorStore.support.js';

/** Five words with typed metadata; `e` has no `label` key and `d` has no `price`. */
async function receiptWords(ports: VectorStorePorts): Promise<Collection> {
  const { words } = await openWords(ports);
  await words.upsert([
    record('a', 1, { image_id: 'i1', receipt_id: 1, label: 'TOTAL', price: 12.5, validated: true }),
    record('b', 2, { image_id: 'i1', receipt_id: 1, label: 'TAX', price: 1.25, validated: false }),
    record('c', 3, { image_id: 'i1', receipt_id: 2, label: 'TOTAL', price: 30, validated: true }),
    record('d', 4, { image_id: 'i2', receipt_id: 1, label: 'MERCHANT_NAME', validated: false }),
    record('e', 5, { image_id: 'i2', receipt_id: 3, price: 7 }),
  ]);
  return words;
}

/** The `where` filters of Chroma's metadata search. */
export function vectorStoreFilterCases(check: Check): void {
  const cases: readonly (readonly [string, Where, readonly string[]])[] = [
    ['shorthand {key: value} means $eq', { label: 'TOTAL' }, ['a', 'c']],
    ['$eq on a string', { image_id: { $eq: 'i2' } }, ['d', 'e']],
    ['$eq on an integer', { receipt_id: { $eq: 1 } }, ['a', 'b', 'd']],
    ['$eq on a float', { price: { $eq: 1.25 } }, ['b']],
    ['$eq on a boolean, which a number never matches', { validated: true }, ['a', 'c']],
    ['$ne, which also matches records without the key', { label: { $ne: 'TOTAL' } }, ['b', 'd', 'e']],
    ['$gt across integers and floats', { price: { $gt: 7 } }, ['a', 'c']],
    ['$gte', { price: { $gte: 7 } }, ['a', 'c', 'e']],
    ['$lt', { price: { $lt: 7 } }, ['b']],
    ['$lte', { receipt_id: { $lte: 1 } }, ['a', 'b', 'd']],
    ['$in', { label: { $in: ['TAX', 'MERCHANT_NAME'] } }, ['b', 'd']],
    ['$nin, which also matches records without the key', { label: { $nin: ['TOTAL', 'TAX'] } }, ['d', 'e']],
    ['$and', { $and: [{ image_id: 'i1' }, { receipt_id: 1 }] }, ['a', 'b']],
    ['$or', { $or: [{ label: 'TAX' }, { price: { $gt: 20 } }] }, ['b', 'c']],
    ['nested $and inside $or', { $or: [{ $and: [{ image_id: 'i2' }, { receipt_id: 3 }] }, { label: 'TAX' }] }, ['b', 'e']],
    ['a key no record has matches nothing', { nothing: 'x' }, []],
  ];

  describe('where filters', () => {
    for (const [name, where, expected] of cases) {
      check(`${name}: ${JSON.stringify(where)}`, async (ports) => {
        const words = await receiptWords(ports);
        expect((await words.get({ where })).ids).toEqual(expected);
      });
    }

    check('where combines with ids and limit; limit takes the first records in insertion order', async (ports) => {
      const words = await receiptWords(ports);
      expect((await words.get({ ids: ['c', 'b', 'a'], where: { label: 'TOTAL' } })).ids).toEqual(['a', 'c']);
      expect((await words.get({ where: { image_id: 'i1' }, limit: 2 })).ids).toEqual(['a', 'b']);
      expect((await words.get({ ids: ['c', 'b', 'a'], limit: 1 })).ids).toEqual(['a']);
    });

    check('an int-valued key compares with a float operand truncated toward zero, as real Chroma does', async (ports) => {
      const words = await receiptWords(ports);
      expect((await words.get({ where: { receipt_id: 1.5 } })).ids).toEqual(['a', 'b', 'd']);
      expect((await words.get({ where: { receipt_id: { $gte: 2.5 } } })).ids).toEqual(['c', 'e']);
      expect((await words.get({ where: { price: { $gte: 7.5 } } })).ids).toEqual(['a', 'c', 'e']);
      expect((await words.get({ where: { receipt_id: { $in: [0.5, 2] } } })).ids).toEqual(['c']);
    });

    check('a number list that starts with a float reads an integer beyond i64 as a float, as real Chroma does', async (ports) => {
      const words = await receiptWords(ports);
      expect((await words.get({ where: { receipt_id: { $in: [0.5, 2 ** 63] } } })).ids).toEqual([]);
      expect((await words.get({ where: { receipt_id: { $nin: [0.5, 2 ** 63] } } })).ids).toEqual(['a', 'b', 'c', 'd', 'e']);
    });

    check('a where with more than one key, or a malformed operator, is refused', async (ports) => {
      const words = await receiptWords(ports);
      const refused: readonly Where[] = [
        { image_id: 'i1', receipt_id: 1 },
        { $and: [{ image_id: 'i1' }] },
        { price: { $gt: 'x' } as unknown as number },
        { label: { $in: [] } },
        { label: { $like: 'T%' } as unknown as string },
        { label: { $in: ['TAX', 1] } },
        { receipt_id: { $in: [1, 2.5] } },
        { receipt_id: { $gt: 2 ** 63 } },
        { receipt_id: { $in: [2 ** 63, 0.5] } },
        { receipt_id: { $in: [0, 2 ** 63] } },
      ];
      for (const where of refused) expect(await rejection(words.get({ where }))).toBeInstanceOf(Error);
    });
  });
}
