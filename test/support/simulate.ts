import { createSimulation, type RunSetup } from '../../src/sim/createSimulation.js';
import type { Simulation } from '../../src/sim/simulation.js';

export const testEpochMs = Date.UTC(2025, 10, 14, 12, 0, 0);

/**
 * Runs `body` as the single client actor of a fresh simulation built by `build`, to idle, and returns the
 * simulation. Errors of the body fail the test with their own message.
 */
export async function simulate<World>(
  setup: Partial<RunSetup>,
  build: (sim: Simulation) => World,
  body: (world: World, sim: Simulation) => Promise<void>,
  horizonMs = 48 * 3600 * 1000,
): Promise<Simulation> {
  const sim = createSimulation({ seed: 1, strategy: 'random', epochMs: testEpochMs, ...setup });
  const world = build(sim);
  let failure: { error: unknown } | undefined;
  sim.spawn('client', () => body(world, sim), {
    onError: (error) => {
      failure = { error };
    },
  });
  await sim.run(horizonMs);
  if (failure !== undefined) throw failure.error;
  return sim;
}
