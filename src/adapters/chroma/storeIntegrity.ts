import Database from 'better-sqlite3';
import type { FileSystem } from '../../ports/fileSystem.js';
import { readIfExists } from './fileReads.js';
import { guard, quickCheck } from './sqliteErrors.js';
import { type CollectionRow, StoreDatabase } from './storeDatabase.js';
import { databaseFile, indexFile } from './storeSchema.js';
import { type VectorIndex, decodeIndex } from './vectorIndex.js';

/**
 * Judges a store folder as a copy or an extracted snapshot would be judged (design.md, Fidelity): SQLite
 * runs `PRAGMA quick_check` on the image (only exactly `ok` is sound; a thrown SQLITE_CORRUPT is reported
 * in SQLite's words), then the store's own checks, which catch images SQLite accepts but that mix two
 * versions: every record row names the log entry that wrote it and holds what the log says (documents and
 * metadata replayed from the log), metadata rows belong to records, and each
 * collection has an index file that equals the log replayed up to the index's max seq id (which is not
 * beyond the database's), and that, reconciled with the rest of the log, holds exactly the database's ids.
 */
export interface StoreIntegrity {
  readonly sound: boolean;
  readonly quickCheck: string;
  readonly problems: string[];
}

const shown = 5;

export async function checkStoreIntegrity(fs: FileSystem, directory: string): Promise<StoreIntegrity> {
  const image = await readIfExists(fs, `${directory}/${databaseFile}`);
  if (image === undefined) return { sound: false, quickCheck: 'missing', problems: [`${databaseFile} is missing`] };
  const indexes = new Map<string, Uint8Array | undefined>();
  for (const name of await fs.readdir(directory)) {
    if ((await fs.stat(`${directory}/${name}`))?.type === 'directory') indexes.set(name, await readIfExists(fs, `${directory}/${name}/${indexFile}`));
  }
  return judgeStoreImage(image, indexes);
}

/**
 * The same judgement over bytes already read: the database image and, per folder of the store, its index
 * file (undefined when the folder has none). Synchronous, so a checker can judge bytes it peeked at
 * without stepping a simulation.
 */
export function judgeStoreImage(image: Uint8Array, indexes: ReadonlyMap<string, Uint8Array | undefined>): StoreIntegrity {
  const quick = quickCheck(image);
  const problems = quick === 'ok' ? [] : [`quick_check: ${quick}`];
  if (quick === 'ok') {
    const db = new Database(Buffer.from(image.buffer, image.byteOffset, image.byteLength), { readonly: true });
    try {
      problems.push(...guard(() => consistencyProblems(new StoreDatabase(db, () => 0), indexes)));
    } catch (error) {
      problems.push(`reading the database: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      db.close();
    }
  }
  return { sound: problems.length === 0, quickCheck: quick, problems };
}

function consistencyProblems(database: StoreDatabase, indexFiles: ReadonlyMap<string, Uint8Array | undefined>): string[] {
  const problems: string[] = [];
  const count = (sql: string): number => database.db.prepare<[], { readonly n: number }>(sql).get()?.n ?? 0;
  const unlogged = count(
    'SELECT COUNT(*) AS n FROM embeddings e WHERE NOT EXISTS (SELECT 1 FROM embeddings_queue q WHERE q.seq_id = e.seq_id AND q.topic = e.collection_id AND q.id = e.embedding_id)',
  );
  if (unlogged > 0) problems.push(`${unlogged} record rows name no matching log entry`);
  const orphans = count('SELECT COUNT(*) AS n FROM embedding_metadata WHERE id NOT IN (SELECT id FROM embeddings)');
  if (orphans > 0) problems.push(`${orphans} metadata rows belong to no record`);
  const collections = database.collections();
  for (const folder of indexFiles.keys()) {
    if (!collections.some((c) => c.id === folder)) problems.push(`index folder ${folder} belongs to no collection`);
  }
  for (const collection of collections) {
    problems.push(...recordProblems(database, collection), ...indexProblems(database, collection, indexFiles.get(collection.id)));
  }
  return problems;
}

/** The record tables must hold what the log says: a mix of pages from two versions rarely does. */
function recordProblems(database: StoreDatabase, collection: CollectionRow): string[] {
  const logged = database.log.recordsOf(collection.id);
  const stored = database.select(collection.id, undefined, undefined, undefined);
  const differing = stored.filter((r) => {
    const expected = logged.get(r.id);
    return expected === undefined || expected.document !== r.document || !sameMetadata(expected.metadata, r.metadata ?? {});
  });
  const storedIds = new Set(stored.map((r) => r.id));
  const unstored = [...logged.keys()].filter((id) => !storedIds.has(id)).length;
  if (differing.length === 0 && unstored === 0) return [];
  return [
    `collection ${collection.name} (${collection.id}): ${differing.length} records differ from the log and ${unstored} logged records are missing (${differing
      .slice(0, shown)
      .map((r) => r.id)
      .join(', ')})`,
  ];
}

function sameMetadata(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.is(a[key], b[key]));
}

function indexProblems(database: StoreDatabase, collection: CollectionRow, bytes: Uint8Array | undefined): string[] {
  const where = `collection ${collection.name} (${collection.id})`;
  if (bytes === undefined) return [`${where}: index file missing`];
  let index: VectorIndex;
  try {
    index = decodeIndex(bytes);
  } catch (error) {
    return [`${where}: ${error instanceof Error ? error.message : String(error)}`];
  }
  const databaseMaxSeq = database.log.maxSeq(collection.id);
  if (index.maxSeq > databaseMaxSeq) return [`${where}: index covers seq ${index.maxSeq} but the database log ends at ${databaseMaxSeq}`];
  const problems: string[] = [];
  const expected = database.log.indexAsOf(collection.id, index.maxSeq);
  const differing = [...new Set([...index.vectors.keys(), ...expected.vectors.keys()])].filter((id) => !sameVector(index.vectors.get(id), expected.vectors.get(id)));
  if (differing.length > 0) {
    problems.push(`${where}: ${differing.length} index vectors disagree with the log up to seq ${index.maxSeq} (${differing.slice(0, shown).join(', ')})`);
  }
  database.log.replayInto(collection.id, index);
  const rows = new Set(database.select(collection.id, undefined, undefined, undefined).map((r) => r.id));
  const missing = [...rows].filter((id) => !index.vectors.has(id));
  const extra = [...index.vectors.keys()].filter((id) => !rows.has(id));
  if (missing.length > 0 || extra.length > 0) {
    problems.push(
      `${where}: after reconciliation the index holds ${index.vectors.size} vectors for ${rows.size} records (no vector: ${missing.slice(0, shown).join(', ')}; no record: ${extra.slice(0, shown).join(', ')})`,
    );
  }
  return problems;
}

function sameVector(a: Float32Array | undefined, b: Float32Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}
