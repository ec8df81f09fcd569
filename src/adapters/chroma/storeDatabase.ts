import Database from 'better-sqlite3';
import type { Metadata, MetadataValue } from '../../ports/vectorStore.js';
import { type MetadataRow, metadataByRow, typedValue } from './metadataRows.js';
import { RecordLog } from './recordLog.js';
import { Operation, collectionIdFor, schema } from './storeSchema.js';
import type { CompiledWhere } from './whereFilter.js';

/**
 * The record tables of `chroma.sqlite3` behind Chroma's semantics: every write is one transaction that
 * appends to the log and updates `embeddings` and `embedding_metadata`. An update merges metadata (null
 * deletes a key), replaces the document unless it is null, and skips ids that do not exist; a delete skips
 * them too. An upsert of a new id inserts it; of an existing id it replaces the embedding and otherwise
 * merges exactly like an update, keeping the record's row (so the insertion order stays). That is what real
 * Chroma does (test/chroma/differential.test.ts), not the replacement spec §3.12 describes.
 */
export interface CollectionRow {
  readonly id: string;
  readonly name: string;
  readonly dimension: number | null;
}

export interface StoredRecord {
  readonly rowId: number;
  readonly id: string;
  readonly document: string | null;
  readonly metadata: Metadata | null;
}

export interface RecordWrite {
  readonly id: string;
  readonly vector: Float32Array;
  readonly document: string | null;
  /** Null values delete keys of an existing record; a new record simply lacks them. */
  readonly metadata: Metadata | null;
}

export interface RecordUpdate {
  readonly id: string;
  readonly vector: Float32Array | undefined;
  /** Undefined leaves the document as it is. */
  readonly document: string | undefined;
  readonly metadata: Metadata | undefined;
}

type Value = Exclude<MetadataValue, null>;

export class StoreDatabase {
  readonly log: RecordLog;
  private readonly rowOf;
  private readonly insertRecord;
  private readonly setDocument;
  private readonly touchRecord;
  private readonly clearMetadata;
  private readonly putMetadata;
  private readonly dropMetadata;
  private readonly deleteRecord;

