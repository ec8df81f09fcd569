import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureCli } from '../cli/cliHarness.js';

describe('receipt-sim soak on the command line', () => {
  const cli = captureCli();

  it('prints its help with exit 0', async () => {
    expect(await main(['soak', '--help'])).toBe(0);
    for (const text of ['--target aws|local', '--max-requests N', '--create-resources', 'client-side write feed', 'not replayable']) expect(cli.stdout()).toContain(text);
  });

  it.each([
    [[], /soak needs --target aws or --target local/],
    [['--target', 'moon'], /--target must be one of aws, local/],
    [['--target', 'local', '--rate', 'fast'], /--rate must be receipts per minute/],
    [['--target', 'local', '--duration', 'long'], /--duration must be a duration/],
    [['--target', 'local', '--profile', 'tomorrow'], /unknown profile "tomorrow"/],
    [['--target', 'aws', '--yes'], /needs --create-resources, or existing --table, --bucket and --queue-prefix/],
  ])('exits 2 with one line for %j', async (argv, message) => {
    expect(await main(['soak', ...argv])).toBe(2);
    expect(cli.stderr()).toMatch(message);
    expect(cli.stderr().trim().split('\n')).toHaveLength(1);
  });
});
