import Database from 'better-sqlite3';
import type { Metadata } from '../../ports/vectorStore.js';
import { guard } from './sqliteErrors.js';
import { StoreDatabase } from './storeDatabase.js';
import { type StoreIntegrity, judgeStoreImage } from './storeIntegrity.js';
import { databaseFile, indexFile } from './storeSchema.js';

/**
 * A store folder given as bytes (relative path → content, as a snapshot tarball or a directory version
 * holds it), judged and read synchronously: the judgement of `checkStoreIntegrity`, and the records of
 * each collection when SQLite can read the image. For checkers that run after a simulation stopped and
 * must not step it. The index folders are the top-level folders holding an index file; other folders (the
 * compactor's `delta_{run_id}` stores, which travel inside its work directory, §3.5) are not part of the
 * store, as Chroma ignores folders it does not know.
 */
export interface StoredRecordView {
  readonly id: string;
  readonly document: string | null;
  readonly metadata: Metadata;
}

export interface StoreFilesInspection {
  readonly integrity: StoreIntegrity;
  /** Records per collection name; empty when the image cannot be read. */
  readonly records: ReadonlyMap<string, readonly StoredRecordView[]>;
}

export function inspectStoreFiles(files: ReadonlyMap<string, Uint8Array>): StoreFilesInspection {
  const image = files.get(databaseFile);
  if (image === undefined) {
    return { integrity: { sound: false, quickCheck: 'missing', problems: [`${databaseFile} is missing`] }, records: new Map() };
  }
  const indexes = new Map<string, Uint8Array>();
  for (const [path, bytes] of files) {
    const parts = path.split('/');
    if (parts.length === 2 && parts[1] === indexFile) indexes.set(parts[0]!, bytes);
  }
  const integrity = judgeStoreImage(image, indexes);
  return { integrity, records: integrity.quickCheck === 'ok' ? readRecords(image) : new Map() };
}

function readRecords(image: Uint8Array): Map<string, StoredRecordView[]> {
  const records = new Map<string, StoredRecordView[]>();
  const db = new Database(Buffer.from(image.buffer, image.byteOffset, image.byteLength), { readonly: true });
  try {
    const database = new StoreDatabase(db, () => 0);
    guard(() => {
      for (const collection of database.collections()) {
        const rows = database.select(collection.id, undefined, undefined, undefined);
        records.set(
          collection.name,
          rows.map((r) => ({ id: r.id, document: r.document, metadata: r.metadata ?? {} })),
        );
      }
    });
  } catch {
    // An image SQLite accepts but cannot query is reported by the integrity judgement; it holds no records.
    records.clear();
  } finally {
    db.close();
  }
  return records;
}
