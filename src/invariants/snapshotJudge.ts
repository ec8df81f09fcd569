import type { StoredRecordView } from '../adapters/chroma/storeFiles.js';
import { type StoreIntegrity, judgeStoreImage } from '../adapters/chroma/storeIntegrity.js';
import { databaseFile, indexFile } from '../adapters/chroma/storeSchema.js';
import type { ObjectVersion } from '../adapters/memory/s3/versionedBucket.js';
import { readTarGz } from '../pipeline/archive/tarGz.js';
import { hashFileName, tarballName } from '../pipeline/snapshot/layout.js';
import { storeRecords } from './storeRecords.js';

/**
 * Judges a snapshot version from the exact objects a checker names (relative path → object version): a
 * head tarball is extracted, a seed-era directory is taken file by file (without `.snapshot_hash`, which
 * no reader checks, §5.3), and the store folder is judged by SQLite and the store's own checks
 * (`judgeStoreImage`; `inspectStoreFiles` when the records are wanted too). Results are cached by the
 * object versions that make up the store, so a version seen by the pointer and by several readers is
 * judged once per world.
 */
export class SnapshotJudge {
  private readonly files = new Map<string, Map<string, Uint8Array> | string>();
  private readonly integrities = new Map<string, StoreIntegrity>();
  private readonly records = new Map<string, ReadonlyMap<string, readonly StoredRecordView[]> | undefined>();

  /** Whether the objects form a sound store. */
  integrity(objects: ReadonlyMap<string, ObjectVersion>): StoreIntegrity {
    const signature = signatureOf(objects);
    let integrity = this.integrities.get(signature);
    if (integrity === undefined) {
      const files = this.filesOf(signature, objects);
      integrity = typeof files === 'string' ? unreadable(files) : judgeFolder(files);
      this.integrities.set(signature, integrity);
    }
    return integrity;
  }

  /** The store's records per collection; undefined when SQLite cannot read its database. */
  recordsOf(objects: ReadonlyMap<string, ObjectVersion>): ReadonlyMap<string, readonly StoredRecordView[]> | undefined {
    const signature = signatureOf(objects);
    if (!this.records.has(signature)) {
      const files = this.filesOf(signature, objects);
      const image = typeof files === 'string' ? undefined : files.get(databaseFile);
      this.records.set(signature, image === undefined ? undefined : storeRecords(image));
    }
    return this.records.get(signature);
  }

  /** The records of a tarball object (a delta, §5.1). */
  archiveRecords(object: ObjectVersion): ReadonlyMap<string, readonly StoredRecordView[]> | undefined {
    return this.recordsOf(new Map([[tarballName, object]]));
  }

  private filesOf(signature: string, objects: ReadonlyMap<string, ObjectVersion>): Map<string, Uint8Array> | string {
    let files = this.files.get(signature);
    if (files === undefined) {
      files = storeFilesOf(objects);
      this.files.set(signature, files);
    }
    return files;
  }
}

/** The object versions that make up the store: the tarball alone when there is one, else every file but the hash. */
function signatureOf(objects: ReadonlyMap<string, ObjectVersion>): string {
  const tarball = objects.get(tarballName);
  if (tarball !== undefined) return `${tarballName}@${tarball.versionId}`;
  return [...objects]
    .filter(([path]) => path !== hashFileName)
    .map(([path, v]) => `${path}@${v.versionId}`)
    .sort()
    .join('\n');
}

/** The store folder the objects hold, or why they hold none. */
function storeFilesOf(objects: ReadonlyMap<string, ObjectVersion>): Map<string, Uint8Array> | string {
  const tarball = objects.get(tarballName);
  if (tarball !== undefined) {
    try {
      return new Map(readTarGz(tarball.body).map((entry) => [entry.path, entry.data]));
    } catch (error) {
      return `${tarballName} does not extract: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const files = new Map<string, Uint8Array>();
  for (const [path, object] of objects) if (path !== hashFileName) files.set(path, object.body);
  return files.size > 0 ? files : 'no store files';
}

/** As `inspectStoreFiles` judges a folder, without reading its records. */
function judgeFolder(files: ReadonlyMap<string, Uint8Array>): StoreIntegrity {
  const image = files.get(databaseFile);
  if (image === undefined) return { sound: false, quickCheck: 'missing', problems: [`${databaseFile} is missing`] };
  const indexes = new Map<string, Uint8Array>();
  for (const [path, bytes] of files) {
    const parts = path.split('/');
    if (parts.length === 2 && parts[1] === indexFile) indexes.set(parts[0]!, bytes);
  }
  return judgeStoreImage(image, indexes);
}

function unreadable(problem: string): StoreIntegrity {
  return { sound: false, quickCheck: 'unreadable', problems: [problem] };
}
