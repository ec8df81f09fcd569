import { type StoreFilesInspection, inspectStoreFiles } from '../../adapters/chroma/storeFiles.js';
import type { MemoryObjectStore } from '../../adapters/memory/s3/memoryObjectStore.js';
import { readTarGz } from '../../pipeline/archive/tarGz.js';
import { deltaKey } from '../../pipeline/delta/deltaLocation.js';
import { hashFileName, pointerKey, tarballKey, versionedPrefix } from '../../pipeline/snapshot/layout.js';

/**
 * Snapshots and deltas read from the bucket's current objects with the fake's synchronous inspection
 * (`peek`, `keys`), so a checker can judge them after the run without stepping the simulation: the
 * version the pointer names (a head tarball, or a seed-era directory uploaded file by file, §5.1, §8.5)
 * and a delta tarball (`{c}/delta/{run_id}/delta.tar.gz`), each judged as a store folder.
 */
export interface SnapshotState {
  readonly versionId: string;
  readonly inspection: StoreFilesInspection;
}

/** The version the pointer names now, judged; undefined when there is no pointer. */
export function currentSnapshot(store: MemoryObjectStore, collection: string): SnapshotState | undefined {
  const pointer = store.peek(pointerKey(collection));
  if (pointer === undefined) return undefined;
  const versionId = new TextDecoder().decode(pointer.body).trim();
  return { versionId, inspection: judge(versionFiles(store, collection, versionId)) };
}

/** The files of a version by relative path, or what makes them unreadable. */
export function versionFiles(store: MemoryObjectStore, collection: string, versionId: string): Map<string, Uint8Array> | string {
  const tarball = store.peek(tarballKey(collection, versionId));
  if (tarball !== undefined) return untar(tarball.body);
  const prefix = versionedPrefix(collection, versionId);
  const files = new Map<string, Uint8Array>();
  for (const key of store.keys(prefix)) {
    const path = key.slice(prefix.length);
    const object = store.peek(key);
    if (path !== hashFileName && object !== undefined) files.set(path, object.body);
  }
  return files.size > 0 ? files : `no objects under ${prefix}`;
}

/** The ids a receipt's delta holds for its collection; undefined when the delta is absent. */
export function deltaIds(store: MemoryObjectStore, collection: string, runId: string): string[] | undefined {
  const object = store.peek(deltaKey(collection, runId));
  if (object === undefined) return undefined;
  return (judge(untar(object.body)).records.get(collection) ?? []).map((r) => r.id);
}

function untar(body: Uint8Array): Map<string, Uint8Array> | string {
  try {
    return new Map(readTarGz(body).map((entry) => [entry.path, entry.data]));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function judge(files: Map<string, Uint8Array> | string): StoreFilesInspection {
  if (typeof files !== 'string') return inspectStoreFiles(files);
  return { integrity: { sound: false, quickCheck: 'unreadable', problems: [files] }, records: new Map() };
}
