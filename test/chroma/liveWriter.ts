import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Back-to-back upserts (batches of 50 records with 4-dimensional embeddings) into a real Chroma server
 * from a worker thread, so they go on while the test thread is blocked copying the data folder.
 * `stop()` ends the loop after the batch in flight and resolves with the number of batches written.
 */
export interface LiveWriter {
  stop(): Promise<number>;
}

const source = `
const { workerData, parentPort } = require('node:worker_threads');
const { ChromaClient } = require(workerData.chromadb);
(async () => {
  const client = new ChromaClient({ host: '127.0.0.1', port: workerData.port });
  const collection = await client.getOrCreateCollection({ name: workerData.collection, embeddingFunction: null });
  const stop = new Int32Array(workerData.stop);
  parentPort.postMessage({ started: true });
  let batches = 0;
  while (Atomics.load(stop, 0) === 0) {
    const ids = Array.from({ length: 50 }, (_, i) => 'r' + ((batches * 50 + i) % 3000));
    await collection.upsert({
      ids,
      embeddings: ids.map((_, i) => [batches, i, batches / (i + 1), 1]),
      metadatas: ids.map((_, i) => ({ batch: batches, text: 'word ' + i })),
      documents: ids.map((id) => 'document ' + id),
    });
    batches++;
  }
  parentPort.postMessage({ batches });
})().catch((error) => parentPort.postMessage({ error: String(error) }));
`;

const chromadb = createRequire(import.meta.url).resolve('chromadb');

export async function startLiveWriter(port: number, collection: string): Promise<LiveWriter> {
  const stop = new SharedArrayBuffer(4);
  const worker = new Worker(source, { eval: true, workerData: { chromadb, port, collection, stop } });
  const finished = new Promise<number>((resolve, reject) => {
    worker.on('message', (message: { readonly batches?: number; readonly error?: string }) => {
      if (message.error !== undefined) reject(new Error(`live writer: ${message.error}`));
      if (message.batches !== undefined) resolve(message.batches);
    });
    worker.once('error', reject);
  });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    finished.catch(reject);
  });
  return {
    stop: async () => {
      Atomics.store(new Int32Array(stop), 0, 1);
      try {
        return await finished;
      } finally {
        await worker.terminate();
      }
    },
  };
}
