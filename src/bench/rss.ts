import { runScenario } from '../harness/runScenario.js';
import type { Scenario } from '../harness/scenario.js';

/**
 * Resident set size over many seeds of the default scenario, run one after another in this process. RSS is
 * sampled after every seed (a run is one chain of microtasks, so nothing can sample inside it); the
 * kernel's high-water mark (`resourceUsage().maxRSS`) is kept too, since it also sees peaks inside a run
 * (and before this section). Growth compares the peak of the last tenth of the seeds with the peak of the
 * second tenth (the first tenth warms caches and the JIT): flat means at most 10% more.
 */
export interface RssOptions {
  readonly scenario: Scenario;
  readonly seeds: number;
  /** Wall-time box: the section stops early (and says so) when it runs out. */
  readonly budgetMs: number;
  readonly seedBase: number;
  readonly clock: () => number;
  readonly onProgress?: (seeds: number, rssBytes: number) => void;
}

export interface RssResult {
  readonly scenario: string;
  readonly seedsAsked: number;
  readonly seedsRun: number;
  readonly timeBoxed: boolean;
  readonly wallMs: number;
  readonly startBytes: number;
  readonly peakBytes: number;
  readonly endBytes: number;
  /** V8 heap in use at the start and at the end: RSS growing with a flat heap is native memory. */
  readonly startHeapBytes: number;
  readonly endHeapBytes: number;
  /** The process's high-water mark, including peaks inside runs and before this section. */
  readonly processMaxBytes: number;
  readonly earlyPeakBytes: number;
  readonly latePeakBytes: number;
  readonly growthPercent: number;
  readonly grew: boolean;
  /** Up to 100 evenly spaced samples: [seeds run, RSS bytes]. */
  readonly samples: readonly (readonly [number, number])[];
}

const flatTolerancePercent = 10;
const keptSamples = 100;

export async function measureRss(options: RssOptions): Promise<RssResult> {
  const rss: number[] = [];
  const startBytes = process.memoryUsage.rss();
  const startHeapBytes = process.memoryUsage().heapUsed;
  const started = options.clock();
  let timeBoxed = false;
  for (let i = 0; i < options.seeds; i++) {
    if (i > 0 && options.clock() - started >= options.budgetMs) {
      timeBoxed = true;
      break;
    }
    await runScenario({ scenario: options.scenario, seed: (options.seedBase + i) >>> 0, strategy: 'random' });
    rss.push(process.memoryUsage.rss());
    options.onProgress?.(i + 1, rss[rss.length - 1]!);
  }
  const n = rss.length;
  const tenth = Math.max(1, Math.floor(n / 10));
  const earlyPeakBytes = peak(rss.slice(Math.min(tenth, n - 1), Math.min(2 * tenth, n)));
  const latePeakBytes = peak(rss.slice(n - tenth));
  const growthPercent = ((latePeakBytes - earlyPeakBytes) / earlyPeakBytes) * 100;
  const step = Math.max(1, Math.ceil(n / keptSamples));
  return {
    scenario: options.scenario.name,
    seedsAsked: options.seeds,
    seedsRun: n,
    timeBoxed,
    wallMs: options.clock() - started,
    startBytes,
    peakBytes: peak(rss),
    endBytes: rss[n - 1]!,
    startHeapBytes,
    endHeapBytes: process.memoryUsage().heapUsed,
    processMaxBytes: process.resourceUsage().maxRSS * 1024,
    earlyPeakBytes,
    latePeakBytes,
    growthPercent,
    grew: growthPercent > flatTolerancePercent,
    samples: rss.flatMap((bytes, index) => ((index + 1) % step === 0 || index === n - 1 ? [[index + 1, bytes] as const] : [])),
  };
}

function peak(values: readonly number[]): number {
  return values.reduce((max, v) => Math.max(max, v), 0);
}
