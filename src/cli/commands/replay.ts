import { readFileSync } from 'node:fs';
import { checkReproducible } from '../../harness/determinism.js';
import { type RunRequest, type RunResult, runScenario } from '../../harness/runScenario.js';
import type { Scenario } from '../../harness/scenario.js';
import { defaultReportDir, writeRunReport } from '../../report/runReport.js';
import type { RunContext } from '../../report/runSummary.js';
import { type Witness, regressionDir, regressionName, witnessOf, writeWitness } from '../../report/witness.js';
import { witnessReplay } from '../../report/witnessReplay.js';
import { UsageError } from '../../sim/errors.js';
import { type RunToken, decodeToken, encodeToken } from '../../sim/token.js';
import { parseCommandLine, stringOption } from '../args.js';
import { buildId } from '../buildInfo.js';
import type { ScenarioCatalog } from '../catalog.js';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import type { Output } from '../output.js';
import { tokenFor } from '../seedRunner.js';

export const replayHelp = `Usage: receipt-sim replay <token | witness.json> [options]

Reproduces one run exactly from its token (printed by \`run\` and by failing tests),
prints its trace hash and violations, runs it a second time to check it reproduces,
and writes its report folder (path printed on stderr):
  summary.json   scenario, flags, token, hash, steps, violations, fault and model coverage
  trace.jsonl    one JSON object per trace step
  trace.txt      the trace in at most 150 lines: the violation's causal chain and the
                 steps after scheduling choices, other steps elided
  index.html     the report page (open it in a browser; see receipt-sim report --help)
A token from another build is refused. A witness file (scenarios/witnesses/*.json,
test/regressions/*.json) replays on any build: strictly to its hash on the build that
made it, otherwise leniently from its recorded choices; either way it must still break
the invariants it records.

Options:
  --out DIR    write the report into DIR (default reports/<scenario>-<seed>-<hash8>/)
  --no-report  write no report files
  --save       also save the run as a regression: test/regressions/<scenario>-<hash8>.json,
               replayed by npm test (the run must break invariants its scenario expects)
  --json       machine-readable result on stdout
  -h, --help   this text

Paths are relative to the current directory.
Exit codes: 0 the run violates nothing, 1 it violates an invariant, 2 bad token, file
or option, 3 the run does not reproduce (nondeterminism) or the witness is stale.`;

const options = {
  json: { type: 'boolean' },
  save: { type: 'boolean' },
  'no-report': { type: 'boolean' },
  out: { type: 'string' },
} as const;

