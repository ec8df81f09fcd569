import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipelineFlagSpecs } from '../src/harness/profiles.js';
import { faultNames } from '../src/sim/faults/catalog.js';

const readme = readFileSync(join(import.meta.dirname, '../README.md'), 'utf8');

describe('the README', () => {
  it('opens with the setup-and-run command and the test command', () => {
    const firstBlock = readme.split('```')[1] ?? '';
    expect(firstBlock).toContain('npm install && npx receipt-sim run');
    expect(firstBlock).toContain('npm test');
  });

  it('has a row for every fault option', () => {
    for (const name of faultNames) expect(readme).toContain(`| \`${name}\` |`);
  });

  it('has a row for every pipeline flag', () => {
    for (const flag of pipelineFlagSpecs) expect(readme).toContain(`| \`${flag.name}\` |`);
  });
});
