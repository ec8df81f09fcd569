import { describe, expect, it } from 'vitest';
import { parseClaims } from '../../../src/report/verdicts/claimsTable.js';
import { UsageError } from '../../../src/sim/errors.js';

const header = '| # | Claim | Source | Kind | Scenarios | What | Measured |\n|---|---|---|---|---|---|---|\n';

describe('the claims table', () => {
  it('reads each numbered row: claim, source, kind, the backquoted scenario names and what they test; prose is skipped', () => {
    const claims = parseClaims(`# Claims\n\nprose | with a bar\n${header}| 3 | "No race" | 000_x.txt | safe | \`a\`, \`b-c\` | both at once | CONV 3 |\n`, 'claims.md');
    expect(claims).toEqual([{ number: 3, text: '"No race"', source: '000_x.txt', kind: 'safe', scenarios: ['a', 'b-c'], tests: 'both at once' }]);
  });

  it('refuses a row with a missing cell or an unknown kind, naming the line', () => {
    expect(() => parseClaims(`${header}| 1 | x | y | safe | \`a\` | z |\n`, 'claims.md')).toThrow(new UsageError('claims.md:3: a claim row needs 7 cells (#, Claim, Source, Kind, Scenarios, What, Measured), found 6'));
    expect(() => parseClaims(`${header}| 1 | x | y | maybe | \`a\` | z | m |\n`, 'claims.md')).toThrow('claims.md:3: Kind must be safe or risk, found "maybe"');
  });

  it('refuses a claim number used twice', () => {
    const row = '| 1 | x | y | risk | `a` | z | m |\n';
    expect(() => parseClaims(`${header}${row}${row}`, 'claims.md')).toThrow('claims.md: claim 1 appears twice');
  });
});
