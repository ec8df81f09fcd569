import type { ScenarioFirstFailure } from './firstFailure.js';
import type { Goal } from './goals.js';
import type { RssResult } from './rss.js';
import type { ScenarioShrink } from './shrinkBench.js';
import type { ThroughputResult } from './throughput.js';

/** What `receipt-sim bench` writes to reports/bench.json (and renders as reports/bench.md). */
export type BenchSection = 'throughput' | 'first-failure' | 'shrink' | 'rss';
export const benchSections: readonly BenchSection[] = ['throughput', 'first-failure', 'shrink', 'rss'];

export interface BenchSettings {
  readonly sections: readonly BenchSection[];
  readonly reps: number;
  readonly seedBase: number;
  /** The default scenario: throughput and RSS. */
  readonly throughputScenario: string;
  readonly throughputSeeds: number;
  /** The `violates` scenarios of the first-failure and shrink sections. */
  readonly scenarios: readonly string[];
  readonly capSeeds: number;
  readonly capMs: number;
  readonly shrinkMs: number;
  readonly rssSeeds: number;
  readonly rssMs: number;
  readonly long: boolean;
}

export interface Machine {
  readonly cores: number;
  readonly cpu: string;
  readonly node: string;
  readonly platform: string;
  readonly memoryBytes: number;
  readonly loadAverage: readonly number[];
}

export interface BenchReport {
  readonly version: 1;
  readonly startedAt: string;
  readonly wallMs: number;
  readonly machine: Machine;
  readonly settings: BenchSettings;
  readonly throughput?: ThroughputResult;
  readonly firstFailure?: readonly ScenarioFirstFailure[];
  readonly shrink?: readonly ScenarioShrink[];
  readonly rss?: RssResult;
  readonly goals: readonly Goal[];
}
