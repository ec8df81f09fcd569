import { findScenario } from '../../../scenarios/index.js';
import { checkReproducible } from '../../harness/determinism.js';
import { runScenario } from '../../harness/runScenario.js';
import { UsageError } from '../../sim/errors.js';
import { decodeToken } from '../../sim/token.js';
import { parseCommandLine } from '../args.js';
import { buildId } from '../buildInfo.js';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import type { Output } from '../output.js';

export const replayHelp = `Usage: receipt-sim replay <token> [options]

Reproduces one run exactly from its token (printed by \`run\` and by failing tests)
and prints its trace hash and violations. A token from another build is refused.

Options:
  --json       machine-readable result on stdout
  -h, --help   this text

Exit codes: 0 the run violates nothing, 1 it violates an invariant, 2 bad token,
3 the run does not reproduce (nondeterminism).`;

export async function replayCommand(argv: readonly string[], output: Output): Promise<ExitCodeValue> {
  const parsed = parseCommandLine('replay', argv, { json: { type: 'boolean' } });
  if (parsed.values.help === true) {
    output.result(replayHelp);
    return ExitCode.ok;
  }
  const [text, extra] = parsed.positionals;
  if (text === undefined) throw new UsageError('replay needs a token: receipt-sim replay <token>');
  if (extra !== undefined) throw new UsageError(`replay takes one token, got a second argument "${extra}"`);
  const token = decodeToken(text, buildId());
  const scenario = findScenario(token.scenario);
  const request = {
    scenario,
    seed: token.seed,
    strategy: token.strategy,
    flags: token.flags,
    ...(token.choices === undefined ? {} : { input: { kind: 'recorded' as const, values: token.choices } }),
  };
  const result = await runScenario(request);
  const nondeterminism = await checkReproducible(request, result);
  if (output.json) {
    output.result(
      JSON.stringify(
        { scenario: scenario.name, seed: token.seed, hash: result.hash, steps: result.steps, violations: result.violations, nondeterminism: nondeterminism ?? null },
        null,
        2,
      ),
    );
  } else {
    output.result(`${scenario.name} seed ${token.seed}: hash ${result.hash}, ${result.steps} steps, ${result.violations.length} violations`);
    for (const v of result.violations) {
      output.result(`  ${v.invariant} on ${v.entity}: expected ${v.expected}, got ${v.actual} (steps ${v.steps.join(', ')})`);
    }
    if (nondeterminism !== undefined) {
      output.result(`  NONDETERMINISM at step ${nondeterminism.step}: ${nondeterminism.first} vs ${nondeterminism.second}`);
    }
  }
  if (nondeterminism !== undefined) return ExitCode.harness;
  return result.violations.length > 0 ? ExitCode.violation : ExitCode.ok;
}
