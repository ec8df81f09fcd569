import { describe, expect, it } from 'vitest';
import { headPipeline } from '../../scenarios/headPipeline.js';
import { buildId } from '../../src/cli/buildInfo.js';
import { runScenario } from '../../src/harness/runScenario.js';
import { decodeToken } from '../../src/sim/token.js';
import { PropertyFailure, checkProfile, tokenRequest } from './profileProperty.js';

/**
 * The property must be able to fail: the head profile with its lock switched off (lockMode=none, the
 * scenario's mutant: two compactors of one collection each promote a version built on the same old one)
 * fails it, and the failure's tokens, unshrunk and shrunk, replay to the hashes the property saw.
 */
describe('the head-pipeline property with lockMode=none', () => {
  it('fails on a lost update, printing a token, its replay command and the fast-check seed, and both tokens replay to the hashes it reports', async () => {
    const outcome = await checkProfile(headPipeline, { flags: { lockMode: 'none' }, numRuns: 50, shrink: { maxRuns: 15, timeLimitMs: 120_000 } }).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(outcome).toBeInstanceOf(PropertyFailure);
    const failure = outcome as PropertyFailure;
    expect(failure.invariants).toContain('noLostUpdates');
    // Tokens carry thousands of decisions: compare without printing the message on failure.
    expect(failure.message.includes(`npx receipt-sim replay ${failure.token}`)).toBe(true);
    expect(failure.message.includes(`RECEIPT_SIM_TOKEN=${failure.token} npx vitest run test/properties`)).toBe(true);
    expect(failure.message.includes(`RECEIPT_SIM_SEED=${failure.fastCheckSeed}`)).toBe(true);

    const token = decodeToken(failure.token, buildId());
    expect(token.flags.lockMode).toBe('none');
    expect((await runScenario(tokenRequest(headPipeline, token))).hash).toBe(failure.hash);

    expect(failure.shrunk).toBeDefined();
    const shrunk = failure.shrunk!;
    expect(failure.message.includes(`npx receipt-sim replay ${shrunk.token}`)).toBe(true);
    const replayed = await runScenario(tokenRequest(headPipeline, decodeToken(shrunk.token, buildId())));
    expect(replayed.hash).toBe(shrunk.hash);
    expect(replayed.violations.some((v) => failure.invariants.includes(v.invariant))).toBe(true);
  }, 600_000);
});
