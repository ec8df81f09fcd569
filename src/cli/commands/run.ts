import { join } from 'node:path';
import { judgeOutcome } from '../../harness/outcome.js';
import { resolveFlags } from '../../harness/runScenario.js';
import { findProfile } from '../../harness/profiles.js';
import type { Scenario } from '../../harness/scenario.js';
import { type ObservationSummary, formatObservationSummary, summariseObservations } from '../../harness/world/observationSummary.js';
import { writeFileAtomically } from '../../report/atomicFile.js';
import { UsageError } from '../../sim/errors.js';
import {
  choiceOption,
  durationOption,
  flagOptions,
  integerOption,
  parseCommandLine,
  rejectPositionals,
  shardOption,
  stringOption,
} from '../args.js';
import { type ScenarioCatalog, committedCatalog } from '../catalog.js';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import type { Output } from '../output.js';
import { type SeedRunOptions, type SeedRunSummary, formatProgress, runSeeds } from '../seedRunner.js';
import { SeedPool } from '../workers/seedPool.js';

export const runHelp = `Usage: receipt-sim run [options]

Runs scenarios over many seeds and checks their invariants.
Without --scenario it runs the whole scenario catalogue and exits 0 when every
scenario's outcome matches its expectation (holds / violates).
With --profile it runs the whole pipeline of that profile (its default workload
and faults, with --flag overrides), exits 0 when no seed violates an invariant
and 1 otherwise, and prints what the runs observed.
Every violating seed is run a second time with the same input; a different trace
hash is reported as nondeterminism, naming the first differing step (exit 3).

Options:
  --scenario NAME        run one scenario (see \`receipt-sim scenarios\`)
  --profile seed|head|hardened  run the pipeline scenario of a profile
  --flag name=value      override a flag (repeatable)
  --seeds N              number of seeds (default 200 for one scenario, 50 per catalogue entry)
  --seed-base B          first seed (default: random, printed)
  --seed S               run exactly one seed
  --budget DURATION      stop after this much wall time, e.g. 30s, 5m
  --strategy random|pct  scheduling strategy (default random)
  --shard i/n            keep the seeds whose index ≡ i−1 (mod n)
  --workers N            run seeds on N worker threads (default 1: this thread); same
                         hashes, failing seeds and order as one thread. Only the committed
                         catalogue: a catalogue handed to main() in code needs --workers 1
  --json                 machine-readable summary on stdout
  --out DIR              also write that summary to DIR/summary.json (with each seed's
                         hash and the worker thread that ran it)
  -h, --help             this text

Exit codes: 0 as expected, 1 unexpected violation, 2 usage error, 3 harness error or nondeterminism.`;

const options = {
  scenario: { type: 'string' },
  profile: { type: 'string' },
  flag: { type: 'string', multiple: true },
  seeds: { type: 'string' },
  'seed-base': { type: 'string' },
  seed: { type: 'string' },
  budget: { type: 'string' },
  strategy: { type: 'string' },
  shard: { type: 'string' },
  workers: { type: 'string' },
  json: { type: 'boolean' },
  out: { type: 'string' },
} as const;

/** A ceiling against typos: every worker thread loads its own copy of the catalogue. */
const maxWorkers = 64;

interface ScenarioReport {
  readonly scenario: string;
  readonly expectation: string;
  readonly asExpected: boolean;
  readonly summary: SeedRunSummary;
  readonly observations?: ObservationSummary;
}

