import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deterministicEmbedding } from '../../../src/pipeline/embedding/deterministicEmbedding.js';

describe('deterministicEmbedding (stand-in for text-embedding-3-small)', () => {
  it('gives the same vector for the same text, of the asked dimension, unit length and float32-exact', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 64 }), (text, dimensions) => {
        const vector = deterministicEmbedding(text, dimensions);
        expect(deterministicEmbedding(text, dimensions)).toEqual(vector);
        expect(vector).toHaveLength(dimensions);
        expect(vector.every((v) => Math.fround(v) === v)).toBe(true);
        expect(Math.abs(Math.hypot(...vector) - 1)).toBeLessThan(1e-6);
      }),
      { numRuns: 50 },
    );
  });

  it('gives different vectors for different texts', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        fc.pre(a !== b);
        expect(deterministicEmbedding(a)).not.toEqual(deterministicEmbedding(b));
      }),
      { numRuns: 50 },
    );
  });

  it('has 16 dimensions by default and supports the 1536 of text-embedding-3-small', () => {
    expect(deterministicEmbedding('TOTAL')).toHaveLength(16);
    expect(deterministicEmbedding('TOTAL', 1536)).toHaveLength(1536);
  });

  it('refuses a dimension that is not a positive integer', () => {
    for (const dimensions of [0, -1, 2.5, Number.NaN]) expect(() => deterministicEmbedding('x', dimensions)).toThrow(RangeError);
  });
});
