import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BenchReport } from '../../src/bench/benchReport.js';
import { main } from '../../src/cli/main.js';
import { captureCli } from '../cli/cliHarness.js';

const tiny = ['--throughput-scenario', 'demo-ledger', '--scenario', 'demo-ledger-blind', '--seeds', '5', '--reps', '2', '--cap-time', '10s', '--shrink-time', '2s', '--rss-seeds', '30', '--seed-base', '1'];

describe('receipt-sim bench', () => {
  const cli = captureCli();

  it('writes reports/bench.json and reports/bench.md with every section and every goal, and exits 0', async () => {
    expect(await main(['bench', ...tiny])).toBe(0);
    const report = JSON.parse(readFileSync(join(cli.dir(), 'reports', 'bench.json'), 'utf8')) as BenchReport;
    expect(report.settings).toMatchObject({ reps: 2, seedBase: 1, throughputScenario: 'demo-ledger', scenarios: ['demo-ledger-blind'], sections: ['throughput', 'first-failure', 'shrink', 'rss'] });
    expect(report.throughput?.reps).toHaveLength(2);
    expect(report.throughput?.seedsPerSecondPerCore).toBeGreaterThan(0);
    expect(report.throughput?.virtualSecondsPerWallSecond).toBeGreaterThan(0);
    const [blind] = report.firstFailure!;
    expect(blind!.scenario).toBe('demo-ledger-blind');
    expect(blind!.strategies.map((s) => s.strategy)).toEqual(['random', 'pct', 'naive']);
    for (const strategy of blind!.strategies) {
      expect(strategy.samples).toHaveLength(2);
      expect(strategy.medianSeeds.value).toBeGreaterThanOrEqual(1);
    }
    const [shrink] = report.shrink!;
    expect(shrink!.samples.length + shrink!.notFound).toBe(2);
    expect(report.rss).toMatchObject({ scenario: 'demo-ledger', seedsAsked: 30, seedsRun: 30, timeBoxed: false });
    expect(report.rss!.peakBytes).toBeGreaterThanOrEqual(report.rss!.endBytes);
    expect(report.goals.map((g) => g.id)).toEqual(['seeds-per-second', 'virtual-time', 'first-failure', 'naive-speedup', 'shrunk-length', 'flat-rss']);
    const markdown = readFileSync(join(cli.dir(), 'reports', 'bench.md'), 'utf8');
    for (const heading of ['## Goals', '## Throughput', '## First failure', '## Shrink', '## RSS']) expect(markdown).toContain(heading);
    expect(markdown).toContain('| demo-ledger-blind |');
    expect(existsSync(join(cli.dir(), 'reports', 'bench.json.tmp'))).toBe(false);
  });

  it('runs only the sections named by --only and leaves the goals of the others unmeasured', async () => {
    expect(await main(['bench', ...tiny, '--only', 'throughput', '--json'])).toBe(0);
    const report = JSON.parse(cli.stdout()) as BenchReport;
    expect(report.throughput).toBeDefined();
    expect(report.firstFailure).toBeUndefined();
    expect(report.rss).toBeUndefined();
    expect(report.goals.find((g) => g.id === 'flat-rss')).toMatchObject({ measured: 'not measured', met: null });
  });

  it.each([
    [['--only', 'speed']],
    [['--scenario', 'demo-ledger']],
    [['--cap-time', '0s']],
    [['--reps', '0']],
  ])('rejects %j as a usage error (exit 2)', async (extra) => {
    expect(await main(['bench', '--only', 'throughput', ...extra])).toBe(2);
    expect(cli.stderr()).toMatch(/receipt-sim: /);
  });
});
