import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const fixtures = join(import.meta.dirname, '../fixtures/forbidden');
const root = join(import.meta.dirname, '../..');

describe('the determinism lint rule', () => {
  const eslint = new ESLint({ cwd: root, ignore: false });

  for (const file of readdirSync(fixtures).sort()) {
    it(`rejects ${file} in simulated code`, async () => {
      const code = readFileSync(join(fixtures, file), 'utf8');
      const [result] = await eslint.lintText(code, { filePath: join(root, 'src/pipeline', file) });
      const determinism = result!.messages.filter((m) =>
        ['no-restricted-properties', 'no-restricted-globals', 'no-restricted-syntax', 'no-restricted-imports'].includes(m.ruleId ?? ''),
      );
      expect(determinism.length).toBeGreaterThan(0);
    });
  }

  it('accepts the same calls in the CLI, which runs outside simulations', async () => {
    const code = readFileSync(join(fixtures, 'dateNow.ts'), 'utf8');
    const [result] = await eslint.lintText(code, { filePath: join(root, 'src/cli/dateNow.ts') });
    expect(result!.messages.filter((m) => m.ruleId === 'no-restricted-properties')).toEqual([]);
  });
});
