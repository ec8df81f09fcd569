import type { Scenario } from '../../src/harness/scenario.js';
import { findScenario, scenarioCatalog } from '../../scenarios/index.js';
import type { ScenarioCatalog } from '../../src/cli/catalog.js';
import { testEpochMs } from './simulate.js';

/**
 * A deliberately nondeterministic scenario for the harness's own tests: its world reads a module-level
 * counter that every build increments (state outside the simulation, as a leaked global would be), so two
 * runs of the same input differ, first at the step that records the counter (step 3: after the actor's
 * spawn and two ordinary reads). It always reports a violation, so `run` re-runs every seed.
 */
let worldsBuilt = 0;

export const leakyStep = 3;

export const nondeterministicScenario: Scenario = {
  name: 'test-nondeterministic',
  summary: 'test only: the world reads a counter kept outside the simulation, so no two runs agree',
  profile: 'test',
  epochMs: testEpochMs,
  flagSpecs: [],
  flags: {},
  faults: {},
  expectation: { kind: 'violates', invariants: ['liveness'] },
  build: (sim) => {
    worldsBuilt++;
    const seen = worldsBuilt;
    sim.spawn('leaky-writer', async () => {
      for (let i = 0; i < 2; i++) await sim.io({ op: 'read', latency: 'dynamodb', entities: ['counter'] }, () => undefined);
      await sim.io({ op: 'write', latency: 'dynamodb', entities: ['counter'] }, (step) => step.detail('worldsBuilt', seen));
    });
    return {
      horizonMs: 60_000,
      check: () => [{ invariant: 'liveness', entity: 'counter', expected: 'a quiet world', actual: 'always a violation', steps: [leakyStep] }],
    };
  },
};

/** The committed catalogue plus the nondeterministic scenario, for `main(argv, catalog)`. */
export const catalogWithNondeterminism: ScenarioCatalog = {
  scenarios: [...scenarioCatalog, nondeterministicScenario],
  find: (name) => (name === nondeterministicScenario.name ? nondeterministicScenario : findScenario(name)),
};
