import { type BenchSection, type BenchSettings, benchSections } from '../../bench/benchReport.js';
import { round } from '../../bench/goals.js';
import { runBench } from '../../bench/runBench.js';
import { writeBenchReport } from '../../bench/writeBenchReport.js';
import { explorationTarget } from '../../harness/explore/targets.js';
import type { ExplorationTarget } from '../../harness/explore/targets.js';
import { UsageError } from '../../sim/errors.js';
import { durationOption, integerOption, listOption, parseCommandLine, rejectPositionals, stringOption } from '../args.js';
import type { ScenarioCatalog } from '../catalog.js';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import type { Output } from '../output.js';

export const benchHelp = `Usage: receipt-sim bench [options]

Measures the harness and writes reports/bench.json and reports/bench.md (a table of
each goal of issue 6/7 with the measured value, met or not, and the distance to it).
Medians over repetitions; the goals are reported, never asserted. Everything runs in
this one thread, one measurement after another, so figures are per core.

Sections (all by default; rss runs second, on a fresh process):
  throughput     seeds/s and virtual s per wall s on the default scenario
  first-failure  seeds and wall time to the first failure of every violates scenario
                 with uniform random, with PCT, and with the naive baseline: the same
                 world on real timers (1 spec s = 1 ms) with Math.random delays, as a
                 test without this harness runs; a capped search counts as "≥ cap"
  shrink         shrink time and scheduling choices / trace steps before and after
  rss            RSS sampled after each of up to 10,000 seeds of the default scenario

Options:
  --reps R                 repetitions per measurement (default 3)
  --only LIST              sections, comma-separated (e.g. throughput,rss)
  --scenario NAME          a violates scenario for first-failure and shrink (repeatable;
                           default: every violates scenario)
  --throughput-scenario NAME   the default scenario (default head-pipeline)
  --seeds N                throughput seeds per repetition (default 50)
  --cap-seeds C            seeds (naive: runs) per search at most (default 1000)
  --cap-time DURATION      wall time per search at most (default 15s)
  --shrink-time DURATION   wall time per shrink at most (default 10s)
  --rss-seeds N            seeds for RSS (default 10000; --long 100000)
  --rss-time DURATION      time box of the RSS section (default 60m; --long 12h)
  --long                   RSS over 100,000 seeds
  --seed-base B            first seed (default: random, printed)
  --out DIR                where bench.json and bench.md go (default reports)
  --json                   print bench.json on stdout too
  -h, --help               this text

Defaults take about an hour on 2 cores: 10,000 seeds of head-pipeline for RSS (about
40 minutes), then the naive searches, which mostly run until their cap. For a quick
look: --only throughput,first-failure,shrink (15-30 minutes). To judge the 100x goal for one scenario, give the naive baseline room:
  receipt-sim bench --only first-failure --scenario head-pipeline --cap-time 5m

Exit codes: 0 written, 2 usage error, 3 harness error or nondeterminism (written too).`;

