/**
 * A Chroma-like persistent store on real SQLite (better-sqlite3), for the simulation and for local runs.
 *
 * Modelled: a `PersistentClient` folder holding `chroma.sqlite3` and one folder per collection (named by
 * the collection's id, like Chroma's HNSW folders) with an index file of ids, float32 vectors and the
 * highest log seq id it covers. The database lives in memory; writes apply at once (each call is one
 * SQLite transaction) and mark the store dirty; a flusher task writes the changed pages of the image one
 * per `writeAt`, then the index files (see storeFlusher.ts). Index files may lag the database: on open the
 * log entries above an index's max seq id are replayed into it, as Chroma replays `embeddings_queue`.
 * `close()` waits for the flusher, flushes the rest and refuses further use; only then is the folder
 * safe to copy (spec §3.12). A copy taken earlier can be torn for real: SQLite judges it (`quick_check`,
 * see storeIntegrity.ts). Opening reads the files through the FileSystem port; a read-only open never
 * writes (a missing folder then gives an empty store in memory).
 *
 * Not modelled: SQLite's rollback journal (a crash mid-flush leaves a torn file that real SQLite would roll
 * back), log purging, HNSW search (`query`), embedding functions, Chroma Cloud's request limits, and
 * other clients sharing the folder. Store calls take no simulated time and record no trace step of their
 * own; only their file I/O does.
 */
import Database from 'better-sqlite3';
import type { Clock } from '../../ports/clock.js';
import { VectorStoreError } from '../../ports/errors.js';
import type { FileSystem } from '../../ports/fileSystem.js';
import type { Tasks } from '../../ports/tasks.js';
import type { Collection, Metadata, VectorStore, VectorStoreProvider } from '../../ports/vectorStore.js';
import { readIfExists } from './fileReads.js';
import { type CollectionHost, SqliteCollection } from './sqliteCollection.js';
import { guard } from './sqliteErrors.js';
import { StoreDatabase } from './storeDatabase.js';
import { type FlushImage, StoreFlusher } from './storeFlusher.js';
import { databaseFile, indexFile } from './storeSchema.js';
import { VectorIndex, decodeIndex, encodeIndex } from './vectorIndex.js';

export interface SqliteVectorStoreOptions {
  readonly tasks: Tasks;
  /** Timestamps of log entries (`created_at`); 0 without a clock. */
  readonly clock?: Clock;
}

export class SqliteVectorStoreProvider implements VectorStoreProvider {
  constructor(private readonly options: SqliteVectorStoreOptions) {}

  async open(fs: FileSystem, directory: string, options?: { readonly readOnly?: boolean }): Promise<VectorStore> {
    const readOnly = options?.readOnly === true;
    const clock = this.options.clock;
    const now = (): number => clock?.now() ?? 0;
    const onDisk = await readIfExists(fs, `${directory}/${databaseFile}`);
    if (onDisk === undefined && !readOnly) await fs.mkdir(directory);
    const database = guard(() =>
      onDisk === undefined ? StoreDatabase.create(now) : new StoreDatabase(new Database(Buffer.from(onDisk), { readonly: readOnly }), now),
    );
    const store = new SqliteVectorStore(database, readOnly);
    try {
      for (const row of guard(() => database.collections())) {
        const bytes = await readIfExists(fs, `${directory}/${row.id}/${indexFile}`);
        const index = bytes === undefined ? new VectorIndex() : decodeIndex(bytes);
        store.attach(row.id, row.name, row.dimension, index, bytes === undefined);
      }
    } catch (error) {
      database.db.close();
      throw error;
    }
    if (!readOnly) {
      store.persistTo(new StoreFlusher(fs, directory, this.options.tasks, (all) => store.capture(all), onDisk));
      // A new store writes its file at once, as Chroma creates chroma.sqlite3 when the client starts.
      if (onDisk === undefined) await store.flushNow();
      else store.persistReconciledIndexes();
    }
    return store;
  }
}

class SqliteVectorStore implements VectorStore, CollectionHost {
  private closed = false;
  private flusher: StoreFlusher | undefined;
  private readonly collections = new Map<string, SqliteCollection>();
  private readonly indexes = new Map<string, VectorIndex>();
  private readonly changedIndexes = new Set<string>();

  constructor(
    readonly database: StoreDatabase,
    private readonly readOnly: boolean,
  ) {}

  /** Registers a collection found at open and reconciles its index with the log. */
  attach(id: string, name: string, dimension: number | null, index: VectorIndex, indexMissing: boolean): void {
    const before = index.maxSeq;
    guard(() => this.database.log.replayInto(id, index));
    if (indexMissing || index.maxSeq !== before) this.changedIndexes.add(id);
    this.indexes.set(id, index);
    this.collections.set(name, new SqliteCollection(this, id, name, dimension, index));
  }

  persistTo(flusher: StoreFlusher): void {
    this.flusher = flusher;
  }

  /** Index files that lagged the database get rewritten in the background. */
  persistReconciledIndexes(): void {
    if (this.changedIndexes.size > 0) this.flusher?.markDirty();
  }

  async flushNow(): Promise<void> {
    this.flusher?.markDirty();
    await this.flusher?.drain();
  }

  capture(all: boolean): FlushImage {
    const database = guard(() => this.database.db.serialize());
    const ids = all ? [...this.indexes.keys()] : [...this.changedIndexes];
    this.changedIndexes.clear();
    return { database, indexes: new Map(ids.map((id) => [id, encodeIndex(this.indexes.get(id)!)])) };
  }

  markDirty(): void {
    this.flusher?.markDirty();
  }

  checkOpen(): void {
    if (this.closed) throw new VectorStoreError('StoreClosed', 'The vector store has been closed');
  }

  checkWritable(): void {
    if (this.readOnly) throw new VectorStoreError('SQLITE_READONLY', 'attempt to write a readonly database');
  }

  changed(collectionId: string): void {
    const index = this.indexes.get(collectionId)!;
    const before = index.maxSeq;
    guard(() => this.database.log.replayInto(collectionId, index));
    if (index.maxSeq === before) return;
    this.changedIndexes.add(collectionId);
    this.flusher?.markDirty();
  }

  async listCollections(): Promise<string[]> {
    this.checkOpen();
    return [...this.collections.keys()];
  }

  async getCollection(name: string): Promise<Collection | undefined> {
    this.checkOpen();
    return this.collections.get(name);
  }

  async getOrCreateCollection(name: string, metadata?: Metadata): Promise<Collection> {
    this.checkOpen();
    const existing = this.collections.get(name);
    if (existing !== undefined) return existing;
    this.checkWritable();
    const row = guard(() => this.database.createCollection(name, metadata));
    const index = new VectorIndex();
    this.indexes.set(row.id, index);
    const collection = new SqliteCollection(this, row.id, name, null, index);
    this.collections.set(name, collection);
    this.changedIndexes.add(row.id);
    this.flusher?.markDirty();
    return collection;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.flusher?.drain();
    } finally {
      this.database.db.close();
    }
  }
}
