import type { FileSystem } from '../../src/ports/fileSystem.js';
import type { Collection, GetResult, Metadata, VectorRecord, VectorStore, VectorStoreProvider } from '../../src/ports/vectorStore.js';

export interface VectorStorePorts {
  readonly provider: VectorStoreProvider;
  readonly fs: FileSystem;
  /** An existing, empty, writable directory; stores are opened in folders under it. */
  readonly root: string;
}

export type Check = (name: string, body: (ports: VectorStorePorts) => Promise<void>) => void;

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

/** A deterministic 4-dimensional vector whose components are not all float32-exact. */
export const vector = (seed: number): number[] => [seed + 0.1, seed * 0.3, -seed - 0.7, 1 / (seed + 3)];

export const float32 = (values: readonly number[]): number[] => Array.from(Float32Array.from(values));

export const record = (id: string, seed: number, metadata: Metadata | null = { seed }, document: string | null = `doc ${id}`): VectorRecord => ({
  id,
  embedding: vector(seed),
  document,
  metadata,
});

export async function openWords(ports: VectorStorePorts, folder = 'store'): Promise<{ store: VectorStore; words: Collection }> {
  const store = await ports.provider.open(ports.fs, `${ports.root}/${folder}`);
  return { store, words: await store.getOrCreateCollection('words') };
}

/** Every record of a collection with everything included, for whole-state comparisons. */
export function everything(collection: Collection): Promise<GetResult> {
  return collection.get({ include: ['embeddings', 'documents', 'metadatas'] });
}