const options = {
  reps: { type: 'string' },
  only: { type: 'string' },
  scenario: { type: 'string', multiple: true },
  'throughput-scenario': { type: 'string' },
  seeds: { type: 'string' },
  'cap-seeds': { type: 'string' },
  'cap-time': { type: 'string' },
  'shrink-time': { type: 'string' },
  'rss-seeds': { type: 'string' },
  'rss-time': { type: 'string' },
  long: { type: 'boolean' },
  'seed-base': { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const defaultThroughputScenario = 'head-pipeline';

export async function benchCommand(argv: readonly string[], output: Output, catalog: ScenarioCatalog): Promise<ExitCodeValue> {
  const parsed = parseCommandLine('bench', argv, options);
  if (parsed.values.help === true) {
    output.result(benchHelp);
    return ExitCode.ok;
  }
  rejectPositionals('bench', parsed, '; did you mean --scenario?');
  const long = parsed.values.long === true;
  const throughputScenario = catalog.find(stringOption(parsed, 'throughput-scenario') ?? defaultThroughputScenario);
  const targets = violatesTargets(catalog, listOption(parsed, 'scenario'));
  const settings: BenchSettings = {
    sections: sectionsOption(stringOption(parsed, 'only')),
    reps: integerOption(parsed, 'reps', 1, 1_000) ?? 3,
    seedBase: integerOption(parsed, 'seed-base', 0, 0xffffffff) ?? Math.floor(Math.random() * 0x100000000) >>> 0,
    throughputScenario: throughputScenario.name,
    throughputSeeds: integerOption(parsed, 'seeds', 1, 1_000_000) ?? 50,
    scenarios: targets.map((t) => t.scenario.name),
    capSeeds: integerOption(parsed, 'cap-seeds', 1, 100_000_000) ?? 1_000,
    capMs: positiveDuration(durationOption(parsed, 'cap-time'), 'cap-time') ?? 15_000,
    shrinkMs: positiveDuration(durationOption(parsed, 'shrink-time'), 'shrink-time') ?? 10_000,
    rssSeeds: integerOption(parsed, 'rss-seeds', 1, 100_000_000) ?? (long ? 100_000 : 10_000),
    rssMs: positiveDuration(durationOption(parsed, 'rss-time'), 'rss-time') ?? (long ? 12 * 3_600_000 : 3_600_000),
    long,
  };
  const out = stringOption(parsed, 'out') ?? 'reports';
  output.log(`bench: seed base ${settings.seedBase} (reproduce the seeded parts with --seed-base ${settings.seedBase}); sections ${settings.sections.join(', ')}`);

  const report = await runBench({
    settings,
    throughputScenario,
    targets,
    clock: () => performance.now(),
    startedAt: new Date().toISOString(),
    onEvent: (event) => {
      if (event.type === 'progress') output.progress(event.text);
      else output.log(event.type === 'section' ? `== ${event.section}` : event.text);
    },
  });
  output.endProgress();
  const written = writeBenchReport(out, report);
  output.log(`wrote ${written.json} and ${written.markdown}`);
  if (output.json) output.result(JSON.stringify(report, null, 2));
  else for (const goal of report.goals) output.result(`${goal.met === null ? '–  ' : goal.met ? 'met' : 'no '}  ${goal.goal}: ${goal.measured}${goal.distance === '' ? '' : ` (${goal.distance})`}`);
  const nondeterministic = (report.firstFailure ?? []).some((s) => s.strategies.some((st) => st.samples.some((x) => x.nondeterminism !== undefined)));
  const shrinkErrors = (report.shrink ?? []).some((s) => s.samples.some((x) => x.error !== undefined));
  if (nondeterministic || shrinkErrors) {
    output.log(`bench: ${nondeterministic ? 'a failing run did not reproduce its hash' : 'a shrunk run could not be kept'}; see ${written.json}`);
    return ExitCode.harness;
  }
  output.log(`bench finished in ${round(report.wallMs / 60_000)} min`);
  return ExitCode.ok;
}

function sectionsOption(text: string | undefined): BenchSection[] {
  if (text === undefined) return [...benchSections];
  const names = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = names.filter((n) => !(benchSections as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) {
    throw new UsageError(`--only takes a comma-separated list of ${benchSections.join(', ')}; got "${text}"`);
  }
  return benchSections.filter((s) => names.includes(s));
}

function violatesTargets(catalog: ScenarioCatalog, names: readonly string[]): ExplorationTarget[] {
  const scenarios = names.length === 0 ? catalog.scenarios.filter((s) => s.expectation.kind === 'violates') : names.map((n) => catalog.find(n));
  return scenarios.map((scenario) => {
    const target = explorationTarget(scenario);
    if (scenario.expectation.kind !== 'violates' || target === undefined) {
      throw new UsageError(`--scenario ${scenario.name} is a holds scenario: bench measures the first failure of violates scenarios only`);
    }
    return target;
  });
}

function positiveDuration(ms: number | undefined, name: string): number | undefined {
  if (ms !== undefined && ms <= 0) throw new UsageError(`--${name} must be longer than 0`);
  return ms;
}
