import { parentPort } from 'node:worker_threads';
import { committedCatalog } from '../catalog.js';
import { runSeed } from '../seedRunner.js';
import type { SeedAssignment, SeedReport } from './messages.js';

/**
 * The entry of a seed worker thread (see seedPool.ts): it loads the committed scenario catalogue once, then
 * runs each seed it is assigned with the same `runSeed` as the main thread and posts the outcome back.
 */
const port = parentPort;
if (port === null) throw new Error('seedWorker.js runs as a worker thread of the seed pool, not as a program');

port.on('message', (assignment: SeedAssignment) => {
  void report(assignment).then((message) => port.postMessage(message));
});

async function report(assignment: SeedAssignment): Promise<SeedReport> {
  try {
    const scenario = committedCatalog.find(assignment.scenario);
    const outcome = await runSeed({ scenario, flags: assignment.flags, strategy: assignment.strategy, seed: assignment.seed });
    return { kind: 'outcome', outcome };
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    return { kind: 'error', seed: assignment.seed, name, message: error instanceof Error ? error.message : String(error) };
  }
}
