import { describe, expect, it } from 'vitest';
import { buildId } from '../../src/cli/buildInfo.js';
import { main } from '../../src/cli/main.js';
import { encodeToken } from '../../src/sim/token.js';
import { captureCli } from './cliHarness.js';

const cli = captureCli();

const demoToken = (seed: number, build = buildId()): string =>
  encodeToken({ version: 1, build, scenario: 'demo-ledger-blind', profile: 'demo', flags: { guard: 'blindPut' }, seed, strategy: 'random' });

describe('the receipt-sim command', () => {
  it('exits 0 when a holds scenario shows no violation over its seeds', async () => {
    expect(await main(['run', '--scenario', 'demo-ledger', '--seeds', '10', '--seed-base', '1'])).toBe(0);
    expect(cli.stdout()).toMatch(/ok {3}demo-ledger \(holds\): 10 seeds/);
  });

  it('exits 0 for a violates scenario that violates, and prints a replay command that reproduces the hash', async () => {
    expect(await main(['run', '--scenario', 'demo-ledger-blind', '--seeds', '10', '--seed-base', '1', '--json'])).toBe(0);
    const report = JSON.parse(cli.stdout()) as { scenarios: { failures: { token: string; hash: string }[] }[] };
    const failure = report.scenarios[0]!.failures[0]!;
    cli.clear();
    expect(await main(['replay', failure.token, '--json'])).toBe(1);
    expect((JSON.parse(cli.stdout()) as { hash: string }).hash).toBe(failure.hash);
  });

  it('exits 1 when a flag turns a holds scenario into one that violates', async () => {
    expect(await main(['run', '--scenario', 'demo-ledger', '--flag', 'guard=blindPut', '--seeds', '20', '--seed-base', '1'])).toBe(1);
  });

  it.each([
    [['bogus'], /unknown command "bogus"/],
    [['run', '--bogus'], /Unknown option '--bogus'/],
    [['run', '--scenario', 'nope'], /unknown scenario "nope"/],
    [['run', '--scenario', 'demo-ledger', '--flag', 'guard=maybe'], /flag guard must be one of/],
    [['run', '--seeds', 'many'], /--seeds must be an integer/],
    [['run', '--shard', '3/2'], /--shard must be i\/n/],
    [['replay', 'not a token!'], /malformed replay token/],
    [['replay', demoToken(1, 'another-build')], /another-build.*this is build/],
    [['replay', demoToken(1), '--bogus'], /replay: Unknown option '--bogus'/],
    [['replay', demoToken(1), '--out'], /replay: Option '--out <value>' argument missing/],
    [['replay', demoToken(1), '--out', 'somewhere', '--no-report'], /--out and --no-report exclude each other/],
    [['replay', demoToken(1), demoToken(2)], /replay takes one token/],
  ])('exits 2 with a one-line error for bad input %j', async (argv, message) => {
    expect(await main(argv)).toBe(2);
    const error = cli.stderr();
    expect(error).toMatch(message);
    expect(error.trim().split('\n')).toHaveLength(1);
  });

  it('prints help for every command with exit 0', async () => {
    for (const command of ['run', 'replay', 'scenarios']) {
      expect(await main([command, '--help'])).toBe(0);
    }
    expect(cli.stdout()).toContain('Usage: receipt-sim replay <token | witness.json>');
    for (const option of ['--out DIR', '--no-report', '--save']) expect(cli.stdout()).toContain(option);
  });
});
