import { describe, expect, it } from 'vitest';
import { demoLedger, demoLedgerBlind } from '../../../scenarios/demoLedger.js';
import type { Scenario } from '../../../src/harness/scenario.js';
import type { Claim } from '../../../src/report/verdicts/claimsTable.js';
import { judgeClaim } from '../../../src/report/verdicts/judgeClaim.js';
import type { Witness } from '../../../src/report/witness.js';

const scenarios: readonly Scenario[] = [demoLedger, demoLedgerBlind];
const named = (name: string): Scenario => scenarios.find((s) => s.name === name)!;
const claim = (kind: Claim['kind'], ...names: string[]): Claim => ({ number: 1, text: 'a claim', source: 'x.txt', kind, scenarios: names, tests: '' });
const witness = (scenario: string, invariants: string[]): Witness => ({ scenario, token: 't', hash: 'h', invariants, schedulingChoices: 3, seed: 1 });
const witnesses: Readonly<Record<string, Witness>> = {
  'demo-ledger-blind.json': witness('demo-ledger-blind', ['noLostUpdates']),
  'demo-ledger.mutant.json': { ...witness('demo-ledger', ['noLostUpdates']), mutant: { flag: 'guard', value: 'blindPut' } },
};
const all = (file: string): Witness | undefined => witnesses[file];
const none = (): Witness | undefined => undefined;

describe('the verdict on a claim', () => {
  it('refutes a safe claim and confirms a risk claim that a violating scenario with a witness answers', () => {
    expect(judgeClaim(claim('safe', 'demo-ledger', 'demo-ledger-blind'), named, all).verdict).toBe('refuted');
    expect(judgeClaim(claim('risk', 'demo-ledger-blind'), named, all).verdict).toBe('confirmed');
  });

  it('confirms a safe claim and refutes a risk claim whose scenarios all hold, citing the mutant witness', () => {
    const safe = judgeClaim(claim('safe', 'demo-ledger'), named, all);
    expect(safe.verdict).toBe('confirmed');
    expect(safe.evidence[0]!.witness?.file).toBe('demo-ledger.mutant.json');
    expect(judgeClaim(claim('risk', 'demo-ledger'), named, all).verdict).toBe('refuted');
  });

  it('leaves a claim without scenarios not tested, and one whose violating scenarios lack witnesses unresolved', () => {
    expect(judgeClaim(claim('safe'), named, all).verdict).toBe('not tested');
    expect(judgeClaim(claim('risk', 'demo-ledger-blind'), named, none).verdict).toBe('unresolved');
  });

  it('rests on the Chroma model when every witness breaks only snapshot-judged invariants, or when it rests on scenarios holding', () => {
    expect(judgeClaim(claim('risk', 'demo-ledger-blind'), named, all).restsOnChroma).toBe(true);
    expect(judgeClaim(claim('safe', 'demo-ledger'), named, all).restsOnChroma).toBe(true);
    const liveness = (): Witness => witness('demo-ledger-blind', ['liveness', 'noLostUpdates']);
    expect(judgeClaim(claim('risk', 'demo-ledger-blind'), named, liveness).restsOnChroma).toBe(false);
    expect(judgeClaim(claim('safe'), named, all).restsOnChroma).toBe(false);
  });
});