export async function replayCommand(argv: readonly string[], output: Output, catalog: ScenarioCatalog): Promise<ExitCodeValue> {
  const parsed = parseCommandLine('replay', argv, options);
  if (parsed.values.help === true) {
    output.result(replayHelp);
    return ExitCode.ok;
  }
  const [text, extra] = parsed.positionals;
  if (text === undefined) throw new UsageError('replay needs a token or a witness file: receipt-sim replay <token | witness.json>');
  if (extra !== undefined) throw new UsageError(`replay takes one token, got a second argument "${extra}"`);
  const writeReport = parsed.values['no-report'] !== true;
  const out = stringOption(parsed, 'out');
  if (!writeReport && out !== undefined) throw new UsageError('--out and --no-report exclude each other');
  const save = parsed.values.save === true;
  const source = text.trim().endsWith('.json') ? witnessSource(text.trim(), catalog) : tokenSource(text, catalog);
  const { scenario, token, request } = source;
  const result = await runScenario(request);
  const nondeterminism = await checkReproducible(request, result);
  if (save && nondeterminism === undefined) checkSavable(scenario, result);
  const stale = source.witness === undefined ? undefined : staleWitness(source.witness, result);

  const context: RunContext = {
    scenario: scenario.name,
    profile: token.profile,
    strategy: token.strategy,
    token: source.witness === undefined ? text.trim() : encodeToken(tokenFor(scenario, token.strategy, result, true)),
    build: source.witness === undefined ? token.build : buildId(),
    ...(nondeterminism === undefined ? {} : { nondeterminism }),
  };
  const reportDir = writeReport ? writeRunReport(out ?? defaultReportDir(result, context), result, context) : undefined;
  const witnessPath = save && nondeterminism === undefined ? saveRegression(scenario, token, result) : undefined;
  if (reportDir !== undefined) output.log(`report: ${reportDir}`);
  if (witnessPath !== undefined) output.log(`saved regression: ${witnessPath}`);
  if (save && nondeterminism !== undefined) output.log('not saved: the run does not reproduce');
  if (source.witness !== undefined && !source.witness.sameBuild) {
    output.log(`the witness was made by build ${token.build}; replayed leniently on build ${buildId()} (its recorded choices, as far as the changed code allows)`);
  }

  if (output.json) {
    output.result(
      JSON.stringify(
        {
          scenario: scenario.name,
          seed: token.seed,
          hash: result.hash,
          steps: result.steps,
          schedulingChoices: result.schedulingChoices,
          violations: result.violations,
          nondeterminism: nondeterminism ?? null,
          report: reportDir ?? null,
          regression: witnessPath ?? null,
          staleWitness: stale ?? null,
        },
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
    if (stale !== undefined) output.result(`  STALE WITNESS: ${stale}`);
  }
  if (nondeterminism !== undefined || stale !== undefined) return ExitCode.harness;
  return result.violations.length > 0 ? ExitCode.violation : ExitCode.ok;
}

interface ReplaySource {
  readonly scenario: Scenario;
  readonly token: RunToken;
  readonly request: RunRequest;
  readonly witness?: { readonly witness: Witness; readonly sameBuild: boolean };
}

/** A token must come from this build: its recorded choices replay strictly. */
function tokenSource(text: string, catalog: ScenarioCatalog): ReplaySource {
  const token = decodeToken(text, buildId());
  const scenario = catalog.find(token.scenario);
  const request: RunRequest = {
    scenario,
    seed: token.seed,
    strategy: token.strategy,
    flags: token.flags,
    ...(token.choices === undefined ? {} : { input: { kind: 'recorded' as const, values: token.choices } }),
  };
  return { scenario, token, request };
}

/** A committed witness file replays on any build, per the witness policy (witnessReplay.ts). */
function witnessSource(path: string, catalog: ScenarioCatalog): ReplaySource {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read witness file ${path} (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); give a token or a witness JSON file`);
  }
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { token?: unknown }).token !== 'string') {
    throw new UsageError(`${path} is not a witness file (it has no "token" field); give a token or a file from scenarios/witnesses or test/regressions`);
  }
  const witness = parsed as Witness;
  const token = decodeToken(witness.token);
  const scenario = catalog.find(token.scenario);
  const { request, sameBuild } = witnessReplay(witness, scenario, buildId());
  return { scenario, token, request, witness: { witness, sameBuild } };
}

/** Why a witness no longer shows what it recorded: another hash on its own build, or an invariant it no longer breaks. */
function staleWitness(source: NonNullable<ReplaySource['witness']>, result: RunResult): string | undefined {
  const { witness, sameBuild } = source;
  if (sameBuild && result.hash !== witness.hash) return `on its own build it replays to hash ${result.hash}, not ${witness.hash}`;
  const broken = new Set(result.violations.map((v) => v.invariant));
  const lost = witness.invariants.filter((i) => !broken.has(i));
  if (lost.length === 0) return undefined;
  return `it no longer breaks ${lost.join(', ')}; regenerate witnesses with \`npm run build && npx receipt-sim explore --update-witnesses\``;
}

/** A regression must break something, and only what its scenario expects to break (the witness policy). */
function checkSavable(scenario: Scenario, result: RunResult): void {
  if (result.violations.length === 0) throw new UsageError('--save: the run breaks no invariant, so there is no regression to save');
  const expected = scenario.expectation.kind === 'violates' ? scenario.expectation.invariants : [];
  const unexpected = [...new Set(result.violations.map((v) => v.invariant))].filter((i) => !expected.includes(i));
  if (unexpected.length > 0) {
    throw new UsageError(
      `--save: the run breaks ${unexpected.join(', ')}, which scenario ${scenario.name} does not expect to break; fix the bug or change the scenario's expectation`,
    );
  }
}

/** Saves the run with its recorded choices, so the regression still replays its interleaving after code changes. */
function saveRegression(scenario: Scenario, token: RunToken, result: RunResult): string {
  const withChoices = encodeToken(tokenFor(scenario, token.strategy, result, true));
  return writeWitness(regressionDir, regressionName(scenario.name, result.hash), witnessOf(result, scenario.name, withChoices));
}
