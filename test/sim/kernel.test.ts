import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/sim/createSimulation.js';
import type { Simulation } from '../../src/sim/simulation.js';

const epochMs = Date.UTC(2025, 10, 14);

function counterWorld(sim: Simulation): { log: string[] } {
  const log: string[] = [];
  let shared = 0;
  for (const name of ['a', 'b', 'c']) {
    sim.spawn(name, async () => {
      for (let i = 0; i < 3; i++) {
        const seen = await sim.io({ op: 'read', latency: 'dynamodb', entities: ['x'] }, () => shared);
        await sim.io({ op: 'write', latency: 'dynamodb', entities: ['x'] }, () => {
          shared = seen + 1;
        });
        log.push(`${name}${i}`);
      }
    });
  }
  return { log };
}

describe('kernel', () => {
  it('runs actors to idle and records every effect', async () => {
    const sim = createSimulation({ seed: 1, strategy: 'random', epochMs });
    const { log } = counterWorld(sim);
    expect(await sim.run(1e9)).toBe('idle');
    expect(log).toHaveLength(9);
    expect(sim.trace.steps.filter((s) => s.op === 'write')).toHaveLength(9);
  });

  it('gives the same hash for the same seed and different hashes across seeds', async () => {
    const hashes = new Map<number, string>();
    for (const seed of [1, 2, 3, 1]) {
      const sim = createSimulation({ seed, strategy: 'random', epochMs });
      counterWorld(sim);
      await sim.run(1e9);
      if (hashes.has(seed)) expect(sim.trace.hash).toBe(hashes.get(seed));
      hashes.set(seed, sim.trace.hash);
    }
    expect(new Set(hashes.values()).size).toBe(3);
  });
});
