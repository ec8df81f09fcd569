import { SqliteVectorStoreProvider } from '../../src/adapters/chroma/sqliteVectorStore.js';
import { SimulatedClock } from '../../src/adapters/memory/clock.js';
import { MemoryFileSystem, createEfs } from '../../src/adapters/memory/fs/memoryFileSystem.js';
import { SimulatedTasks } from '../../src/adapters/memory/tasks.js';
import type { Simulation } from '../../src/sim/simulation.js';
import { simulate } from '../support/simulate.js';
import { type VectorStorePorts, vectorStoreContract } from './vectorStore.contract.js';

/** Each run gets a random simulation seed (printed on failure), so the flusher interleaves differently. */
function runIn(build: (sim: Simulation) => VectorStorePorts['fs'], root: string) {
  return async (body: (ports: VectorStorePorts) => Promise<void>): Promise<void> => {
    const seed = Math.floor(Math.random() * 2 ** 32);
    try {
      await simulate(
        { seed },
        (sim) => ({ provider: new SqliteVectorStoreProvider({ tasks: new SimulatedTasks(sim), clock: new SimulatedClock(sim) }), fs: build(sim), root }),
        async (ports) => {
          await ports.fs.mkdir(root);
          await body(ports);
        },
      );
    } catch (error) {
      throw new Error(`simulation seed ${seed}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  };
}

vectorStoreContract({
  name: 'SQLite store on a memory /tmp',
  run: runIn((sim) => new MemoryFileSystem(sim, { name: 'lambda', directories: ['/tmp'] }), '/tmp/chroma'),
});

vectorStoreContract({
  name: 'SQLite store on memory EFS',
  run: runIn((sim) => createEfs(sim, 'efs'), '/mnt/chroma'),
});
