import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExpressionPlaceholders, renderCondition, renderKeyCondition, renderUpdate } from '../../src/adapters/aws/dynamoExpressions.js';
import { evaluateCondition } from '../../src/adapters/memory/dynamodb/expressionEvaluation.js';
import { ValidationError } from '../../src/ports/errors.js';
import { and, attributeExists, equals, not, or } from '../../src/ports/expressions.js';
import { attributes, condition, update } from './dynamoArbitraries.js';
import { ExpressionReader } from './dynamoExpressionParser.js';

describe('DynamoDB expression rendering', () => {
  it('puts every attribute name behind a placeholder, reusing it, and gives every value its own', () => {
    const placeholders = new ExpressionPlaceholders();
    const text = renderCondition(and(equals('status', 'VALID'), or(equals('status', 'PENDING'), not(attributeExists('count')))), placeholders);
    expect(text).toBe('#n0 = :v0 AND (#n0 = :v1 OR NOT (attribute_exists(#n1)))');
    expect(placeholders.fields()).toEqual({
      ExpressionAttributeNames: { '#n0': 'status', '#n1': 'count' },
      ExpressionAttributeValues: { ':v0': 'VALID', ':v1': 'PENDING' },
    });
  });

  it('omits the placeholder fields a request does not use, and renders no update for an empty one', () => {
    const placeholders = new ExpressionPlaceholders();
    expect(renderUpdate({}, placeholders)).toBeUndefined();
    expect(placeholders.fields()).toEqual({});
    renderCondition(attributeExists('PK'), placeholders);
    expect(placeholders.fields()).toEqual({ ExpressionAttributeNames: { '#n0': 'PK' } });
  });

  it('parenthesises only compound operands and NOT, never twice: DynamoDB refuses redundant parentheses', () => {
    const nested = not(not(and(or(and(attributeExists('a')), equals('b', 1)), or(equals('a', 2)))));
    expect(renderCondition(nested, new ExpressionPlaceholders())).toBe('NOT (NOT ((attribute_exists(#n0) OR #n1 = :v0) AND #n0 = :v1))');
  });

  it('refuses conditions DynamoDB cannot express: an empty AND or OR, an empty attribute name', () => {
    expect(() => renderCondition(and(), new ExpressionPlaceholders())).toThrow(ValidationError);
    expect(() => renderCondition(or(), new ExpressionPlaceholders())).toThrow(ValidationError);
    expect(() => renderCondition(attributeExists(''), new ExpressionPlaceholders())).toThrow(ValidationError);
  });

  it('a rendered condition read back under DynamoDB precedence means the same on every item, and uses all its placeholders', () => {
    fc.assert(
      fc.property(condition, fc.option(attributes, { nil: undefined }), (typed, item) => {
        const placeholders = new ExpressionPlaceholders();
        let text: string;
        try {
          text = renderCondition(typed, placeholders);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          return;
        }
        const reader = new ExpressionReader(placeholders.fields());
        const parsed = reader.condition(text);
        reader.finish();
        expect(evaluateCondition(parsed, item)).toBe(evaluateCondition(typed, item));
      }),
      { numRuns: 50 },
    );
  });

  it('a rendered update and key condition read back to the same values', () => {
    fc.assert(
      fc.property(update, fc.constantFrom('beginsWith', 'between', '<', '>='), (typed, op) => {
        const placeholders = new ExpressionPlaceholders();
        const text = renderUpdate(typed, placeholders);
        const sortKey = { name: 'SK', condition: op === 'beginsWith' ? { op, prefix: 'R#' } : op === 'between' ? { op, low: 'A', high: 'B' } : { op, value: 'C' } };
        const key = { partitionKey: { name: 'PK', value: 'IMAGE#1' }, sortKey } as const;
        const keyText = renderKeyCondition(key, placeholders);
        const reader = new ExpressionReader(placeholders.fields());
        expect(text === undefined ? {} : reader.update(text)).toEqual(Object.fromEntries(Object.entries(typed).filter(([, clause]) => Object.keys(clause).length > 0)));
        expect(reader.keyCondition(keyText)).toEqual(key);
        reader.finish();
      }),
      { numRuns: 50 },
    );
  });
});
