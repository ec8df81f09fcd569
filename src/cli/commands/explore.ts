import { readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { type ExploreAttempt, type ExploreEvent, type ExploreReport, bestShrunk, explore, targetFound } from '../../harness/explore.js';
import { type ExplorationTarget, explorationTarget, explorationTargets } from '../../harness/explore/targets.js';
import { type Witness, scenarioWitnessDir, witnessName, witnessOf, writeWitness } from '../../report/witness.js';
import { witnessEvidence } from '../../report/witnessEvidence.js';
import { UsageError } from '../../sim/errors.js';
import type { StrategyName } from '../../sim/strategies/strategy.js';
import { encodeToken } from '../../sim/token.js';
import { choiceOption, durationOption, integerOption, parseCommandLine, rejectPositionals, stringOption } from '../args.js';
import { buildId, computeBuildId, packageRoot } from '../buildInfo.js';
import type { ScenarioCatalog } from '../catalog.js';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import type { Output } from '../output.js';
import { tokenFor } from '../seedRunner.js';

export const exploreHelp = `Usage: receipt-sim explore [options]

Searches from scratch, within a wall-time budget, for a failure of every \`violates\`
scenario (one of its expected invariants breaks) and of the one-flag mutant of every
\`holds\` scenario, with each strategy; shrinks each failure with fast-check and prints
seeds and wall time to the first failure and the scheduling choices before and after
shrinking. Seeds start at a fresh random base (printed) unless --seed-base is given.
The searches share three quarters of the budget, the shrinks what is left of it.

Options:
  --budget DURATION        total wall time, e.g. 30s, 3m (default 3m)
  --scenario NAME          explore one scenario (violates, or holds with a mutant)
  --strategy random|pct|both   scheduling strategy (default both)
  --seed-base B            first seed (default: random, printed)
  --update-witnesses       write scenarios/witnesses/<scenario>.json for each violates
                           scenario found and <scenario>.mutant.json for each mutant
                           found (the shrunk run with the fewest scheduling choices);
                           with the whole catalogue also remove stale witness files
  --witness-dir DIR        where --update-witnesses writes (default: the package's
                           scenarios/witnesses)
  --json                   machine-readable summary on stdout
  -h, --help               this text

Exit codes: 0 every violates scenario and every mutant was found, 1 some were not,
2 usage error, 3 harness error or nondeterminism.`;

const options = {
  budget: { type: 'string' },
  scenario: { type: 'string' },
  strategy: { type: 'string' },
  'seed-base': { type: 'string' },
  'update-witnesses': { type: 'boolean' },
  'witness-dir': { type: 'string' },
  json: { type: 'boolean' },
} as const;

export async function exploreCommand(argv: readonly string[], output: Output, catalog: ScenarioCatalog): Promise<ExitCodeValue> {
  const parsed = parseCommandLine('explore', argv, options);
  if (parsed.values.help === true) {
    output.result(exploreHelp);
    return ExitCode.ok;
  }
  rejectPositionals('explore', parsed, '; did you mean --scenario?');
  const budgetMs = durationOption(parsed, 'budget') ?? 180_000;
  const strategyOption = choiceOption(parsed, 'strategy', ['random', 'pct', 'both'] as const) ?? 'both';
  const strategies: StrategyName[] = strategyOption === 'both' ? ['random', 'pct'] : [strategyOption];
  const seedBase = integerOption(parsed, 'seed-base', 0, 0xffffffff) ?? Math.floor(Math.random() * 0x100000000) >>> 0;
  const updateWitnesses = parsed.values['update-witnesses'] === true;
  if (!updateWitnesses && stringOption(parsed, 'witness-dir') !== undefined) throw new UsageError('--witness-dir needs --update-witnesses');
  const name = stringOption(parsed, 'scenario');
  const targets = name === undefined ? explorationTargets(catalog.scenarios) : [singleTarget(catalog, name)];
  if (updateWitnesses && buildId() !== computeBuildId()) {
    throw new UsageError('the compiled CLI is older than the sources, so its witnesses would carry a stale build id: run `npm run build` first');
  }
  output.log(`seed base ${seedBase} (reproduce with --seed-base ${seedBase}); budget ${(budgetMs / 1000).toFixed(0)} s over ${targets.length} targets × ${strategies.length} strategies`);

  const report = await explore({ targets, strategies, seedBase, budgetMs, clock: () => performance.now(), onEvent: (event) => progress(output, event) });
  output.endProgress();
  const witnessDir = stringOption(parsed, 'witness-dir') ?? join(packageRoot, scenarioWitnessDir);
  const witnesses = updateWitnesses ? writeWitnesses(output, report, targets, witnessDir, name === undefined ? catalog : undefined) : [];
  const missing = targets.filter((t) => !targetFound(report, t));
  if (output.json) {
    output.result(JSON.stringify({ seedBase, budgetMs, elapsedMs: Math.round(report.elapsedMs), attempts: report.attempts.map(jsonAttempt), notFound: missing.map((t) => t.label), witnesses }, null, 2));
  } else {
    output.result(missing.length === 0 ? `all ${targets.length} targets found in ${(report.elapsedMs / 1000).toFixed(1)} s` : `NOT FOUND: ${missing.map((t) => t.label).join(', ')}`);
  }
  if (report.attempts.some((a) => a.search.nondeterminism !== undefined || a.shrinkError !== undefined)) return ExitCode.harness;
  return missing.length === 0 ? ExitCode.ok : ExitCode.violation;
}

function singleTarget(catalog: ScenarioCatalog, name: string): ExplorationTarget {
  const target = explorationTarget(catalog.find(name));
  if (target === undefined) throw new UsageError(`scenario ${name} holds and has no mutant: there is nothing to search for`);
  return target;
}

function progress(output: Output, event: ExploreEvent): void {
  if (event.type === 'search') {
    output.progress(`${event.target.label} [${event.strategy}]: ${event.progress.seeds} seeds, ${(event.progress.elapsedMs / 1000).toFixed(1)} s`);
  } else if (event.type === 'shrink') {
    output.progress(`${event.target.label} [${event.strategy}]: shrinking, run ${event.progress.runs}: ${event.progress.schedulingChoices} scheduling choices`);
  } else {
    output.endProgress();
    // Results as they come, on stdout unless stdout is kept for the JSON summary.
    const line = event.type === 'searched' ? describeSearch(event.attempt) : describeAttempt(event.attempt);
    if (output.json) output.log(line);
    else printAttempt(output, event.attempt, line);
  }
}

function describeSearch(attempt: ExploreAttempt): string {
  const { search } = attempt;
  const head = `${attempt.target.label} [${search.strategy}]:`;
  if (search.failure === undefined) return `${head} not found in ${search.seedsRun} seeds (${(search.elapsedMs / 1000).toFixed(1)} s)`;
  const broken = [...new Set(search.failure.violations.map((v) => v.invariant))];
  const outside = broken.filter((i) => !attempt.target.invariants.includes(i));
  const found =
    `${head} first failure after ${search.seedsRun} seeds (${(search.elapsedMs / 1000).toFixed(1)} s): seed ${search.failure.seed} breaks ${broken.join(', ')}` +
    (outside.length > 0 ? ` (${outside.join(', ')} not in what it is expected to break)` : '');
  if (search.nondeterminism !== undefined) return `${found}; NONDETERMINISM: re-run hash ${search.nondeterminism.secondHash} at step ${search.nondeterminism.step}`;
  return found;
}

function describeAttempt(attempt: ExploreAttempt): string {
  const { search, shrink } = attempt;
  const head = `${attempt.target.label} [${search.strategy}]:`;
  if (attempt.shrinkError !== undefined) return `${head} SHRINK FAILED: ${attempt.shrinkError}`;
  if (shrink === undefined) return describeSearch(attempt);
  return `${head} seed ${shrink.result.seed} shrunk from ${shrink.before.schedulingChoices} to ${shrink.after.schedulingChoices} scheduling choices in ${((attempt.shrinkMs ?? 0) / 1000).toFixed(1)} s (${shrink.runs} runs)`;
}

function printAttempt(output: Output, attempt: ExploreAttempt, line: string): void {
  output.result(line);
  const { failure } = attempt.search;
  if (failure === undefined) return;
  const replay = attempt.shrink === undefined ? failure : attempt.shrink.result;
  output.result(`     replay: npx receipt-sim replay ${encodeToken(tokenFor(attempt.target.scenario, attempt.search.strategy, replay, attempt.shrink !== undefined))}`);
}

/**
 * Writes the witness of each target found (a mutant's as `<scenario>.mutant.json`); with the whole catalogue,
 * removes the witnesses of scenarios that are no longer `violates` or no longer have a mutant.
 */
function writeWitnesses(output: Output, report: ExploreReport, targets: readonly ExplorationTarget[], dir: string, wholeCatalog: ScenarioCatalog | undefined): string[] {
  const written: string[] = [];
  for (const target of targets) {
    const best = bestShrunk(report, target);
    if (best === undefined) {
      output.log(`witness of ${target.label} kept as it was: no shrunk failure this time`);
      continue;
    }
    const mutant = target.kind === 'mutant' ? target.scenario.mutant : undefined;
    const run = best.shrink.result;
    const token = encodeToken(tokenFor(target.scenario, best.search.strategy, run, true));
    const evidence = witnessEvidence(run, target.invariants);
    const witness: Witness = {
      ...witnessOf(run, target.scenario.name, token),
      seed: best.search.failure!.seed,
      shrunkFrom: best.shrink.before.schedulingChoices,
      ...(mutant === undefined ? {} : { mutant: { flag: mutant.flag, value: mutant.value } }),
      ...(evidence === undefined ? {} : { evidence }),
    };
    written.push(writeWitness(dir, witnessName(target.scenario.name, mutant !== undefined), witness));
    output.log(`wrote ${written[written.length - 1]}`);
  }
  if (wholeCatalog !== undefined) {
    const current = new Set(explorationTargets(wholeCatalog.scenarios).map((t) => `${witnessName(t.scenario.name, t.kind === 'mutant')}.json`));
    for (const file of listJson(dir).filter((f) => !current.has(f))) {
      unlinkSync(join(dir, file));
      output.log(`removed ${join(dir, file)}: its scenario is no longer a violates scenario or a holds scenario with a mutant`);
    }
  }
  return written;
}

function listJson(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
}

function jsonAttempt(attempt: ExploreAttempt): Record<string, unknown> {
  const { search, shrink, target } = attempt;
  const failure = search.failure;
  return {
    scenario: target.scenario.name,
    kind: target.kind,
    flags: target.kind === 'mutant' ? { [target.scenario.mutant!.flag]: target.scenario.mutant!.value } : {},
    strategy: search.strategy,
    found: failure !== undefined,
    seedsRun: search.seedsRun,
    elapsedMs: Math.round(search.elapsedMs),
    firstFailure:
      failure === undefined
        ? null
        : { seed: failure.seed, hash: failure.hash, invariants: [...new Set(failure.violations.map((v) => v.invariant))].sort(), token: encodeToken(tokenFor(target.scenario, search.strategy, failure, false)) },
    nondeterminism: search.nondeterminism ?? null,
    shrink:
      shrink === undefined
        ? null
        : {
            before: shrink.before,
            after: shrink.after,
            runs: shrink.runs,
            elapsedMs: Math.round(attempt.shrinkMs ?? 0),
            budgetExhausted: shrink.budgetExhausted,
            hash: shrink.result.hash,
            token: encodeToken(tokenFor(target.scenario, search.strategy, shrink.result, true)),
          },
    shrinkError: attempt.shrinkError ?? null,
  };
}