export async function runCommand(argv: readonly string[], output: Output, catalog: ScenarioCatalog): Promise<ExitCodeValue> {
  const parsed = parseCommandLine('run', argv, options);
  if (parsed.values.help === true) {
    output.result(runHelp);
    return ExitCode.ok;
  }
  rejectPositionals('run', parsed, '; did you mean --scenario?');
  const strategy = choiceOption(parsed, 'strategy', ['random', 'pct'] as const) ?? 'random';
  const single = integerOption(parsed, 'seed', 0, 0xffffffff);
  const seedBase = single ?? integerOption(parsed, 'seed-base', 0, 0xffffffff) ?? randomSeedBase();
  const name = stringOption(parsed, 'scenario');
  const profileName = stringOption(parsed, 'profile');
  if (name !== undefined && profileName !== undefined) throw new UsageError('--scenario and --profile exclude each other: --profile runs its own pipeline scenario');
  const scenarios: readonly Scenario[] =
    profileName !== undefined ? [profileScenario(catalog, profileName)] : name === undefined ? catalog.scenarios : [catalog.find(name)];
  const flags = flagOptions(parsed);
  if (scenarios.length > 1 && Object.keys(flags).length > 0) throw new UsageError('--flag needs --scenario or --profile');
  const count = single !== undefined ? 1 : (integerOption(parsed, 'seeds', 1, 100_000_000) ?? (scenarios.length > 1 ? 50 : 200));
  const budgetMs = durationOption(parsed, 'budget');
  const shard = shardOption(parsed);
  const workers = integerOption(parsed, 'workers', 1, maxWorkers) ?? 1;
  const outDir = stringOption(parsed, 'out');
  if (workers > 1 && catalog !== committedCatalog) {
    throw new UsageError('--workers above 1 needs the committed scenario catalogue (worker threads load it themselves); use --workers 1');
  }
  const resolvedFlags = scenarios.map((scenario) => resolveFlags(scenario, flags));
  if (!output.json) output.log(`seed base ${seedBase} (reproduce with --seed-base ${seedBase})`);

  const pool = workers > 1 ? new SeedPool(workers) : undefined;
  const run = (seedOptions: SeedRunOptions): Promise<SeedRunSummary> => pool?.run(seedOptions) ?? runSeeds(seedOptions);
  const reports: ScenarioReport[] = [];
  try {
    for (const [index, scenario] of scenarios.entries()) {
      const summary = await run({
        scenario,
        flags: resolvedFlags[index]!,
        strategy,
        seedBase,
        count,
        shard,
        budgetMs: budgetMs === undefined ? undefined : budgetMs / scenarios.length,
        onProgress: (p) => output.progress(`${scenario.name}: ${formatProgress(p)}`),
      });
      output.endProgress();
      const violations = summary.failures.flatMap((f) => f.result.violations);
      // A raw profile run expects no violation at all, whatever its scenario's expectation says.
      const asExpected = profileName === undefined ? judgeOutcome(scenario.expectation, violations).asExpected : violations.length === 0;
      const observations = profileName === undefined ? undefined : summariseObservations(summary.observations);
      reports.push({
        scenario: scenario.name,
        expectation: profileName === undefined ? scenario.expectation.kind : 'no violation',
        asExpected,
        summary,
        ...(observations === undefined ? {} : { observations }),
      });
      if (!output.json) {
        printScenario(output, scenario, summary, asExpected, profileName === undefined ? scenario.expectation.kind : `profile ${profileName}`);
        for (const line of observations === undefined ? [] : formatObservationSummary(observations)) output.result(`     ${line}`);
      }
    }
  } finally {
    await pool?.close();
  }
  const nondeterministic = reports.flatMap((r) => r.summary.failures).filter((f) => f.nondeterminism !== undefined);
  const summaryJson = JSON.stringify({ seedBase, strategy, workers, scenarios: reports.map(jsonReport) }, null, 2);
  if (output.json) output.result(summaryJson);
  if (outDir !== undefined) {
    const path = join(outDir, 'summary.json');
    writeFileAtomically(path, `${summaryJson}\n`);
    if (!output.json) output.result(`summary: ${path}`);
  }
  if (nondeterministic.length > 0) return ExitCode.harness;
  return reports.every((r) => r.asExpected) ? ExitCode.ok : ExitCode.violation;
}

function printScenario(output: Output, scenario: Scenario, summary: SeedRunSummary, asExpected: boolean, label: string): void {
  const seconds = summary.elapsedMs / 1000;
  const rate = summary.seedsRun / Math.max(seconds, 1e-9);
  const virtualRatio = summary.virtualMs / 1000 / Math.max(seconds, 1e-9);
  output.result(
    `${asExpected ? 'ok  ' : 'FAIL'} ${scenario.name} (${label}): ${summary.seedsRun} seeds in ${seconds.toFixed(2)} s = ${rate.toFixed(0)} seeds/s, ` +
      `${summary.steps} steps, ${virtualRatio.toFixed(0)} virtual s per wall s, ${summary.failures.length} violating seeds` +
      (summary.budgetExhausted ? ' (budget reached)' : '') +
      (summary.threadIds.some((id) => id !== 0) ? `, worker threads ${summary.threadIds.join(', ')}` : ''),
  );
  const shown = [...summary.failures.slice(0, 3), ...summary.failures.slice(3).filter((f) => f.nondeterminism !== undefined)];
  for (const failure of shown) {
    const v = failure.result.violations[0]!;
    output.result(`     seed ${failure.seed}: ${v.invariant} on ${v.entity}: expected ${v.expected}, got ${v.actual}`);
    output.result(`     replay: npx receipt-sim replay ${failure.token}`);
    if (failure.nondeterminism !== undefined) {
      const n = failure.nondeterminism;
      output.result(`     NONDETERMINISM: a re-run of the same input gave hash ${n.secondHash} ≠ ${n.firstHash}; first differing step #${n.step}: ${n.first} vs ${n.second}`);
    }
  }
}

function jsonReport(report: ScenarioReport): Record<string, unknown> {
  const s = report.summary;
  return {
    scenario: report.scenario,
    expectation: report.expectation,
    asExpected: report.asExpected,
    seedsRun: s.seedsRun,
    elapsedMs: Math.round(s.elapsedMs),
    steps: s.steps,
    virtualMs: Math.round(s.virtualMs),
    budgetExhausted: s.budgetExhausted,
    threadIds: s.threadIds,
    ...(report.observations === undefined ? {} : { observations: report.observations }),
    hashes: s.hashes,
    failures: s.failures.map((f) => ({
      seed: f.seed,
      hash: f.hash,
      token: f.token,
      violations: f.result.violations,
      nondeterminism: f.nondeterminism ?? null,
      threadId: f.threadId,
    })),
  };
}

/** The pipeline scenario of a profile (`seed-pipeline`, `head-pipeline`, `hardened-pipeline`). */
function profileScenario(catalog: ScenarioCatalog, name: string): Scenario {
  const profile = findProfile(name);
  return catalog.find(`${profile.name}-pipeline`);
}

function randomSeedBase(): number {
  return Math.floor(Math.random() * 0xffffffff) >>> 0;
}
