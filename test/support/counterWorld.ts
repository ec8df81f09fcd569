import type { Simulation } from '../../src/sim/simulation.js';

/**
 * A tiny world for kernel tests: three actors increment a shared counter with a read and a write each,
 * so the interleaving decides how many increments are lost.
 */
export function counterWorld(sim: Simulation, actors = 3, rounds = 3): { readonly finalValue: () => number } {
  let shared = 0;
  for (let a = 0; a < actors; a++) {
    sim.spawn(`worker${a}`, async () => {
      for (let i = 0; i < rounds; i++) {
        const seen = await sim.io({ op: 'read', latency: 'dynamodb', entities: ['counter'] }, (step) => {
          step.detail('value', shared);
          return shared;
        });
        await sim.io({ op: 'write', latency: 'dynamodb', entities: ['counter'] }, (step) => {
          shared = seen + 1;
          step.detail('value', shared);
        });
      }
    });
  }
  return { finalValue: () => shared };
}
