import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { traceJsonLines } from '../../../src/report/traceJsonl.js';
import { captureCli } from '../../cli/cliHarness.js';
import { smallSummary, smallTrace } from './reportFixture.js';

function runFolder(name: string): string {
  const trace = smallTrace();
  mkdirSync(name);
  writeFileSync(join(name, 'summary.json'), JSON.stringify(smallSummary(trace)));
  writeFileSync(join(name, 'trace.jsonl'), traceJsonLines(trace));
  return name;
}

describe('receipt-sim report <run-dir>', () => {
  const cli = captureCli();

  it('renders index.html from the folder’s summary.json and trace.jsonl and prints its path', async () => {
    const dir = runFolder('run');
    expect(await main(['report', dir])).toBe(0);
    const path = resolve(dir, 'index.html');
    expect(cli.stdout().trim()).toBe(path);
    expect(readFileSync(path, 'utf8')).toContain('<h1>seed-pipeline <span class="seed">seed 7</span>');
  });

  it('prints {"report": path} with --json', async () => {
    const dir = runFolder('run');
    expect(await main(['report', dir, '--json'])).toBe(0);
    expect(JSON.parse(cli.stdout())).toEqual({ report: resolve(dir, 'index.html') });
  });

  it.each([
    ['a folder that does not exist', () => 'missing', /missing is not a run folder \(no such directory\)/],
    ['a folder without trace.jsonl', () => { mkdirSync('half'); writeFileSync('half/summary.json', '{}'); return 'half'; }, /half is not a run folder: it has no trace\.jsonl/],
    ['a summary.json that is not JSON', () => { runFolder('bad'); writeFileSync('bad/summary.json', '{'); return 'bad'; }, /bad\/summary\.json is not valid JSON/],
    ['a summary.json without a scenario', () => { runFolder('old'); writeFileSync('old/summary.json', '{"seed":1}'); return 'old'; }, /"scenario" must be a string/],
  ])('exits 2 with a one-line error for %s and writes nothing', async (_, make, message) => {
    const dir = make();
    expect(await main(['report', dir])).toBe(2);
    expect(cli.stderr()).toMatch(message);
    expect(cli.stderr().trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(dir, 'index.html'))).toBe(false);
  });

  it('exits 2 without a folder or with two', async () => {
    expect(await main(['report'])).toBe(2);
    expect(await main(['report', 'a', 'b'])).toBe(2);
  });

  it('is listed in the main help and has its own', async () => {
    await main(['--help']);
    expect(cli.stdout()).toMatch(/^ {2}report {6}/m);
    cli.clear();
    expect(await main(['report', '--help'])).toBe(0);
    expect(cli.stdout()).toContain('Usage: receipt-sim report <run-dir>');
  });
});
