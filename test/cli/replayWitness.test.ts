import { existsSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { findScenario } from '../../scenarios/index.js';
import { buildId } from '../../src/cli/buildInfo.js';
import { main } from '../../src/cli/main.js';
import { tokenFor } from '../../src/cli/seedRunner.js';
import { type RunResult, runScenario } from '../../src/harness/runScenario.js';
import { type Witness, witnessOf } from '../../src/report/witness.js';
import { decodeToken, encodeToken } from '../../src/sim/token.js';
import { captureCli } from './cliHarness.js';

const cli = captureCli();
const scenario = findScenario('demo-ledger-blind');
let failing: RunResult;

beforeAll(async () => {
  for (let seed = 1; ; seed++) {
    failing = await runScenario({ scenario, seed, strategy: 'random' });
    if (failing.violations.length > 0) return;
  }
});

function witnessFile(change: (witness: Witness) => Witness = (w) => w): string {
  const witness = witnessOf(failing, scenario.name, encodeToken(tokenFor(scenario, 'random', failing, true)));
  writeFileSync('witness.json', JSON.stringify(change(witness)));
  return 'witness.json';
}

describe('receipt-sim replay <witness.json>', () => {
  it('replays a witness of this build to its hash and exits 1 for its violation', async () => {
    expect(await main(['replay', witnessFile(), '--no-report'])).toBe(1);
    expect(cli.stdout()).toContain(`hash ${failing.hash}`);
    expect(cli.stderr()).not.toContain('leniently');
  });

  it('replays a witness of another build leniently from its recorded choices, where it must still break its invariants', async () => {
    const otherBuild = (w: Witness): Witness => ({ ...w, token: encodeToken({ ...decodeToken(w.token), build: 'another-build' }) });
    expect(await main(['replay', witnessFile(otherBuild), '--no-report'])).toBe(1);
    expect(cli.stderr()).toContain(`made by build another-build; replayed leniently on build ${buildId()}`);
    expect(cli.stdout()).toContain('noLostUpdates');
  });

  it('exits 3 naming the invariant a stale witness no longer breaks', async () => {
    expect(await main(['replay', witnessFile((w) => ({ ...w, invariants: [...w.invariants, 'convergence'] })), '--no-report'])).toBe(3);
    expect(cli.stdout()).toContain('STALE WITNESS: it no longer breaks convergence');
  });

  it('exits 3 when a witness replays to another hash on its own build', async () => {
    expect(await main(['replay', witnessFile((w) => ({ ...w, hash: '0'.repeat(16) })), '--no-report'])).toBe(3);
    expect(cli.stdout()).toContain(`STALE WITNESS: on its own build it replays to hash ${failing.hash}`);
  });

  it('refuses a missing or malformed witness file with exit 2 and writes no report', async () => {
    expect(await main(['replay', 'missing.json'])).toBe(2);
    expect(cli.stderr()).toContain('cannot read witness file missing.json');
    writeFileSync('other.json', '{"hash":"x"}');
    expect(await main(['replay', 'other.json'])).toBe(2);
    expect(cli.stderr()).toContain('other.json is not a witness file');
    expect(existsSync('reports')).toBe(false);
  });
});
