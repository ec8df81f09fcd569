import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioCatalog } from '../../scenarios/index.js';
import { type Claim, parseClaims } from '../../src/report/verdicts/claimsTable.js';

/** The invariant names shared by checkers, violations and expectations (issue 4/7 brief). */
const invariantNames = ['snapshotIntegrity', 'noLostUpdates', 'convergence', 'liveness', 'modelConformance'];

const claimRows = parseClaims(readFileSync(new URL('../../scenarios/claims.md', import.meta.url), 'utf8'), 'scenarios/claims.md');
const seedFileOf = (row: Claim): string | undefined => /\b(00\d)_[0-9a-f]{16}\.txt\b/.exec(row.source)?.[1];

describe('the scenario catalogue', () => {
  it('names every scenario once, in kebab-case', () => {
    const names = scenarioCatalog.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('answers a claim of claims.md with every scenario, and names only scenarios that exist there', () => {
    const known = new Set(scenarioCatalog.map((s) => s.name));
    expect(claimRows.length).toBeGreaterThan(0);
    const cited = new Set(claimRows.flatMap((row) => row.scenarios));
    for (const scenario of scenarioCatalog) expect(cited, `no row of claims.md names ${scenario.name}`).toContain(scenario.name);
    for (const name of cited) expect(known, `claims.md names ${name}, which is not in the catalogue`).toContain(name);
  });

  it('gives a scenario named after a seed document a row quoting that document', () => {
    for (const scenario of scenarioCatalog) {
      const number = /^(\d{3})-/.exec(scenario.name)?.[1];
      if (number === undefined) continue;
      const rows = claimRows.filter((row) => row.scenarios.includes(scenario.name));
      expect(rows.map(seedFileOf), `${scenario.name} answers no claim of seed ${number}`).toContain(number);
    }
  });

  it('marks every row that quotes no seed document as our suspicion or a design-doc claim', () => {
    for (const row of claimRows) {
      if (seedFileOf(row) === undefined) expect(row.source).toMatch(/our suspicion|spec §|design\.md/);
    }
  });

  it('gives every holds scenario a one-flag mutant that its flag specifications allow and that changes the flag', () => {
    for (const scenario of scenarioCatalog.filter((s) => s.expectation.kind === 'holds')) {
      const { mutant } = scenario;
      expect(mutant, `${scenario.name} has no mutant`).toBeDefined();
      const spec = scenario.flagSpecs.find((f) => f.name === mutant!.flag);
      expect(spec, `${scenario.name}: mutant flag ${mutant!.flag} is not among its flags`).toBeDefined();
      expect(spec!.allowed).toContain(mutant!.value);
      expect(scenario.flags[mutant!.flag]).not.toBe(mutant!.value);
      expect(mutant!.breaks.length).toBeGreaterThan(0);
      for (const name of mutant!.breaks) expect(invariantNames).toContain(name);
    }
  });

  it('gives every scenario a mechanism that cites a spec section (§), the demo-ledger ones design.md instead', () => {
    for (const scenario of scenarioCatalog) {
      const mechanism = scenario.mechanism?.trim() ?? '';
      expect(mechanism, `${scenario.name} has no mechanism`).not.toBe('');
      // The demonstration world is not the pipeline, so it cites the design document, not the spec.
      const citation = scenario.profile === 'demo' ? /design\.md/ : /§\d/;
      expect(mechanism, `${scenario.name}: its mechanism cites no ${scenario.profile === 'demo' ? 'design.md' : 'spec section'}`).toMatch(citation);
    }
  });

  it('lists only known invariant names in every violates scenario', () => {
    for (const scenario of scenarioCatalog) {
      if (scenario.expectation.kind !== 'violates') continue;
      expect(scenario.expectation.invariants.length, scenario.name).toBeGreaterThan(0);
      for (const name of scenario.expectation.invariants) expect(invariantNames).toContain(name);
    }
  });

  it('declares only flags its flag specifications allow', () => {
    for (const scenario of scenarioCatalog) {
      for (const [name, value] of Object.entries(scenario.flags)) {
        const spec = scenario.flagSpecs.find((f) => f.name === name);
        expect(spec, `${scenario.name}: unknown flag ${name}`).toBeDefined();
        expect(spec!.allowed, `${scenario.name}: ${name}=${String(value)}`).toContain(value);
      }
    }
  });
});
