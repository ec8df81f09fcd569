import { SqliteVectorStoreProvider } from '../../../src/adapters/chroma/sqliteVectorStore.js';
import { SimulatedClock } from '../../../src/adapters/memory/clock.js';
import { MemoryFileSystem } from '../../../src/adapters/memory/fs/memoryFileSystem.js';
import { SimulatedTasks } from '../../../src/adapters/memory/tasks.js';
import { type FileSystem, listFilesRecursive } from '../../../src/ports/fileSystem.js';
import type { VectorRecord } from '../../../src/ports/vectorStore.js';
import { deterministicEmbedding } from '../../../src/pipeline/embedding/deterministicEmbedding.js';
import type { Simulation } from '../../../src/sim/simulation.js';

export interface StoreWorld {
  readonly sim: Simulation;
  readonly fs: MemoryFileSystem;
  readonly tasks: SimulatedTasks;
  readonly clock: SimulatedClock;
  readonly provider: SqliteVectorStoreProvider;
}

export function storeWorld(sim: Simulation): StoreWorld {
  const tasks = new SimulatedTasks(sim);
  const clock = new SimulatedClock(sim);
  return { sim, fs: new MemoryFileSystem(sim, { name: 'tmp', directories: ['/tmp'] }), tasks, clock, provider: new SqliteVectorStoreProvider({ tasks, clock }) };
}

/** Word records of one receipt as the pipeline writes them (spec §3.11 ids and a few metadata keys). */
export function receiptWords(image: string, count: number, version = 0): VectorRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const line = Math.floor(i / 6) + 1;
    const word = (i % 6) + 1;
    const text = `word-${i}-v${version}`;
    return {
      id: `IMAGE#${image}#RECEIPT#00001#LINE#${String(line).padStart(5, '0')}#WORD#${String(word).padStart(5, '0')}`,
      embedding: deterministicEmbedding(text),
      document: text,
      metadata: { image_id: image, receipt_id: 1, line_id: line, word_id: word, text, x: i / count, label_status: version === 0 ? 'NONE' : 'VALIDATED' },
    };
  });
}

/** Copies a folder file by file through the port, as `cp -r` or a tar of a live folder would. */
export async function copyFolder(fs: FileSystem, from: string, to: string): Promise<void> {
  await fs.mkdir(to);
  for (const path of await listFilesRecursive(fs, from)) {
    const data = await fs.readFile(`${from}/${path}`);
    const slash = path.lastIndexOf('/');
    if (slash > 0) await fs.mkdir(`${to}/${path.slice(0, slash)}`);
    await fs.writeFile(`${to}/${path}`, data);
  }
}
