import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioCatalog } from '../../../scenarios/index.js';
import { packageRoot } from '../../../src/cli/buildInfo.js';
import { main } from '../../../src/cli/main.js';
import { buildVerdicts, verdictsFile } from '../../../src/report/verdicts/buildVerdicts.js';
import { captureCli } from '../../cli/cliHarness.js';

/**
 * `reports/verdicts.md` is committed: regenerating it from the committed claims, scenarios and witnesses
 * gives the same bytes, and every replay command in it reproduces its witness (this is where `npm test`
 * replays the witnesses: `replay` checks the hash on the witness's own build and the invariants on any).
 */
const committed = readFileSync(join(packageRoot, verdictsFile), 'utf8');
const replays = [...new Set([...committed.matchAll(/`npx receipt-sim replay (\S+\.json)`/g)].map((m) => m[1]!))];

describe('reports/verdicts.md', () => {
  it('is what `receipt-sim verdicts` writes from the committed files', () => {
    expect(buildVerdicts(packageRoot, scenarioCatalog), `${verdictsFile} is out of date: run npx receipt-sim verdicts`).toBe(committed);
  });

  it('gives a verdict on every claim of claims.md', () => {
    const claims = readFileSync(join(packageRoot, 'scenarios/claims.md'), 'utf8').match(/^\|\s*\d+\s*\|/gm) ?? [];
    expect(committed.match(/^### <a id="claim-\d+">/gm)).toHaveLength(claims.length);
    expect(replays.length).toBeGreaterThan(0);
  });
});

describe('every replay command of reports/verdicts.md', () => {
  const cli = captureCli();
  it.each(replays)('npx receipt-sim replay %s breaks what the witness records, reproducibly', async (file) => {
    const code = await main(['replay', join(packageRoot, file), '--no-report']);
    expect(code, `${cli.stdout()}${cli.stderr()}`).toBe(1);
  });
});
