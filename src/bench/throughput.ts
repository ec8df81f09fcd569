import { runScenario } from '../harness/runScenario.js';
import type { Scenario } from '../harness/scenario.js';
import { median } from './median.js';

/**
 * Throughput of the default scenario on one core: each repetition runs `seeds` consecutive seeds (a fresh
 * seed range per repetition) in this thread and divides by its wall time. Virtual seconds per wall second
 * is the simulated time of all its runs over the same wall time.
 */
export interface ThroughputOptions {
  readonly scenario: Scenario;
  readonly seeds: number;
  readonly reps: number;
  readonly seedBase: number;
  readonly clock: () => number;
  readonly onProgress?: (rep: number, seeds: number) => void;
}

export interface ThroughputRep {
  readonly seedBase: number;
  readonly seeds: number;
  readonly wallMs: number;
  readonly virtualMs: number;
  readonly steps: number;
  readonly seedsPerSecond: number;
  readonly virtualSecondsPerWallSecond: number;
}

export interface ThroughputResult {
  readonly scenario: string;
  readonly seedsPerRep: number;
  readonly reps: readonly ThroughputRep[];
  /** Medians over the repetitions (one thread, so per core). */
  readonly seedsPerSecondPerCore: number;
  readonly virtualSecondsPerWallSecond: number;
  readonly stepsPerSeed: number;
}

export async function measureThroughput(options: ThroughputOptions): Promise<ThroughputResult> {
  const reps: ThroughputRep[] = [];
  for (let rep = 0; rep < options.reps; rep++) {
    const seedBase = (options.seedBase + rep * options.seeds) >>> 0;
    let virtualMs = 0;
    let steps = 0;
    const started = options.clock();
    for (let i = 0; i < options.seeds; i++) {
      const result = await runScenario({ scenario: options.scenario, seed: (seedBase + i) >>> 0, strategy: 'random' });
      virtualMs += result.virtualMs;
      steps += result.steps;
      options.onProgress?.(rep, i + 1);
    }
    const wallMs = Math.max(options.clock() - started, 1e-3);
    reps.push({
      seedBase,
      seeds: options.seeds,
      wallMs,
      virtualMs,
      steps,
      seedsPerSecond: options.seeds / (wallMs / 1000),
      virtualSecondsPerWallSecond: virtualMs / wallMs,
    });
  }
  return {
    scenario: options.scenario.name,
    seedsPerRep: options.seeds,
    reps,
    seedsPerSecondPerCore: median(reps.map((r) => r.seedsPerSecond)),
    virtualSecondsPerWallSecond: median(reps.map((r) => r.virtualSecondsPerWallSecond)),
    stepsPerSeed: median(reps.map((r) => r.steps / r.seeds)),
  };
}
