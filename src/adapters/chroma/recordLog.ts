import type { Database } from 'better-sqlite3';
import type { Metadata, MetadataValue } from '../../ports/vectorStore.js';
import { Operation, documentKey, float32Bytes, float32FromBytes } from './storeSchema.js';
import { VectorIndex } from './vectorIndex.js';

/**
 * The `embeddings_queue` log. Every applied write appends one entry with the next seq id; a collection's
 * vector index is brought up to date by replaying the entries of its topic above the index's max seq id,
 * which is also how a lagging index file is reconciled on open (Chroma replays `embeddings_queue`).
 */
export interface LogEntry {
  readonly operation: (typeof Operation)[keyof typeof Operation];
  readonly topic: string;
  readonly id: string;
  readonly vector: Float32Array | undefined;
  /** The metadata written (null values included) and the document under `chroma:document`, when given. */
  readonly metadata: Metadata | undefined;
  readonly document: string | undefined;
}

interface LogRow {
  readonly seq_id: number;
  readonly operation: number;
  readonly id: string;
  readonly vector: Buffer | null;
}

/** A record's document and metadata as the log says they are. */
export interface LoggedRecord {
  readonly document: string | null;
  readonly metadata: Readonly<Record<string, Exclude<MetadataValue, null>>>;
}

export class RecordLog {
  private readonly insert;
  private readonly after;
  private readonly upTo;
  private readonly maxForTopic;
  private readonly writes;

  constructor(
    db: Database,
    private readonly now: () => number,
  ) {
    this.insert = db.prepare<[number, number, string, string, Buffer | null, string | null, string | null]>(
      'INSERT INTO embeddings_queue (created_at, operation, topic, id, vector, encoding, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.after = db.prepare<[string, number], LogRow>(
      'SELECT seq_id, operation, id, vector FROM embeddings_queue WHERE topic = ? AND seq_id > ? ORDER BY seq_id',
    );
    this.upTo = db.prepare<[string, number], LogRow>(
      'SELECT seq_id, operation, id, vector FROM embeddings_queue WHERE topic = ? AND seq_id <= ? ORDER BY seq_id',
    );
    this.writes = db.prepare<[string], { readonly operation: number; readonly id: string; readonly metadata: string | null }>(
      'SELECT operation, id, metadata FROM embeddings_queue WHERE topic = ? ORDER BY seq_id',
    );
    this.maxForTopic = db.prepare<[string], { readonly seq: number | null }>('SELECT MAX(seq_id) AS seq FROM embeddings_queue WHERE topic = ?');
  }

  /** Appends an entry and returns its seq id. */
  append(entry: LogEntry): number {
    const written: Record<string, unknown> = { ...(entry.metadata ?? {}) };
    if (entry.document !== undefined) written[documentKey] = entry.document;
    const metadata = Object.keys(written).length === 0 ? null : JSON.stringify(written);
    const vector = entry.vector === undefined ? null : float32Bytes(entry.vector);
    const result = this.insert.run(this.now(), entry.operation, entry.topic, entry.id, vector, vector === null ? null : 'FLOAT32', metadata);
    return Number(result.lastInsertRowid);
  }

  /** Applies the topic's entries above `index.maxSeq` to the index. */
  replayInto(topic: string, index: VectorIndex): void {
    for (const row of this.after.iterate(topic, index.maxSeq)) apply(index, row);
  }

  /** The index a topic's log implies as of `maxSeq`. */
  indexAsOf(topic: string, maxSeq: number): VectorIndex {
    const index = new VectorIndex();
    for (const row of this.upTo.iterate(topic, maxSeq)) apply(index, row);
    return index;
  }

  /**
   * The records the whole log of a topic implies: an upsert of a new id inserts it, an upsert or update of
   * an existing one merges into it (null deletes a key, an absent document stays), an update of a missing
   * id does nothing, a delete removes.
   */
  recordsOf(topic: string): Map<string, LoggedRecord> {
    const records = new Map<string, LoggedRecord>();
    for (const row of this.writes.iterate(topic)) {
      if (row.operation === Operation.delete) {
        records.delete(row.id);
        continue;
      }
      const { [documentKey]: document, ...metadata } = JSON.parse(row.metadata ?? '{}') as Record<string, MetadataValue>;
      const current = records.get(row.id);
      if (current === undefined && row.operation === Operation.update) continue;
      const merged = Object.fromEntries(Object.entries({ ...current?.metadata, ...metadata }).filter(([, value]) => value !== null)) as LoggedRecord['metadata'];
      records.set(row.id, { document: (document as string | undefined) ?? current?.document ?? null, metadata: merged });
    }
    return records;
  }

  maxSeq(topic: string): number {
    return this.maxForTopic.get(topic)?.seq ?? 0;
  }
}

function apply(index: VectorIndex, row: LogRow): void {
  if (row.operation === Operation.delete) index.delete(row.id, row.seq_id);
  else if (row.vector !== null) index.set(row.id, float32FromBytes(row.vector), row.seq_id);
  else index.advance(row.seq_id);
}
