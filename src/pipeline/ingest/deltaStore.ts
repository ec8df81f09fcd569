import type { Clock } from '../../ports/clock.js';
import type { FileSystem } from '../../ports/fileSystem.js';
import type { ObjectStore } from '../../ports/objectStore.js';
import type { VectorRecord, VectorStore, VectorStoreProvider } from '../../ports/vectorStore.js';
import type { ChromaCollection } from '../entities/compactionLock.js';
import { type DeltaUploadResult, uploadDelta } from '../delta/uploadDelta.js';

/**
 * One embedding delta of the upload Lambda (spec §6.1, §8.6 steps 3–4, seed 003 steps 1–2): a local
 * Chroma store in `/tmp/{c}_{run_id}` on the container's `/tmp` holding collection `{c}`, packed with
 * tar+gzip and put at `{c}/delta/{run_id}/delta.tar.gz`. The client is closed before packing only with
 * `closeBeforeTar` (§3.12); otherwise the tarball is taken while the store's flusher may still be writing
 * the files. Once uploaded (or failed) the client is closed and the folder removed.
 */
export interface DeltaStorePorts {
  readonly store: ObjectStore;
  readonly clock: Clock;
  readonly vectorStores: VectorStoreProvider;
}

export interface OpenDelta {
  readonly collection: ChromaCollection;
  readonly directory: string;
  readonly fs: FileSystem;
  readonly client: VectorStore;
}

export const deltaDirectory = (collection: ChromaCollection, runId: string): string => `/tmp/${collection}_${runId}`;

export async function writeDelta(
  ports: DeltaStorePorts,
  fs: FileSystem,
  collection: ChromaCollection,
  runId: string,
  records: readonly VectorRecord[],
): Promise<OpenDelta> {
  const directory = deltaDirectory(collection, runId);
  const client = await ports.vectorStores.open(fs, directory);
  const target = await client.getOrCreateCollection(collection);
  // Chroma refuses an upsert without ids; a receipt whose elements are all noise leaves the delta empty.
  if (records.length > 0) await target.upsert(records);
  return { collection, directory, fs, client };
}

export async function uploadOpenDelta(
  ports: DeltaStorePorts,
  delta: OpenDelta,
  options: { readonly runId: string; readonly closeBeforeTar: boolean; readonly checkStatus: boolean },
): Promise<DeltaUploadResult> {
  try {
    if (options.closeBeforeTar) await delta.client.close();
    return await uploadDelta(
      { store: ports.store, fs: delta.fs, clock: ports.clock },
      { localDir: delta.directory, collection: delta.collection, runId: options.runId, checkStatus: options.checkStatus },
    );
  } finally {
    await delta.client.close();
    await delta.fs.remove(delta.directory);
  }
}
