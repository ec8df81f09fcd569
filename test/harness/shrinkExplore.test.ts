import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoLedger, demoLedgerBlind } from '../../scenarios/demoLedger.js';
import type { ScenarioCatalog } from '../../src/cli/catalog.js';
import { main } from '../../src/cli/main.js';
import { bestShrunk, explore, targetFound } from '../../src/harness/explore.js';
import { explorationTarget, explorationTargets } from '../../src/harness/explore/targets.js';
import type { Scenario } from '../../src/harness/scenario.js';
import { readWitnesses } from '../../src/report/witness.js';
import { captureCli } from '../cli/cliHarness.js';

const { mutant: _mutant, ...demoWithoutMutant } = demoLedger;
const plainDemo: Scenario = demoWithoutMutant;
const catalog: ScenarioCatalog = {
  scenarios: [demoLedger, demoLedgerBlind],
  find: (name) => [demoLedger, demoLedgerBlind].find((s) => s.name === name)!,
};

describe('exploration targets', () => {
  it('are the violates scenarios and the mutants of holds scenarios, a mutant running with its one flag changed', () => {
    const targets = explorationTargets([plainDemo, demoLedger, demoLedgerBlind]);
    expect(targets.map((t) => [t.label, t.kind])).toEqual([
      ['demo-ledger with guard=blindPut', 'mutant'],
      ['demo-ledger-blind', 'violates'],
    ]);
    expect(targets[0]!.flags.guard).toBe('blindPut');
    expect(targets[0]!.invariants).toEqual(['noLostUpdates']);
    expect(explorationTarget(plainDemo)).toBeUndefined();
  });
});

describe('explore', () => {
  it('finds every target with each strategy within its budget and shrinks each find', async () => {
    const targets = explorationTargets(catalog.scenarios);
    const report = await explore({ targets, strategies: ['random', 'pct'], seedBase: 7, budgetMs: 20_000, clock: () => performance.now() });
    expect(report.attempts).toHaveLength(4);
    for (const target of targets) {
      expect(targetFound(report, target)).toBe(true);
      const best = bestShrunk(report, target)!;
      expect(best.shrink.after.schedulingChoices).toBeLessThanOrEqual(best.shrink.before.schedulingChoices);
      expect(best.shrink.result.violations.map((v) => v.invariant)).toContain('noLostUpdates');
    }
    for (const attempt of report.attempts) expect(attempt.search.failure!.seed).toBeGreaterThanOrEqual(7);
  });
});

describe('receipt-sim explore', () => {
  const cli = captureCli();

  it('exits 0 when every target is found, with seeds, times and scheduling choices in its JSON summary', async () => {
    expect(await main(['explore', '--budget', '10s', '--seed-base', '3', '--strategy', 'random', '--json'], catalog)).toBe(0);
    const summary = JSON.parse(cli.stdout()) as { seedBase: number; attempts: { scenario: string; kind: string; found: boolean; seedsRun: number; shrink: { before: { schedulingChoices: number }; after: { schedulingChoices: number } } }[]; notFound: string[] };
    expect(summary.seedBase).toBe(3);
    expect(summary.notFound).toEqual([]);
    expect(summary.attempts.map((a) => [a.scenario, a.kind, a.found])).toEqual([
      ['demo-ledger', 'mutant', true],
      ['demo-ledger-blind', 'violates', true],
    ]);
    for (const a of summary.attempts) expect(a.shrink.after.schedulingChoices).toBeLessThanOrEqual(a.shrink.before.schedulingChoices);
    expect(cli.stderr()).toContain('seed base 3');
  });

  it('with --update-witnesses writes the witness of each violates scenario and of each mutant, with its evidence, and removes stale ones', async () => {
    const dir = join(cli.dir(), 'witnesses');
    mkdirSync(dir);
    writeFileSync(join(dir, 'demo-ledger.json'), '{}');
    expect(await main(['explore', '--budget', '10s', '--update-witnesses', '--witness-dir', dir], catalog)).toBe(0);
    const written = readWitnesses(dir);
    expect(written.map((w) => w.file)).toEqual(['demo-ledger-blind.json', 'demo-ledger.mutant.json']);
    const [violates, mutant] = written.map((w) => w.witness);
    expect(violates!.scenario).toBe('demo-ledger-blind');
    expect(violates!.mutant).toBeUndefined();
    expect(mutant!.scenario).toBe('demo-ledger');
    expect(mutant!.mutant).toEqual({ flag: 'guard', value: 'blindPut' });
    for (const witness of [violates!, mutant!]) {
      expect(witness.invariants).toEqual(['noLostUpdates']);
      expect(witness.schedulingChoices).toBeLessThanOrEqual(witness.shrunkFrom!);
      expect(witness.evidence!.violation.invariant).toBe('noLostUpdates');
      expect(witness.evidence!.excerpt.some((line) => line.startsWith('✗ #'))).toBe(true);
    }
    expect(existsSync(join(dir, 'demo-ledger.json'))).toBe(false);
  });

  it('refuses a holds scenario without a mutant, and --witness-dir without --update-witnesses', async () => {
    const plain: ScenarioCatalog = { scenarios: [plainDemo], find: () => plainDemo };
    expect(await main(['explore', '--scenario', 'demo-ledger'], plain)).toBe(2);
    expect(cli.stderr()).toContain('nothing to search for');
    expect(await main(['explore', '--witness-dir', 'x'], catalog)).toBe(2);
  });
});
