import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/cli/buildInfo.js';
import { committedCatalog } from '../../src/cli/catalog.js';
import { main } from '../../src/cli/main.js';
import { captureCli } from './cliHarness.js';

/**
 * `run --workers N` runs seeds on worker threads. From the TypeScript sources the workers run the compiled
 * copy in dist/ (`npm run build`; `npm ci` builds it through `prepare`), which must be of the same build.
 */
const cli = captureCli();

interface RunJson {
  readonly workers: number;
  readonly scenarios: readonly {
    readonly seedsRun: number;
    readonly budgetExhausted: boolean;
    readonly threadIds: readonly number[];
    readonly hashes: readonly { readonly seed: number; readonly hash: string; readonly threadId: number }[];
    readonly failures: readonly { readonly seed: number; readonly hash: string; readonly token: string; readonly threadId: number }[];
  }[];
}

async function runJson(argv: readonly string[]): Promise<{ readonly exit: number; readonly report: RunJson }> {
  cli.clear();
  const exit = await main(['run', ...argv, '--json']);
  return { exit, report: JSON.parse(cli.stdout()) as RunJson };
}

/** What must not depend on the number of threads: every seed's hash in seed order, and each failure's seed, hash and token. */
function results(report: RunJson): unknown {
  return report.scenarios.map((s) => ({
    seedsRun: s.seedsRun,
    hashes: s.hashes.map(({ seed, hash }) => ({ seed, hash })),
    failures: s.failures.map(({ seed, hash, token }) => ({ seed, hash, token })),
  }));
}

describe('run --workers', () => {
  it('finds the same failing seeds with the same per-seed hashes and tokens on two worker threads as on one thread', async () => {
    const argv = ['--scenario', 'demo-ledger-blind', '--seeds', '40', '--seed-base', '11'];
    const one = await runJson([...argv, '--workers', '1']);
    const two = await runJson([...argv, '--workers', '2']);
    expect(two.exit).toBe(one.exit);
    expect(one.report.scenarios[0]!.failures.length).toBeGreaterThan(0);
    expect(results(two.report)).toEqual(results(one.report));
    expect(one.report.scenarios[0]!.threadIds).toEqual([0]);
    const threads = two.report.scenarios[0]!.threadIds;
    expect(threads).toHaveLength(2);
    expect(threads).not.toContain(0);
    expect(new Set(two.report.scenarios[0]!.hashes.map((h) => h.threadId))).toEqual(new Set(threads));
    expect(two.report.workers).toBe(2);
  });

  it('gives the same hashes and failures for a whole-pipeline scenario, whose violating seeds re-run in their worker', async () => {
    const argv = ['--scenario', '001-labels-without-wait', '--seeds', '6', '--seed-base', '3'];
    const one = await runJson([...argv, '--workers', '1']);
    const two = await runJson([...argv, '--workers', '2']);
    expect(two.exit).toBe(one.exit);
    expect(results(two.report)).toEqual(results(one.report));
    const scenario = two.report.scenarios[0]!;
    for (const failure of scenario.failures) {
      expect(failure.threadId).toBe(scenario.hashes.find((h) => h.seed === failure.seed)!.threadId);
    }
  });

  it('keeps the shard, with more workers than seeds', async () => {
    const shard = ['--scenario', 'demo-ledger-blind', '--seeds', '9', '--seed-base', '5', '--shard', '2/3'];
    const one = await runJson([...shard, '--workers', '1']);
    const many = await runJson([...shard, '--workers', '5']);
    expect(results(many.report)).toEqual(results(one.report));
    expect(many.report.scenarios[0]!.hashes.map((h) => h.seed)).toEqual([6, 9, 12]);
    expect(many.report.scenarios[0]!.threadIds).toHaveLength(3);
  });

  it('runs no seed once the budget is spent, as on one thread', async () => {
    const { report } = await runJson(['--scenario', 'demo-ledger', '--seeds', '5', '--budget', '0ms', '--workers', '2']);
    expect(report.scenarios[0]).toMatchObject({ seedsRun: 0, budgetExhausted: true, threadIds: [] });
  });

  it('runs the compiled worker beside the compiled pool when started as bin/receipt-sim.js', async () => {
    const argv = ['run', '--scenario', 'demo-ledger-blind', '--seeds', '12', '--seed-base', '21', '--json'];
    const child = await promisify(execFile)(process.execPath, [join(packageRoot, 'bin', 'receipt-sim.js'), ...argv, '--workers', '2']);
    const compiled = JSON.parse(child.stdout) as RunJson;
    const { report } = await runJson(argv.slice(1));
    expect(results(compiled)).toEqual(results(report));
    expect(compiled.scenarios[0]!.threadIds).toHaveLength(2);
  });

  it('records in summary.json (--out) which worker thread ran each seed, and at least two threads ran', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'receipt-sim-run-'));
    try {
      cli.clear();
      const argv = ['run', '--scenario', 'demo-ledger-blind', '--seeds', '20', '--seed-base', '31', '--workers', '2', '--out', dir];
      expect(await main(argv)).toBe(0);
      const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as RunJson;
      const scenario = summary.scenarios[0]!;
      expect(summary.workers).toBe(2);
      expect(new Set(scenario.threadIds).size).toBeGreaterThanOrEqual(2);
      expect(new Set(scenario.hashes.map((h) => h.threadId))).toEqual(new Set(scenario.threadIds));
      expect(readdirSync(dir)).toEqual(['summary.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['--workers', '0'], /--workers must be an integer from 1 to 64, got "0"/],
    [['--workers', '1.5'], /--workers must be an integer from 1 to 64, got "1.5"/],
    [['--workers', 'two'], /--workers must be an integer/],
  ])('exits 2 with a one-line error for %j', async (argv, message) => {
    expect(await main(['run', '--scenario', 'demo-ledger', ...argv])).toBe(2);
    expect(cli.stderr()).toMatch(message);
    expect(cli.stderr().trim().split('\n')).toHaveLength(1);
  });

  it('refuses more than one worker for a catalogue handed to main in code, which worker threads cannot load', async () => {
    const catalog = { scenarios: committedCatalog.scenarios, find: (name: string) => committedCatalog.find(name) };
    expect(await main(['run', '--scenario', 'demo-ledger', '--seeds', '2', '--workers', '2'], catalog)).toBe(2);
    expect(cli.stderr()).toMatch(/--workers above 1 needs the committed scenario catalogue/);
    expect(await main(['run', '--scenario', 'demo-ledger', '--seeds', '2', '--workers', '1'], catalog)).toBe(0);
  });

  it('lists --workers in the help of run', async () => {
    expect(await main(['run', '--help'])).toBe(0);
    expect(cli.stdout()).toContain('--workers N');
  });
});
