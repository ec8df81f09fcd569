import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/sim/errors.js';
import { type RunToken, TokenBuildMismatch, decodeToken, encodeToken } from '../../src/sim/token.js';

const tokenArbitrary: fc.Arbitrary<RunToken> = fc.record({
  version: fc.constant(1 as const),
  build: fc.string({ minLength: 1 }),
  scenario: fc.string({ minLength: 1 }),
  profile: fc.string({ minLength: 1 }),
  flags: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())),
  seed: fc.integer({ min: 0, max: 0xffffffff }),
  strategy: fc.constantFrom('random' as const, 'pct' as const, 'replay' as const),
  choices: fc.option(fc.array(fc.nat()), { nil: undefined }),
});

describe('run tokens', () => {
  it('round-trip through base64url', () => {
    fc.assert(
      fc.property(tokenArbitrary, (token) => {
        const text = encodeToken(token);
        expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(decodeToken(text)).toEqual(JSON.parse(JSON.stringify(token)));
      }),
    );
  });

  it('from another build are refused, naming both builds', () => {
    const text = encodeToken({ version: 1, build: 'old-build', scenario: 's', profile: 'p', flags: {}, seed: 1, strategy: 'random' });
    expect(() => decodeToken(text, 'new-build')).toThrow(TokenBuildMismatch);
    expect(() => decodeToken(text, 'new-build')).toThrow(/old-build.*new-build/);
  });

  it.each([
    ['not base64url', 'a token!'],
    ['not JSON', Buffer.from('{{{').toString('base64url')],
    ['not an object', Buffer.from('[1]').toString('base64url')],
    ['a bad seed', Buffer.from(JSON.stringify({ version: 1, build: 'b', scenario: 's', profile: 'p', flags: {}, seed: -1, strategy: 'random' })).toString('base64url')],
    ['bad choices', Buffer.from(JSON.stringify({ version: 1, build: 'b', scenario: 's', profile: 'p', flags: {}, seed: 1, strategy: 'random', choices: [1, 'x'] })).toString('base64url')],
  ])('that are malformed (%s) are a usage error', (_what, text) => {
    expect(() => decodeToken(text)).toThrow(UsageError);
  });
});
