import { type StoreFilesInspection, inspectStoreFiles } from '../adapters/chroma/storeFiles.js';
import { readTarGz } from '../pipeline/archive/tarGz.js';
import { hashFileName, tarballKey, versionedPrefix } from '../pipeline/snapshot/layout.js';
import { readPointer } from '../pipeline/snapshot/pointer.js';
import { NoSuchKey } from '../ports/errors.js';
import { listAllObjects, type ObjectStore } from '../ports/objectStore.js';

/**
 * Reads back what a soak run left in the bucket: the version the pointer of a collection names now,
 * downloaded and judged as the simulation judges one (SQLite `quick_check` and the store's own checks,
 * storeIntegrity.ts), with its records; and the records of a delta archive. A head version is one
 * tarball; a seed-era S3 version is a folder of files (without `.snapshot_hash`).
 */
export interface CurrentSnapshot {
  readonly version: string;
  /** Bytes downloaded: the tarball, or the files of a directory version. */
  readonly bytes: number;
  readonly inspection: StoreFilesInspection;
}

export async function readCurrentSnapshot(store: ObjectStore, collection: string): Promise<CurrentSnapshot | undefined> {
  const pointer = await readPointer(store, collection);
  if (pointer === undefined) return undefined;
  return { version: pointer.versionId, ...(await inspectVersion(store, collection, pointer.versionId)) };
}

async function inspectVersion(store: ObjectStore, collection: string, version: string): Promise<{ readonly bytes: number; readonly inspection: StoreFilesInspection }> {
  try {
    const tarball = (await store.getObject(tarballKey(collection, version))).body;
    return { bytes: tarball.byteLength, inspection: inspectArchive(tarball) };
  } catch (error) {
    if (!(error instanceof NoSuchKey)) throw error;
  }
  const prefix = versionedPrefix(collection, version);
  const files = new Map<string, Uint8Array>();
  for (const object of await listAllObjects(store, prefix)) {
    const path = object.key.slice(prefix.length);
    if (path !== hashFileName) files.set(path, (await store.getObject(object.key)).body);
  }
  return { bytes: [...files.values()].reduce((sum, f) => sum + f.byteLength, 0), inspection: inspectStoreFiles(files) };
}

/** A tar.gz store folder (a snapshot tarball or a delta); an archive that does not extract is unsound. */
export function inspectArchive(body: Uint8Array): StoreFilesInspection {
  try {
    return inspectStoreFiles(new Map(readTarGz(body).map((entry) => [entry.path, entry.data])));
  } catch (error) {
    const problem = `the archive does not extract: ${error instanceof Error ? error.message : String(error)}`;
    return { integrity: { sound: false, quickCheck: 'unreadable', problems: [problem] }, records: new Map() };
  }
}
