// Measures raw scheduler throughput: trace steps per wall second on a kernel-only world (no fakes).
// Usage: npx tsx scripts/measure-kernel.ts [runs]
import { performance } from 'node:perf_hooks';
import { createSimulation } from '../src/sim/createSimulation.js';
import { counterWorld } from '../test/support/counterWorld.js';

const runs = Number(process.argv[2] ?? 20);
for (const strategy of ['random', 'pct'] as const) {
  let steps = 0;
  let decisions = 0;
  const started = performance.now();
  for (let seed = 0; seed < runs; seed++) {
    const sim = createSimulation({ seed, strategy, epochMs: Date.UTC(2025, 10, 14) });
    counterWorld(sim, 10, 200);
    await sim.run(1e12);
    steps += sim.trace.length;
    decisions += sim.choices.log.length;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`${strategy}: ${steps} steps in ${seconds.toFixed(2)} s = ${Math.round(steps / seconds)} steps/s (${decisions} recorded decisions)`);
}
