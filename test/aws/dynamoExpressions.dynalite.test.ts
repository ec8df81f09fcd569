import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DynamoTable } from '../../src/adapters/aws/dynamoTable.js';
import { applyUpdate, evaluateCondition, validateCondition, validateUpdate } from '../../src/adapters/memory/dynamodb/expressionEvaluation.js';
import { ConditionalCheckFailed, ValidationError } from '../../src/ports/errors.js';
import { compare, type Condition, type Update } from '../../src/ports/expressions.js';
import type { Item } from '../../src/ports/values.js';
import { attributes, condition, update } from './dynamoArbitraries.js';
import { createLocalTable, localDynamoClient } from './dynamoLocal.js';

/**
 * Differential test of the condition and update semantics: the rendered expression evaluated by
 * dynalite (a conditional UpdateItem through the AWS adapter) against the in-memory table's evaluation
 * of the typed expression, on generated items. A disagreement is a bug in the renderer or in the fake,
 * except where dynalite itself departs from DynamoDB; those departures are pinned by the last cases and
 * kept out of the generated conditions.
 */
type Outcome = { readonly kind: 'holds' | 'fails' | 'invalid' } | { readonly kind: 'item'; readonly item: Item };

let table: DynamoTable;
let serial = 0;

beforeAll(async () => {
  table = await createLocalTable(localDynamoClient(), 'expressions');
});

async function outcomeOf(write: Promise<Item | undefined>): Promise<Outcome> {
  try {
    const item = await write;
    return item === undefined ? { kind: 'holds' } : { kind: 'item', item };
  } catch (error) {
    if (error instanceof ConditionalCheckFailed) return { kind: 'fails' };
    if (error instanceof ValidationError) return { kind: 'invalid' };
    throw error;
  }
}

function memoryOutcome(compute: () => Outcome): Outcome {
  try {
    return compute();
  } catch (error) {
    if (error instanceof ValidationError) return { kind: 'invalid' };
    throw error;
  }
}

/** An ordering comparison (<, <=, >, >=) with a value that is neither a string nor a number. */
function ordersNonScalars(c: Condition): boolean {
  switch (c.kind) {
    case 'compare':
      return c.op !== '=' && c.op !== '<>' && typeof c.value !== 'string' && typeof c.value !== 'number';
    case 'and':
    case 'or':
      return c.conditions.some(ordersNonScalars);
    case 'not':
      return ordersNonScalars(c.condition);
    default:
      return false;
  }
}

async function seeded(item: Item | undefined) {
  const key = { PK: 'DIFF#expressions', SK: `RUN#${++serial}` };
  const stored = item === undefined ? undefined : { ...item, ...key };
  if (stored !== undefined) await table.putItem({ item: stored });
  return { key, stored };
}

describe('condition and update semantics: dynalite against the in-memory table', () => {
  it('a condition holds on dynalite exactly when the fake says it holds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(attributes, { nil: undefined }), condition, async (item, typed: Condition) => {
        fc.pre(!ordersNonScalars(typed));
        const { key, stored } = await seeded(item);
        const actual = await outcomeOf(table.updateItem({ key, update: { set: { probed: true } }, condition: typed }));
        const expected = memoryOutcome(() => {
          validateCondition(typed);
          return { kind: evaluateCondition(typed, stored) ? 'holds' : 'fails' };
        });
        expect(actual).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });

  it('an update leaves on dynalite the item the fake computes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(attributes, { nil: undefined }), update, async (item, typed: Update) => {
        const { key, stored } = await seeded(item);
        const actual = await outcomeOf(table.updateItem({ key, update: typed, returnNew: true }));
        const expected = memoryOutcome(() => {
          validateUpdate(typed);
          return { kind: 'item', item: applyUpdate(stored, key, typed) };
        });
        expect(actual).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });

  describe('where dynalite departs from DynamoDB (and the fake follows DynamoDB)', () => {
    const holdsOn = async (item: Item, typed: Condition) => {
      const { key, stored } = await seeded(item);
      return { dynalite: await outcomeOf(table.updateItem({ key, update: { set: { probed: true } }, condition: typed })), fake: evaluateCondition(typed, stored) };
    };

    it('dynalite orders strings by UTF-16 code units, DynamoDB and the fake by UTF-8 bytes', async () => {
      expect(await holdsOn({ a: '\uff5e' }, compare('a', '<', '😀'))).toEqual({ dynalite: { kind: 'fails' }, fake: true });
    });

    it('dynalite evaluates <, <=, >, >= against NULL, BOOL, lists and maps, which DynamoDB and the fake refuse as invalid', async () => {
      expect(await holdsOn({ a: null }, compare('a', '<=', null))).toEqual({ dynalite: { kind: 'holds' }, fake: false });
      expect(await holdsOn({ a: 'x' }, compare('a', '<', true))).toEqual({ dynalite: { kind: 'fails' }, fake: false });
      expect(() => validateCondition(compare('a', '<', true))).toThrow(ValidationError);
    });
  });
});