  constructor(
    readonly db: Database.Database,
    now: () => number,
  ) {
    this.log = new RecordLog(db, now);
    this.rowOf = db.prepare<[string, string], { readonly id: number }>('SELECT id FROM embeddings WHERE collection_id = ? AND embedding_id = ?');
    this.insertRecord = db.prepare<[string, string, number, string | null]>(
      'INSERT INTO embeddings (collection_id, embedding_id, seq_id, document) VALUES (?, ?, ?, ?)',
    );
    this.setDocument = db.prepare<[number, string, number]>('UPDATE embeddings SET seq_id = ?, document = ? WHERE id = ?');
    this.touchRecord = db.prepare<[number, number]>('UPDATE embeddings SET seq_id = ? WHERE id = ?');
    this.clearMetadata = db.prepare<[number]>('DELETE FROM embedding_metadata WHERE id = ?');
    this.putMetadata = db.prepare<[number, string, string | null, number | null, number | null, number | null]>(
      'INSERT OR REPLACE INTO embedding_metadata (id, key, string_value, int_value, float_value, bool_value) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.dropMetadata = db.prepare<[number, string]>('DELETE FROM embedding_metadata WHERE id = ? AND key = ?');
    this.deleteRecord = db.prepare<[number]>('DELETE FROM embeddings WHERE id = ?');
  }

  /** A new, empty store database. */
  static create(now: () => number): StoreDatabase {
    const db = new Database(':memory:');
    db.exec(schema);
    return new StoreDatabase(db, now);
  }

  collections(): CollectionRow[] {
    return this.db.prepare<[], CollectionRow>('SELECT id, name, dimension FROM collections ORDER BY rowid').all();
  }

  createCollection(name: string, metadata: Metadata | undefined): CollectionRow {
    const id = collectionIdFor(name);
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO collections (id, name, dimension) VALUES (?, ?, NULL)').run(id, name);
      const put = this.db.prepare('INSERT INTO collection_metadata (collection_id, key, str_value, int_value, float_value, bool_value) VALUES (?, ?, ?, ?, ?, ?)');
      for (const [key, value] of Object.entries(metadata ?? {})) {
        if (value === null) continue;
        const v = typedValue(value);
        put.run(id, key, v.string_value, v.int_value, v.float_value, v.bool_value);
      }
    })();
    return { id, name, dimension: null };
  }

  setDimension(collectionId: string, dimension: number): void {
    this.db.prepare('UPDATE collections SET dimension = ? WHERE id = ?').run(dimension, collectionId);
  }

  count(collectionId: string): number {
    return this.db.prepare<[string], { readonly n: number }>('SELECT COUNT(*) AS n FROM embeddings WHERE collection_id = ?').get(collectionId)?.n ?? 0;
  }

  upsert(collectionId: string, records: readonly RecordWrite[]): void {
    this.db.transaction(() => {
      for (const record of records) {
        const document = record.document ?? undefined;
        const metadata = record.metadata ?? undefined;
        const existing = this.rowOf.get(collectionId, record.id);
        const seq = this.log.append({ operation: Operation.upsert, topic: collectionId, id: record.id, vector: record.vector, metadata, document });
        if (existing !== undefined) {
          this.merge(existing.id, seq, document, metadata);
          continue;
        }
        const rowId = Number(this.insertRecord.run(collectionId, record.id, seq, record.document).lastInsertRowid);
        for (const [key, value] of Object.entries(metadata ?? {})) if (value !== null) this.put(rowId, key, value);
      }
    })();
  }

  update(collectionId: string, updates: readonly RecordUpdate[]): void {
    this.db.transaction(() => {
      for (const update of updates) {
        const existing = this.rowOf.get(collectionId, update.id);
        if (existing === undefined) continue;
        const seq = this.log.append({ operation: Operation.update, topic: collectionId, id: update.id, vector: update.vector, metadata: update.metadata, document: update.document });
        this.merge(existing.id, seq, update.document, update.metadata);
      }
    })();
  }

  delete(collectionId: string, ids: readonly string[]): void {
    this.db.transaction(() => {
      for (const id of ids) {
        const existing = this.rowOf.get(collectionId, id);
        if (existing === undefined) continue;
        this.log.append({ operation: Operation.delete, topic: collectionId, id, vector: undefined, metadata: undefined, document: undefined });
        this.clearMetadata.run(existing.id);
        this.deleteRecord.run(existing.id);
      }
    })();
  }

  /** Records of the collection in insertion order, restricted to `ids` and `where` when given. */
  select(collectionId: string, ids: readonly string[] | undefined, where: CompiledWhere | undefined, limit: number | undefined): StoredRecord[] {
    const clauses = ['e.collection_id = ?'];
    const params: (string | number)[] = [collectionId];
    if (ids !== undefined) {
      clauses.push('e.embedding_id IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(ids));
    }
    if (where !== undefined) {
      clauses.push(where.sql);
      params.push(...where.params);
    }
    let sql = `SELECT e.id AS rowId, e.embedding_id AS id, e.document AS document FROM embeddings e WHERE ${clauses.join(' AND ')} ORDER BY e.id`;
    if (limit !== undefined) {
      sql += ' LIMIT ?';
      params.push(limit);
    }
    const rows = this.db.prepare<(string | number)[], Omit<StoredRecord, 'metadata'>>(sql).all(...params);
    const metadata = metadataByRow(
      this.db
        .prepare<[string], MetadataRow>(
          'SELECT id, key, string_value, int_value, float_value, bool_value FROM embedding_metadata WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id, key',
        )
        .all(JSON.stringify(rows.map((r) => r.rowId))),
    );
    return rows.map((row) => ({ ...row, metadata: metadata.get(row.rowId) ?? null }));
  }

  /** Points the row at its new log entry, replaces a given document and merges metadata (null deletes). */
  private merge(rowId: number, seq: number, document: string | undefined, metadata: Metadata | undefined): void {
    if (document === undefined) this.touchRecord.run(seq, rowId);
    else this.setDocument.run(seq, document, rowId);
    for (const [key, value] of Object.entries(metadata ?? {})) {
      if (value === null) this.dropMetadata.run(rowId, key);
      else this.put(rowId, key, value);
    }
  }

  private put(rowId: number, key: string, value: Value): void {
    const v = typedValue(value);
    this.putMetadata.run(rowId, key, v.string_value, v.int_value, v.float_value, v.bool_value);
  }
}
