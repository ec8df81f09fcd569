// Prints the trace hash of one counter-world run: used to compare hashes across processes.
import { createSimulation } from '../../src/sim/createSimulation.js';
import { counterWorld } from './counterWorld.js';
import { testEpochMs } from './simulate.js';

const [seedText, choicesText] = process.argv.slice(2);
const sim = createSimulation({
  seed: Number(seedText),
  strategy: 'random',
  epochMs: testEpochMs,
  ...(choicesText === undefined ? {} : { input: { kind: 'recorded' as const, values: JSON.parse(choicesText) as number[] } }),
});
counterWorld(sim);
await sim.run(1e9);
process.stdout.write(`${sim.trace.hash}\n`);
