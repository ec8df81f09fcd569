import type { BenchReport } from './benchReport.js';
import { compare } from './betterStrategy.js';

/**
 * The goals of issue 6/7 ("they steer later work"): each measured, judged met or not (null: not measured,
 * or the caps were too low to tell), with the distance to it. Nothing asserts them.
 */
export interface Goal {
  readonly id: 'seeds-per-second' | 'virtual-time' | 'first-failure' | 'naive-speedup' | 'shrunk-length' | 'flat-rss';
  readonly goal: string;
  readonly measured: string;
  readonly met: boolean | null;
  readonly distance: string;
}

export const goalTargets = {
  seedsPerSecondPerCore: 200,
  virtualSecondsPerWallSecond: 10_000,
  firstFailureSeeds: 100,
  firstFailureMs: 2_000,
  naiveSpeedup: 100,
  shrunkSchedulingChoices: 25,
} as const;

type Measured = Omit<BenchReport, 'goals'>;

export function evaluateGoals(report: Measured): Goal[] {
  return [seedsPerSecond(report), virtualTime(report), firstFailure(report), naiveSpeedup(report), shrunkLength(report), flatRss(report)];
}

const notMeasured = (id: Goal['id'], goal: string): Goal => ({ id, goal, measured: 'not measured', met: null, distance: '' });

function ratioGoal(id: Goal['id'], goal: string, value: number, target: number, unit: string): Goal {
  const met = value >= target;
  return {
    id,
    goal,
    measured: `${round(value)} ${unit}`,
    met,
    distance: met ? `${round(value / target)}× the goal` : `${round(target / value)}× short`,
  };
}

function seedsPerSecond(report: Measured): Goal {
  const goal = `≥ ${goalTargets.seedsPerSecondPerCore} seeds/s per core (default scenario)`;
  const t = report.throughput;
  return t === undefined ? notMeasured('seeds-per-second', goal) : ratioGoal('seeds-per-second', goal, t.seedsPerSecondPerCore, goalTargets.seedsPerSecondPerCore, `seeds/s (${t.scenario})`);
}

function virtualTime(report: Measured): Goal {
  const goal = `≥ ${goalTargets.virtualSecondsPerWallSecond.toLocaleString('en-US')} virtual s per wall s`;
  const t = report.throughput;
  return t === undefined ? notMeasured('virtual-time', goal) : ratioGoal('virtual-time', goal, t.virtualSecondsPerWallSecond, goalTargets.virtualSecondsPerWallSecond, 'virtual s / wall s');
}

function firstFailure(report: Measured): Goal {
  const goal = `every violates scenario found within a median of ${goalTargets.firstFailureSeeds} seeds and ${goalTargets.firstFailureMs / 1000} s (better strategy)`;
  const scenarios = report.firstFailure ?? [];
  if (scenarios.length === 0) return notMeasured('first-failure', goal);
  const misses = scenarios.flatMap((s) => {
    const better = compare(s)?.better;
    if (better === undefined) return [];
    const { medianSeeds, medianWallMs } = better;
    const within = !medianSeeds.capped && !medianWallMs.capped && medianSeeds.value <= goalTargets.firstFailureSeeds && medianWallMs.value <= goalTargets.firstFailureMs;
    return within ? [] : [`${s.scenario} (${better.strategy}: ${medianSeeds.capped ? '≥ ' : ''}${round(medianSeeds.value)} seeds, ${medianWallMs.capped ? '≥ ' : ''}${round(medianWallMs.value / 1000)} s)`];
  });
  return {
    id: 'first-failure',
    goal,
    measured: `${scenarios.length - misses.length} of ${scenarios.length} scenarios`,
    met: misses.length === 0,
    distance: misses.length === 0 ? 'all within' : `missed: ${misses.join('; ')}`,
  };
}

function naiveSpeedup(report: Measured): Goal {
  const goal = `≥ ${goalTargets.naiveSpeedup}× faster to first failure than the naive baseline`;
  const comparisons = (report.firstFailure ?? []).map((s) => ({ scenario: s.scenario, speedup: compare(s)?.speedup }));
  if (comparisons.length === 0) return notMeasured('naive-speedup', goal);
  const below = comparisons.filter((c) => c.speedup !== undefined && !c.speedup.capped && c.speedup.value < goalTargets.naiveSpeedup);
  const undecided = comparisons.filter((c) => c.speedup === undefined || (c.speedup.capped && c.speedup.value < goalTargets.naiveSpeedup));
  const known = comparisons.filter((c) => c.speedup !== undefined);
  const lowest = known.reduce<(typeof known)[number] | undefined>((low, c) => (low === undefined || c.speedup!.value < low.speedup!.value ? c : low), undefined);
  const measured =
    lowest === undefined ? 'no scenario found by a seeded strategy' : `lowest ${lowest.speedup!.capped ? '≥ ' : ''}${round(lowest.speedup!.value)}× (${lowest.scenario}); ${comparisons.length - below.length - undecided.length} of ${comparisons.length} scenarios ≥ ${goalTargets.naiveSpeedup}×`;
  const parts = [
    ...(below.length > 0 ? [`below: ${below.map((c) => `${c.scenario} ${round(c.speedup!.value)}×`).join(', ')}`] : []),
    ...(undecided.length > 0 ? [`caps too low to tell for ${undecided.length} (raise --cap-time)`] : []),
  ];
  return { id: 'naive-speedup', goal, measured, met: below.length > 0 ? false : undecided.length > 0 ? null : true, distance: parts.join('; ') || 'all above' };
}

function shrunkLength(report: Measured): Goal {
  const goal = `shrunk traces of at most ${goalTargets.shrunkSchedulingChoices} scheduling choices`;
  const shrunk = (report.shrink ?? []).filter((s) => s.medianAfter !== undefined);
  if (shrunk.length === 0) return notMeasured('shrunk-length', goal);
  const over = shrunk.filter((s) => s.medianAfter!.schedulingChoices > goalTargets.shrunkSchedulingChoices);
  const worst = shrunk.reduce((w, s) => (s.medianAfter!.schedulingChoices > w.medianAfter!.schedulingChoices ? s : w));
  return {
    id: 'shrunk-length',
    goal,
    measured: `${shrunk.length - over.length} of ${shrunk.length} scenarios (median after shrinking; longest ${round(worst.medianAfter!.schedulingChoices)}, ${worst.scenario})`,
    met: over.length === 0,
    distance: over.length === 0 ? 'all within' : `over: ${over.map((s) => `${s.scenario} ${round(s.medianAfter!.schedulingChoices)}`).join(', ')}`,
  };
}

function flatRss(report: Measured): Goal {
  const goal = 'flat RSS';
  const rss = report.rss;
  if (rss === undefined) return notMeasured('flat-rss', goal);
  return {
    id: 'flat-rss',
    goal,
    measured: `${mib(rss.startBytes)} → peak ${mib(rss.peakBytes)} → ${mib(rss.endBytes)} over ${rss.seedsRun.toLocaleString('en-US')} seeds${rss.timeBoxed ? ` (time-boxed; ${rss.seedsAsked.toLocaleString('en-US')} asked)` : ''}`,
    met: !rss.grew,
    distance: `${rss.growthPercent >= 0 ? '+' : ''}${rss.growthPercent.toFixed(1)}% from the second to the last tenth (flat: ≤ 10%)`,
  };
}

export function round(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && Math.abs(value) < 1) return String(Number(value.toPrecision(2)));
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return Number(value.toFixed(digits)).toLocaleString('en-US');
}

export function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}
