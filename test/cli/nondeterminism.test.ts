import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenarios/index.js';
import { main } from '../../src/cli/main.js';
import { tokenFor } from '../../src/cli/seedRunner.js';
import { checkReproducible } from '../../src/harness/determinism.js';
import { runScenario } from '../../src/harness/runScenario.js';
import { encodeToken } from '../../src/sim/token.js';
import { catalogWithNondeterminism, leakyStep, nondeterministicScenario } from '../support/nondeterministicScenario.js';
import { captureCli } from './cliHarness.js';

const cli = captureCli();

describe('nondeterminism detection', () => {
  it('run re-runs a violating seed with the same input and exits 3, naming the first differing step', async () => {
    expect(await main(['run', '--scenario', nondeterministicScenario.name, '--seeds', '1', '--seed-base', '7'], catalogWithNondeterminism)).toBe(3);
    expect(cli.stdout()).toContain(`NONDETERMINISM: a re-run of the same input gave hash`);
    expect(cli.stdout()).toMatch(new RegExp(`first differing step #${leakyStep}: leaky-writer write \\[counter\\] → ok .*"worldsBuilt":\\d+.* vs .*"worldsBuilt":\\d+`));
  });

  it('run --json reports the first differing step of every nondeterministic seed', async () => {
    expect(await main(['run', '--scenario', nondeterministicScenario.name, '--seeds', '3', '--seed-base', '1', '--json'], catalogWithNondeterminism)).toBe(3);
    const report = JSON.parse(cli.stdout()) as { scenarios: { failures: { nondeterminism: { step: number } | null }[] }[] };
    expect(report.scenarios[0]!.failures.map((f) => f.nondeterminism?.step)).toEqual([leakyStep, leakyStep, leakyStep]);
  });

  it('replay exits 3 and its report records the nondeterminism', async () => {
    const result = await runScenario({ scenario: nondeterministicScenario, seed: 1, strategy: 'random' });
    const token = encodeToken(tokenFor(nondeterministicScenario, 'random', result, false));
    expect(await main(['replay', token, '--out', 'report', '--save'], catalogWithNondeterminism)).toBe(3);
    expect(cli.stdout()).toContain(`NONDETERMINISM at step ${leakyStep}`);
    expect(cli.stderr()).toContain('not saved: the run does not reproduce');
    const summary = JSON.parse(readFileSync(join('report', 'summary.json'), 'utf8')) as { nondeterminism: { step: number } };
    expect(summary.nondeterminism.step).toBe(leakyStep);
    expect(readFileSync(join('report', 'trace.txt'), 'utf8')).toContain(`first differing step #${leakyStep}`);
  });

  it('finds nothing when a deterministic scenario is run twice', async () => {
    const request = { scenario: findScenario('demo-ledger-blind'), seed: 3, strategy: 'pct' as const };
    expect(await checkReproducible(request, await runScenario(request))).toBeUndefined();
  });
});
