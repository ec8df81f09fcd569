import fc from 'fast-check';
import type { Decision } from '../sim/choices/choiceSource.js';
import type { Simulation } from '../sim/simulation.js';
import type { StrategyName } from '../sim/strategies/strategy.js';
import { ChoiceListArbitrary } from './explore/choiceList.js';
import { type RunResult, runScenario } from './runScenario.js';
import type { Flags, Scenario, Violation } from './scenario.js';

/**
 * Shrinks a failing run with fast-check. The run's recorded decisions become the example a fast-check
 * property starts from; the property runs a candidate list as a `fastCheck` choice input and fails while
 * the run still breaks one of the target invariants. Workload, faults, latencies and scheduling are all
 * draws from the one decision stream, so shrinking the list shrinks them together.
 *
 * A candidate counts only if it breaks nothing the failing run did not break, breaks no more invariants
 * outside the targets than the best run so far, and (breaking as many) takes no more scheduling choices:
 * the aim is a run that shows the target alone in an interleaving a person can read, and a list with
 * smaller values is not always one (decisions of 0 make every latency minimal, which puts more actors in
 * the same scheduling window).
 *
 * The decisions the shrunk run actually drew (each value modulo its options, 0 past the end) are kept,
 * so its token replays strictly (`recorded`); one more run replays them strictly and checks the hash.
 */
export interface FailingRun {
  readonly seed: number;
  readonly strategy: StrategyName;
  readonly flags: Flags;
  /** The decisions the failing run drew (`RunResult.choices`). */
  readonly choices: readonly number[];
  readonly violations: readonly Violation[];
  readonly schedulingChoices: number;
  /** Its trace hash, which the strict replay of its decisions must reproduce if nothing shrinks. */
  readonly hash?: string;
}

export interface ShrinkOptions {
  /** The shrunk run must break at least one of these; default: every invariant the failing run broke. */
  readonly targets?: readonly string[];
  /** Largest number of candidate runs (default 300). */
  readonly maxRuns?: number;
  /** Wall-time budget in milliseconds, measured with `clock` (none without a clock). */
  readonly timeLimitMs?: number;
  /** Wall clock in milliseconds (e.g. `performance.now`); the harness itself reads no clock. */
  readonly clock?: () => number;
  readonly onProgress?: (progress: ShrinkProgress) => void;
}

export interface ShrinkProgress {
  readonly runs: number;
  readonly schedulingChoices: number;
  readonly choices: number;
}

export interface ShrinkResult {
  /** The shrunk run, replayed from its recorded decisions; `choices` drops trailing zeros (0 past the end). */
  readonly result: RunResult;
  readonly before: { readonly schedulingChoices: number; readonly choices: number };
  readonly after: { readonly schedulingChoices: number; readonly choices: number };
  /** Candidate runs tried. */
  readonly runs: number;
  /** True when the run or time budget stopped fast-check before it ran out of candidates. */
  readonly budgetExhausted: boolean;
}

export class ShrinkError extends Error {}

const defaultMaxRuns = 300;

export async function shrinkFailure(scenario: Scenario, failing: FailingRun, options: ShrinkOptions = {}): Promise<ShrinkResult> {
  const broken = new Set(failing.violations.map((v) => v.invariant));
  const targets = options.targets ?? [...broken];
  if (!targets.some((t) => broken.has(t))) {
    throw new ShrinkError(`the failing run breaks ${[...broken].join(', ') || 'nothing'}, none of ${targets.join(', ')}`);
  }
  const maxRuns = options.maxRuns ?? defaultMaxRuns;
  const { clock, timeLimitMs } = options;
  const started = clock?.();
  const overTime = (): boolean => clock !== undefined && timeLimitMs !== undefined && clock() - started! >= timeLimitMs;

  const example = withoutTrailingZeros(failing.choices);
  const others = (violations: readonly Violation[]): number => new Set(violations.map((v) => v.invariant).filter((i) => !targets.includes(i))).size;
  let best: { values: number[]; others: number; schedulingChoices: number; drawn: readonly number[]; hash: string | undefined } = {
    values: example,
    others: others(failing.violations),
    schedulingChoices: failing.schedulingChoices,
    drawn: failing.choices,
    hash: failing.hash,
  };
  let runs = 0;
  let budgetExhausted = false;
  const decisions = new WeakMap<readonly number[], readonly Decision[]>();
  const run = async (values: readonly number[]): Promise<RunResult> => {
    let sim: Simulation | undefined;
    const observed: Scenario = { ...scenario, build: (s, flags) => ((sim = s), scenario.build(s, flags)) };
    const result = await runScenario({ scenario: observed, seed: failing.seed, strategy: failing.strategy, flags: failing.flags, input: { kind: 'fastCheck', values } });
    if (sim !== undefined) decisions.set(values, sim.choices.log);
    return result;
  };

  const spent = (): boolean => {
    budgetExhausted ||= runs >= maxRuns || overTime();
    return budgetExhausted;
  };
  const stillFails = async (values: number[]): Promise<boolean> => {
    if (spent()) return false;
    runs++;
    let result: RunResult;
    try {
      result = await run(values);
    } catch {
      // A list the harness cannot run to the end (e.g. one that livelocks past the step budget) is no counterexample.
      return false;
    }
    const invariants = result.violations.map((v) => v.invariant);
    const extra = others(result.violations);
    const fails =
      invariants.some((i) => targets.includes(i)) &&
      invariants.every((i) => broken.has(i)) &&
      (extra < best.others || (extra === best.others && result.schedulingChoices <= best.schedulingChoices));
    if (fails) {
      best = { values, others: extra, schedulingChoices: result.schedulingChoices, drawn: result.choices, hash: result.hash };
      options.onProgress?.({ runs, schedulingChoices: result.schedulingChoices, choices: values.length });
    }
    return fails;
  };

  const maxValue = example.reduce((max, v) => Math.max(max, v), 0x7fffffff);
  const choiceLists = new ChoiceListArbitrary(maxValue, Math.max(example.length, 1), (values) => decisions.get(values), spent);
  await fc.check(
    fc.asyncProperty(choiceLists, async (values) => !(await stillFails(values))),
    { examples: [[example]], numRuns: 1, seed: failing.seed | 0 },
  );

  const recorded = withoutTrailingZeros(best.drawn);
  const replayed = await runScenario({
    scenario,
    seed: failing.seed,
    strategy: failing.strategy,
    flags: failing.flags,
    input: { kind: 'recorded', values: recorded },
  });
  if (best.hash !== undefined && replayed.hash !== best.hash) {
    throw new ShrinkError(`the shrunk run does not replay from its recorded decisions: hash ${replayed.hash} ≠ ${best.hash}`);
  }
  if (!replayed.violations.some((v) => targets.includes(v.invariant))) {
    throw new ShrinkError('the shrunk run no longer breaks a target invariant when re-run');
  }
  return {
    result: { ...replayed, choices: recorded },
    before: { schedulingChoices: failing.schedulingChoices, choices: failing.choices.length },
    after: { schedulingChoices: replayed.schedulingChoices, choices: recorded.length },
    runs,
    budgetExhausted,
  };
}

function withoutTrailingZeros(values: readonly number[]): number[] {
  let end = values.length;
  while (end > 0 && values[end - 1] === 0) end--;
  return values.slice(0, end);
}
