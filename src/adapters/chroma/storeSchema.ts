import { createHash } from 'node:crypto';

/**
 * The tables of `chroma.sqlite3`, modelled on real Chroma's: collections with their metadata, one row per
 * record (`embeddings`) with typed metadata rows, and the write-ahead log `embeddings_queue` whose seq ids
 * only grow. Vectors live in the log and in the per-collection index files, as in Chroma, where the
 * HNSW segment is rebuilt from the log. The log is never purged here, so the database alone determines
 * every vector.
 */
export const databaseFile = 'chroma.sqlite3';
export const indexFile = 'index.bin';

export const schema = `
CREATE TABLE collections (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  dimension INTEGER
);
CREATE TABLE collection_metadata (
  collection_id TEXT NOT NULL REFERENCES collections(id),
  key TEXT NOT NULL,
  str_value TEXT,
  int_value INTEGER,
  float_value REAL,
  bool_value INTEGER,
  PRIMARY KEY (collection_id, key)
);
CREATE TABLE embeddings (
  id INTEGER PRIMARY KEY,
  collection_id TEXT NOT NULL REFERENCES collections(id),
  embedding_id TEXT NOT NULL,
  seq_id INTEGER NOT NULL,
  document TEXT,
  UNIQUE (collection_id, embedding_id)
);
CREATE TABLE embedding_metadata (
  id INTEGER NOT NULL REFERENCES embeddings(id),
  key TEXT NOT NULL,
  string_value TEXT,
  int_value INTEGER,
  float_value REAL,
  bool_value INTEGER,
  PRIMARY KEY (id, key)
);
CREATE INDEX embedding_metadata_key_string ON embedding_metadata (key, string_value);
CREATE INDEX embedding_metadata_key_int ON embedding_metadata (key, int_value);
CREATE INDEX embedding_metadata_key_float ON embedding_metadata (key, float_value);
CREATE TABLE embeddings_queue (
  seq_id INTEGER PRIMARY KEY,
  created_at INTEGER NOT NULL,
  operation INTEGER NOT NULL,
  topic TEXT NOT NULL,
  id TEXT NOT NULL,
  vector BLOB,
  encoding TEXT,
  metadata TEXT
);
CREATE INDEX embeddings_queue_topic ON embeddings_queue (topic, seq_id);
`;

/** Chroma's `Operation` enum values as stored in `embeddings_queue.operation`. */
export const Operation = { add: 0, update: 1, upsert: 2, delete: 3 } as const;

/** The log stores the record's document under this metadata key, as Chroma does. */
export const documentKey = 'chroma:document';

/** A UUID-shaped collection id derived from the name, so the same store has the same folders. */
export function collectionIdFor(name: string): string {
  const h = createHash('sha256').update(`collection:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Page size from the database header (bytes 16-17, big-endian; 1 means 65536). */
export function pageSizeOf(image: Uint8Array): number {
  if (image.length < 100) return 4096;
  const raw = (image[16]! << 8) | image[17]!;
  return raw === 1 ? 65_536 : raw;
}

export function float32Bytes(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

export function float32FromBytes(bytes: Uint8Array): Float32Array {
  const copy = new Uint8Array(bytes);
  return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
}
