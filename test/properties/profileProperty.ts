import fc from 'fast-check';
import { describe, it } from 'vitest';
import { buildId } from '../../src/cli/buildInfo.js';
import { tokenFor } from '../../src/cli/seedRunner.js';
import { type RunRequest, type RunResult, runScenario } from '../../src/harness/runScenario.js';
import type { Flags, Scenario, Violation } from '../../src/harness/scenario.js';
import { type ShrinkResult, shrinkFailure } from '../../src/harness/shrink.js';
import type { ChoiceInput } from '../../src/sim/createSimulation.js';
import { type RunToken, decodeToken, encodeToken } from '../../src/sim/token.js';

/**
 * The property every profile scenario must keep: over random seeds, both exploration strategies and
 * fast-check choice lists, no run breaks an invariant outside the scenario's expectation (a `holds`
 * scenario: none at all). fast-check's seed is random on every run; a failure is shrunk on its choice list
 * and reported with its replay token and command and the fast-check seed.
 *
 * Reproduction: `RECEIPT_SIM_TOKEN=<token> npx vitest run test/properties` replays exactly that run (in
 * the file of its scenario); `RECEIPT_SIM_SEED=<n>` fixes fast-check's seed, which repeats the same runs.
 */
export interface ProfilePropertyOptions {
  /** Runs per property (default 50). */
  readonly numRuns?: number;
  /** Flag overrides (a deliberately broken flag). */
  readonly flags?: Flags;
  /** Shrink budget for a failure, or false to report it unshrunk (default 150 runs, 60 s). */
  readonly shrink?: { readonly maxRuns: number; readonly timeLimitMs: number } | false;
}

/** A property failure: what to replay, and what it showed. */
export class PropertyFailure extends Error {
  constructor(
    message: string,
    readonly token: string,
    readonly hash: string,
    /** The invariants the run broke outside the expectation. */
    readonly invariants: readonly string[],
    readonly fastCheckSeed: number | undefined,
    readonly shrunk: { readonly token: string; readonly hash: string; readonly shrink: ShrinkResult } | undefined,
  ) {
    super(message);
    this.name = 'PropertyFailure';
  }
}

interface GeneratedRun {
  readonly seed: number;
  readonly strategy: 'random' | 'pct';
  readonly input: ChoiceInput;
}

const generatedRun: fc.Arbitrary<GeneratedRun> = fc.record({
  seed: fc.integer({ min: 0, max: 0xffffffff }),
  strategy: fc.constantFrom('random' as const, 'pct' as const),
  // Mostly seeded exploration; sometimes a fast-check list (random decisions, then 0: no fault, shortest latency, first actor).
  input: fc.oneof(
    { weight: 3, arbitrary: fc.constant<ChoiceInput>({ kind: 'seed' }) },
    { weight: 1, arbitrary: fc.array(fc.nat(), { maxLength: 3_000, size: 'max' }).map((values): ChoiceInput => ({ kind: 'fastCheck', values })) },
  ),
});

const unexpected = (scenario: Scenario, violations: readonly Violation[]): Violation[] =>
  violations.filter((v) => scenario.expectation.kind === 'holds' || !scenario.expectation.invariants.includes(v.invariant));

const timeoutMs = 600_000;

/** Registers the property (or, with RECEIPT_SIM_TOKEN, the replay of that token) as a vitest case. */
export function profileProperty(scenario: Scenario, options: ProfilePropertyOptions = {}): void {
  const replay = process.env.RECEIPT_SIM_TOKEN;
  describe(`${scenario.name} (${scenario.profile} profile)`, () => {
    if (replay !== undefined && replay !== '') {
      const token = decodeToken(replay, buildId());
      it.runIf(token.scenario === scenario.name)('the run of RECEIPT_SIM_TOKEN breaks no invariant outside the expectation', () => checkToken(scenario, token), timeoutMs);
      return;
    }
    const expected = scenario.expectation.kind === 'holds' ? 'any invariant' : `an invariant other than ${scenario.expectation.invariants.join(', ')}`;
    it(`no run breaks ${expected}, over random seeds, random and PCT scheduling, and fast-check choice lists`, () => checkProfile(scenario, options), timeoutMs);
  });
}

/** Runs the property; rejects with a PropertyFailure naming the first failing run. */
export async function checkProfile(scenario: Scenario, options: ProfilePropertyOptions = {}): Promise<void> {
  const seed = fastCheckSeed();
  let failing: { run: GeneratedRun; result: RunResult } | undefined;
  try {
    await fc.assert(
      fc.asyncProperty(generatedRun, async (run) => {
        const result = await runScenario({ scenario, seed: run.seed, strategy: run.strategy, input: run.input, flags: options.flags });
        if (unexpected(scenario, result.violations).length === 0) return true;
        failing = { run, result };
        return false;
      }),
      // The failing run is shrunk on its choice list below; fast-check's shrinking of the seed would only pick other runs.
      { numRuns: options.numRuns ?? 50, seed, endOnFailure: true },
    );
  } catch (error) {
    if (failing === undefined) throw error;
    throw await propertyFailure(scenario, failing.run, failing.result, seed, options);
  }
}

