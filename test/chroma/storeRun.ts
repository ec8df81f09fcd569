import { SqliteVectorStoreProvider } from '../../src/adapters/chroma/sqliteVectorStore.js';
import { SimulatedClock } from '../../src/adapters/memory/clock.js';
import { MemoryFileSystem } from '../../src/adapters/memory/fs/memoryFileSystem.js';
import { SimulatedTasks } from '../../src/adapters/memory/tasks.js';
import type { Collection, VectorStore } from '../../src/ports/vectorStore.js';
import { simulate } from '../support/simulate.js';
import { type Observed, observe } from './observe.js';
import type { Operation } from './operations.js';

/**
 * Runs the operations on the SQLite-backed store in a fresh simulation (a random seed, so the flusher
 * interleaves differently each time), on a memory Lambda /tmp, as test/contract/vectorStore.memory.test.ts
 * does. `reopen` closes the store and opens the folder again.
 */
export async function observeStore(operations: readonly Operation[]): Promise<Observed[]> {
  const seed = Math.floor(Math.random() * 2 ** 32);
  let observed: Observed[] = [];
  try {
    await simulate(
      { seed },
      (sim) => ({
        provider: new SqliteVectorStoreProvider({ tasks: new SimulatedTasks(sim), clock: new SimulatedClock(sim) }),
        fs: new MemoryFileSystem(sim, { name: 'lambda', directories: ['/tmp'] }),
      }),
      async ({ provider, fs }) => {
        const folder = '/tmp/chroma';
        let store: VectorStore = await provider.open(fs, folder);
        let words: Collection = await store.getOrCreateCollection('words');
        observed = await observe(operations, {
          collection: () => words,
          reopen: async () => {
            await store.close();
            store = await provider.open(fs, folder);
            words = (await store.getCollection('words'))!;
          },
        });
        await store.close();
      },
    );
  } catch (error) {
    throw new Error(`simulation seed ${seed}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return observed;
}
