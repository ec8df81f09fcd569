import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findScenario } from '../../scenarios/index.js';
import { buildId } from '../../src/cli/buildInfo.js';
import { main } from '../../src/cli/main.js';
import { tokenFor } from '../../src/cli/seedRunner.js';
import { type RunResult, runScenario } from '../../src/harness/runScenario.js';
import { regressionDir, readWitnesses } from '../../src/report/witness.js';
import { witnessReplay } from '../../src/report/witnessReplay.js';
import { decodeToken, encodeToken } from '../../src/sim/token.js';
import { captureCli } from './cliHarness.js';

const cli = captureCli();
const scenario = findScenario('demo-ledger-blind');
let failing: { token: string; result: RunResult };

beforeAll(async () => {
  for (let seed = 1; ; seed++) {
    const result = await runScenario({ scenario, seed, strategy: 'random' });
    if (result.violations.length > 0) {
      failing = { token: encodeToken(tokenFor(scenario, 'random', result, false)), result };
      return;
    }
  }
});

const reportName = (): string => `demo-ledger-blind-${failing.result.seed}-${failing.result.hash.slice(0, 8)}`;

describe('receipt-sim replay reports', () => {
  it('writes index.html, summary.json, trace.jsonl and trace.txt of the reproduced run into reports/<scenario>-<seed>-<hash8>, and nothing else', async () => {
    expect(await main(['replay', failing.token])).toBe(1);
    expect(cli.stderr()).toContain(`report: ${join('reports', reportName())}`);
    expect(readdirSync('reports')).toEqual([reportName()]);
    const dir = join('reports', reportName());
    expect(readdirSync(dir).sort()).toEqual(['index.html', 'summary.json', 'trace.jsonl', 'trace.txt']);

    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Record<string, unknown>;
    expect(summary).toMatchObject({
      scenario: 'demo-ledger-blind',
      seed: failing.result.seed,
      hash: failing.result.hash,
      steps: failing.result.steps,
      token: failing.token,
      replay: `npx receipt-sim replay ${failing.token}`,
      build: buildId(),
      nondeterminism: null,
    });
    expect(summary.violations).toEqual(failing.result.violations);
    expect(summary.faultCoverage).toEqual(failing.result.faults);
    expect(summary).toHaveProperty('modelCoverage');
    expect(summary).toHaveProperty('observations');
    expect((summary.host as { threadId: number }).threadId).toBeTypeOf('number');

    const lines = readFileSync(join(dir, 'trace.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(failing.result.steps);
    const last = JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
    expect(Object.keys(last)).toEqual(['step', 't', 'actor', 'op', 'entities', 'outcome', 'parent', 'events', 'detail', 'hash']);
    expect(last.hash).toBe(failing.result.hash);

    const text = readFileSync(join(dir, 'trace.txt'), 'utf8');
    expect(text).toContain(`hash ${failing.result.hash}`);
    const shows = failing.result.violations[0]!.steps.at(-1)!;
    expect(text).toMatch(new RegExp(`^✗ #${shows} `, 'm'));
  });

  it('with --out writes the report into that folder, replacing an earlier report whole and leaving no temporary folder', async () => {
    mkdirSync('out/run', { recursive: true });
    writeFileSync('out/run/stale.txt', 'from an earlier report');
    expect(await main(['replay', failing.token, '--out', 'out/run'])).toBe(1);
    expect(readdirSync('out')).toEqual(['run']);
    expect(readdirSync('out/run').sort()).toEqual(['index.html', 'summary.json', 'trace.jsonl', 'trace.txt']);
    expect(cli.stderr()).toContain('report: out/run');
  });

  it('with --no-report writes no file', async () => {
    expect(await main(['replay', failing.token, '--no-report'])).toBe(1);
    expect(readdirSync(cli.dir())).toEqual([]);
  });

  it('with --save writes a regression that the regression replay reads and reproduces', async () => {
    expect(await main(['replay', failing.token, '--save', '--no-report'])).toBe(1);
    const file = `demo-ledger-blind-${failing.result.hash.slice(0, 8)}.json`;
    expect(readdirSync(regressionDir)).toEqual([file]);
    expect(cli.stderr()).toContain(`saved regression: ${join(regressionDir, file)}`);

    const [saved] = readWitnesses(regressionDir);
    expect(saved!.witness).toMatchObject({
      scenario: 'demo-ledger-blind',
      hash: failing.result.hash,
      invariants: ['noLostUpdates'],
      schedulingChoices: failing.result.schedulingChoices,
      seed: failing.result.seed,
    });
    expect(decodeToken(saved!.witness.token).choices).toEqual(failing.result.choices);

    const replay = witnessReplay(saved!.witness, scenario, buildId());
    expect(replay.sameBuild).toBe(true);
    expect(replay.request.input?.kind).toBe('recorded');
    expect((await runScenario(replay.request)).hash).toBe(failing.result.hash);
  });

  it('replays a saved regression of another build leniently from its recorded choices', async () => {
    expect(await main(['replay', failing.token, '--save', '--no-report'])).toBe(1);
    const [saved] = readWitnesses(regressionDir);
    const replay = witnessReplay(saved!.witness, scenario, 'another-build');
    expect(replay.sameBuild).toBe(false);
    expect(replay.request.input?.kind).toBe('fastCheck');
    const result = await runScenario(replay.request);
    expect(result.violations.map((v) => v.invariant)).toContain('noLostUpdates');
  });

  it('refuses with --save a run that breaks no invariant, in one line with exit 2, and saves nothing', async () => {
    const holds = findScenario('demo-ledger');
    const result = await runScenario({ scenario: holds, seed: 1, strategy: 'random' });
    expect(result.violations).toEqual([]);
    const token = encodeToken(tokenFor(holds, 'random', result, false));
    expect(await main(['replay', token, '--save'])).toBe(2);
    expect(cli.stderr().trim().split('\n')).toEqual(['receipt-sim: --save: the run breaks no invariant, so there is no regression to save']);
    expect(existsSync(regressionDir)).toBe(false);
  });
});