async function propertyFailure(scenario: Scenario, run: GeneratedRun, result: RunResult, seed: number, options: ProfilePropertyOptions): Promise<PropertyFailure> {
  // A seeded run replays from its seed; a fast-check list from the decisions it drew.
  const token = encodeToken(tokenFor(scenario, run.strategy, result, run.input.kind !== 'seed'));
  const broken = unexpected(scenario, result.violations);
  const invariants = [...new Set(broken.map((v) => v.invariant))].sort();
  const lines = [
    `${scenario.name}: a run broke an invariant the scenario does not expect`,
    ...describeViolations(broken),
    ...replayLines(token),
    `  fast-check seed: ${seed} (RECEIPT_SIM_SEED=${seed} npx vitest run test/properties repeats these runs)`,
  ];
  const shrink = options.shrink ?? { maxRuns: 150, timeLimitMs: 60_000 };
  let shrunk: PropertyFailure['shrunk'];
  if (shrink !== false) {
    const started = performance.now();
    const outcome = await shrinkFailure(scenario, { ...result, strategy: run.strategy }, { targets: invariants, ...shrink, clock: () => performance.now() });
    const shrunkToken = encodeToken(tokenFor(scenario, run.strategy, outcome.result, true));
    shrunk = { token: shrunkToken, hash: outcome.result.hash, shrink: outcome };
    lines.push(
      `  shrunk from ${outcome.before.schedulingChoices} to ${outcome.after.schedulingChoices} scheduling choices (${outcome.runs} runs, ${((performance.now() - started) / 1000).toFixed(1)} s):`,
      ...describeViolations(outcome.result.violations),
      ...replayLines(shrunkToken),
    );
  }
  return new PropertyFailure(lines.join('\n'), token, result.hash, invariants, seed, shrunk);
}

async function checkToken(scenario: Scenario, token: RunToken): Promise<void> {
  const request = tokenRequest(scenario, token);
  const result = await runScenario(request);
  const again = await runScenario(request);
  if (again.hash !== result.hash) throw new Error(`${scenario.name}: the token does not reproduce: hash ${result.hash}, then ${again.hash}`);
  const broken = unexpected(scenario, result.violations);
  if (broken.length === 0) return;
  const text = encodeToken(token);
  throw new PropertyFailure(
    [`${scenario.name}: the run of RECEIPT_SIM_TOKEN broke an invariant the scenario does not expect (hash ${result.hash})`, ...describeViolations(broken), ...replayLines(text)].join('\n'),
    text,
    result.hash,
    [...new Set(broken.map((v) => v.invariant))].sort(),
    undefined,
    undefined,
  );
}

/** The run a token names: its recorded decisions when it has them, its seed and strategy otherwise. */
export function tokenRequest(scenario: Scenario, token: RunToken): RunRequest {
  return {
    scenario,
    seed: token.seed,
    strategy: token.strategy,
    flags: token.flags,
    ...(token.choices === undefined ? {} : { input: { kind: 'recorded' as const, values: token.choices } }),
  };
}

function replayLines(token: string): string[] {
  return [
    `  token: ${token}`,
    `  replay: npx receipt-sim replay ${token}   (after npm run build)`,
    `      or: RECEIPT_SIM_TOKEN=${token} npx vitest run test/properties`,
  ];
}

/** The first violation of each invariant, with the number of others. */
function describeViolations(violations: readonly Violation[]): string[] {
  const invariants = [...new Set(violations.map((v) => v.invariant))];
  return invariants.map((invariant) => {
    const all = violations.filter((v) => v.invariant === invariant);
    const v = all[0]!;
    const more = all.length > 1 ? ` (and ${all.length - 1} more)` : '';
    return `  ${v.invariant} on ${v.entity}: expected ${v.expected}, got ${v.actual} (steps …${v.steps.slice(-5).join(', ')})${more}`;
  });
}

/** RECEIPT_SIM_SEED when set, a fresh random seed otherwise (printed on failure). */
function fastCheckSeed(): number {
  const text = process.env.RECEIPT_SIM_SEED;
  if (text === undefined || text === '') return Math.floor(Math.random() * 0x80000000);
  if (!/^-?\d+$/.test(text)) throw new Error(`RECEIPT_SIM_SEED must be an integer, got "${text}"`);
  return Number(text);
}
