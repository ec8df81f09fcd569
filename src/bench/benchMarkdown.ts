import type { BenchReport } from './benchReport.js';
import { compare } from './betterStrategy.js';
import type { StrategyFirstFailure } from './firstFailure.js';
import { mib, round } from './goals.js';
import { formatMeasure } from './median.js';

/** reports/bench.md: the goals with their measured values, then one table per section. */
export function benchMarkdown(report: BenchReport): string {
  const { machine, settings } = report;
  const lines = [
    '# receipt-sim bench',
    '',
    `Measured ${report.startedAt} in ${round(report.wallMs / 60_000)} min on ${machine.cpu} (${machine.cores} cores, shared with other processes; load average at start ${machine.loadAverage.map((l) => l.toFixed(2)).join(' ')}), Node ${machine.node}, ${machine.platform}.`,
    `Settings: ${settings.reps} repetitions (medians), seed base ${settings.seedBase}; throughput ${settings.throughputSeeds} seeds of ${settings.throughputScenario} per repetition; searches capped at ${settings.capSeeds} seeds or ${settings.capMs / 1000} s; shrinks limited to ${settings.shrinkMs / 1000} s; RSS over up to ${settings.rssSeeds.toLocaleString('en-US')} seeds (time box ${settings.rssMs / 60_000} min). Goals are reported, never asserted.`,
    '',
    '## Goals',
    '',
    '| goal | measured | met | distance |',
    '| --- | --- | --- | --- |',
    ...report.goals.map((g) => `| ${g.goal} | ${g.measured} | ${g.met === null ? '–' : g.met ? 'yes' : 'no'} | ${g.distance} |`),
  ];
  if (report.throughput !== undefined) {
    const t = report.throughput;
    lines.push('', `## Throughput (${t.scenario}, one thread)`, '', '| repetition | seeds | wall s | seeds/s | virtual s / wall s | steps/seed |', '| --- | --- | --- | --- | --- | --- |');
    t.reps.forEach((r, i) => lines.push(`| ${i + 1} | ${r.seeds} | ${round(r.wallMs / 1000)} | ${round(r.seedsPerSecond)} | ${round(r.virtualSecondsPerWallSecond)} | ${round(r.steps / r.seeds)} |`));
    lines.push(`| median | | | ${round(t.seedsPerSecondPerCore)} | ${round(t.virtualSecondsPerWallSecond)} | ${round(t.stepsPerSeed)} |`);
  }
  if (report.firstFailure !== undefined) {
    lines.push(
      '',
      '## First failure (medians; naive: runs of the same world on real timers, 1 spec s = 1 ms, Math.random delays)',
      '',
      '| scenario | random seeds | random s | PCT seeds | PCT s | naive runs | naive s | naive ÷ better |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const scenario of report.firstFailure) {
      const cells = ['random', 'pct', 'naive'].flatMap((name) => strategyCells(scenario.strategies.find((s) => s.strategy === name)));
      const speedup = compare(scenario)?.speedup;
      lines.push(`| ${scenario.scenario} | ${cells.join(' | ')} | ${speedup === undefined ? '–' : `${formatMeasure(speedup, round)}×`} |`);
    }
  }
  if (report.shrink !== undefined) {
    lines.push('', '## Shrink (medians)', '', '| scenario | shrinks | shrink s | scheduling choices before → after | steps before → after | time limit reached |', '| --- | --- | --- | --- | --- | --- |');
    for (const s of report.shrink) {
      const kept = s.samples.filter((x) => x.after !== undefined);
      const errors = s.samples.length - kept.length;
      const count = `${kept.length}${s.notFound > 0 ? ` (${s.notFound} not found)` : ''}${errors > 0 ? ` (${errors} failed)` : ''}`;
      if (s.medianAfter === undefined) {
        lines.push(`| ${s.scenario} | ${count} | – | – | – | – |`);
        continue;
      }
      lines.push(
        `| ${s.scenario} | ${count} | ${round(s.medianWallMs! / 1000)} | ${round(s.medianBefore!.schedulingChoices)} → ${round(s.medianAfter.schedulingChoices)} | ${round(s.medianBefore!.steps)} → ${round(s.medianAfter.steps)} | ${kept.filter((x) => x.budgetExhausted).length} of ${kept.length} |`,
      );
    }
  }
  if (report.rss !== undefined) {
    const r = report.rss;
    lines.push(
      '',
      `## RSS (${r.scenario}, seeds one after another)`,
      '',
      '| seeds | start | peak | end | second tenth peak | last tenth peak | growth | V8 heap start → end | process high-water mark |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      `| ${r.seedsRun.toLocaleString('en-US')}${r.timeBoxed ? ` of ${r.seedsAsked.toLocaleString('en-US')} (time box)` : ''} | ${mib(r.startBytes)} | ${mib(r.peakBytes)} | ${mib(r.endBytes)} | ${mib(r.earlyPeakBytes)} | ${mib(r.latePeakBytes)} | ${r.growthPercent.toFixed(1)}% | ${mib(r.startHeapBytes)} → ${mib(r.endHeapBytes)} | ${mib(r.processMaxBytes)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function strategyCells(result: StrategyFirstFailure | undefined): [string, string] {
  if (result === undefined) return ['–', '–'];
  return [formatMeasure(result.medianSeeds, round), formatMeasure(result.medianWallMs, (ms) => round(ms / 1000))];
}
