import { cpus, loadavg, totalmem } from 'node:os';
import type { ExplorationTarget } from '../harness/explore/targets.js';
import type { Scenario } from '../harness/scenario.js';
import type { BenchReport, BenchSettings, Machine } from './benchReport.js';
import { type FoundFailures, measureFirstFailures } from './firstFailure.js';
import { evaluateGoals } from './goals.js';
import { measureRss } from './rss.js';
import { type ShrinkSample, measureShrinks } from './shrinkBench.js';
import { measureThroughput } from './throughput.js';

/**
 * Runs the selected sections in this one thread and judges the goals: throughput, then RSS (early, so that
 * its start is a fresh process's and not what the searches left behind), then first failure and shrink,
 * which reuses the failures the first-failure section found.
 */
export interface BenchPlan {
  readonly settings: BenchSettings;
  readonly throughputScenario: Scenario;
  readonly targets: readonly ExplorationTarget[];
  /** `performance.now` (the naive driver's deadlines are on that clock). */
  readonly clock: () => number;
  /** Wall-clock time of the start, for the report. */
  readonly startedAt: string;
  readonly onEvent?: (event: BenchEvent) => void;
}

export type BenchEvent =
  | { readonly type: 'section'; readonly section: string }
  | { readonly type: 'progress'; readonly text: string }
  /** One finished measurement, worth a line of its own. */
  | { readonly type: 'line'; readonly text: string };

export async function runBench(plan: BenchPlan): Promise<BenchReport> {
  const { settings, clock } = plan;
  const emit = (event: BenchEvent): void => plan.onEvent?.(event);
  const progress = (text: string): void => emit({ type: 'progress', text });
  const on = (section: BenchSettings['sections'][number]): boolean => settings.sections.includes(section);
  const started = clock();
  const machine = describeMachine();
  const found: FoundFailures = new Map();
  let report: Omit<BenchReport, 'goals' | 'wallMs'> = { version: 1, startedAt: plan.startedAt, machine, settings };

  if (on('throughput')) {
    emit({ type: 'section', section: `throughput: ${settings.reps} × ${settings.throughputSeeds} seeds of ${plan.throughputScenario.name}` });
    const throughput = await measureThroughput({
      scenario: plan.throughputScenario,
      seeds: settings.throughputSeeds,
      reps: settings.reps,
      seedBase: settings.seedBase,
      clock,
      onProgress: (rep, seeds) => progress(`throughput repetition ${rep + 1}/${settings.reps}: ${seeds}/${settings.throughputSeeds} seeds`),
    });
    report = { ...report, throughput };
  }
  if (on('rss')) {
    emit({ type: 'section', section: `RSS: up to ${settings.rssSeeds} seeds of ${plan.throughputScenario.name}` });
    const rss = await measureRss({
      scenario: plan.throughputScenario,
      seeds: settings.rssSeeds,
      budgetMs: settings.rssMs,
      seedBase: settings.seedBase,
      clock,
      onProgress: (seeds, bytes) => progress(`RSS: ${seeds}/${settings.rssSeeds} seeds, ${(bytes / 2 ** 20).toFixed(0)} MiB`),
    });
    report = { ...report, rss };
  }
  if (on('first-failure') || on('shrink')) {
    const searchCaps = { reps: settings.reps, seedBase: settings.seedBase, capSeeds: settings.capSeeds, capMs: settings.capMs, clock };
    if (on('first-failure')) {
      emit({ type: 'section', section: `first failure: ${plan.targets.length} scenarios × random, pct, naive × ${settings.reps}` });
      const firstFailure = await measureFirstFailures(
        {
          ...searchCaps,
          targets: plan.targets,
          onProgress: (label, strategy, rep, seeds, elapsedMs) => progress(`${label} [${strategy}] repetition ${rep + 1}: ${seeds} ${strategy === 'naive' ? 'runs' : 'seeds'}, ${(elapsedMs / 1000).toFixed(1)} s`),
          onSample: (label, strategy, rep, sample) =>
            emit({
              type: 'line',
              text: `${label} [${strategy}] repetition ${rep + 1}: ${sample.found ? 'failure' : 'capped'} after ${sample.seeds} ${strategy === 'naive' ? 'runs' : 'seeds'}, ${(sample.wallMs / 1000).toFixed(2)} s${sample.invariants === undefined ? '' : ` (${sample.invariants.join(', ')})`}${sample.nondeterminism === undefined ? '' : `; NONDETERMINISM: ${sample.nondeterminism}`}`,
            }),
        },
        found,
      );
      report = { ...report, firstFailure };
    }
    if (on('shrink')) {
      emit({ type: 'section', section: `shrink: ${plan.targets.length} scenarios × ${settings.reps}, ${settings.shrinkMs / 1000} s each at most` });
      const shrink = await measureShrinks(
        {
          ...searchCaps,
          targets: plan.targets,
          shrinkMs: settings.shrinkMs,
          onProgress: (label, rep, runs, choices) => progress(`${label} shrink ${rep + 1}: run ${runs}, ${choices} scheduling choices`),
          onSample: (label, rep, sample) => emit({ type: 'line', text: `${label} shrink ${rep + 1}: ${describeShrink(sample)}` }),
        },
        found,
      );
      report = { ...report, shrink };
    }
  }
  const measured = { ...report, wallMs: clock() - started };
  return { ...measured, goals: evaluateGoals(measured) };
}

function describeShrink(sample: ShrinkSample | undefined): string {
  if (sample === undefined) return 'no failing run found within the caps';
  if (sample.after === undefined) return `FAILED: ${sample.error ?? 'unknown'}`;
  return `seed ${sample.seed} [${sample.strategy}] ${sample.before.schedulingChoices} → ${sample.after.schedulingChoices} scheduling choices, ${sample.before.steps} → ${sample.after.steps} steps in ${(sample.wallMs / 1000).toFixed(1)} s (${sample.runs} runs)`;
}

function describeMachine(): Machine {
  const list = cpus();
  return {
    cores: list.length,
    cpu: list[0]?.model.trim() ?? 'unknown CPU',
    node: process.versions.node,
    platform: `${process.platform} ${process.arch}`,
    memoryBytes: totalmem(),
    loadAverage: loadavg(),
  };
}

