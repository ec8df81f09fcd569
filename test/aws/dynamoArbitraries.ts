import fc from 'fast-check';
import type { Comparator, Condition, Update } from '../../src/ports/expressions.js';
import type { AttributeValue, Item } from '../../src/ports/values.js';

/**
 * Generators of items, conditions and updates over a few attribute names (two of them DynamoDB reserved
 * words) and values that probe DynamoDB's rules: empty, accented and astral strings, integers and
 * decimals of both signs, booleans, NULL, lists and maps. (No BMP character above U+E000: there
 * dynalite's string order differs from DynamoDB's, see dynamoExpressions.dynalite.test.ts.)
 */
export const attributeNames = ['a', 'b', 'status', 'count'] as const;
const paths = [...attributeNames, 'missing'];

const scalar: fc.Arbitrary<AttributeValue> = fc.oneof(
  fc.constantFrom('', 'a', 'ab', 'B', '10', '9', 'é', '😀'),
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(0.5, -1.25, 10),
  fc.boolean(),
  fc.constant(null),
);

export const attributeValue: fc.Arbitrary<AttributeValue> = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 2 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('x', 'y'), scalar, { maxKeys: 2 }) },
);

export const attributes: fc.Arbitrary<Item> = fc.dictionary(fc.constantFrom(...attributeNames), attributeValue, { maxKeys: 4 });

const path = fc.constantFrom(...paths);
const comparator = fc.constantFrom<Comparator>('=', '<>', '<', '<=', '>', '>=');

export const condition: fc.Arbitrary<Condition> = fc.letrec<{ condition: Condition }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('attributeExists' as const), path }),
    fc.record({ kind: fc.constant('attributeNotExists' as const), path }),
    fc.record({ kind: fc.constant('compare' as const), path, op: comparator, value: attributeValue }),
    fc.record({ kind: fc.constant('beginsWith' as const), path, prefix: fc.constantFrom('', 'a', 'é', '1') }),
    fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), conditions: fc.array(tie('condition'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ kind: fc.constant('not' as const), condition: tie('condition') }),
  ),
})).condition;

export const update: fc.Arbitrary<Update> = fc.record(
  {
    set: fc.dictionary(fc.constantFrom(...attributeNames), attributeValue, { minKeys: 1, maxKeys: 2 }),
    remove: fc.uniqueArray(fc.constantFrom(...attributeNames), { minLength: 1, maxLength: 2 }),
    add: fc.dictionary(fc.constantFrom(...attributeNames), fc.integer({ min: -2, max: 2 }), { minKeys: 1, maxKeys: 2 }),
  },
  { requiredKeys: [] },
);
