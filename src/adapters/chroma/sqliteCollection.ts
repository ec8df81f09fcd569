import { ValidationError, VectorStoreError } from '../../ports/errors.js';
import type { Collection, GetRequest, GetResult, UpdateRequest, VectorRecord, Where } from '../../ports/vectorStore.js';
import { checkIds, checkInclude, checkLimit, recordUpdates, recordWrites } from './requestValidation.js';
import { guard } from './sqliteErrors.js';
import type { StoreDatabase, StoredRecord } from './storeDatabase.js';
import type { VectorIndex } from './vectorIndex.js';
import { compileWhere } from './whereFilter.js';

/** What a collection needs from its store: the database, its vector index, and the store's state. */
export interface CollectionHost {
  readonly database: StoreDatabase;
  /** Throws once the store is closed. */
  checkOpen(): void;
  /** Throws when the store is read-only. */
  checkWritable(): void;
  /** After a write: brings the collection's index up to date from the log and schedules a flush. */
  changed(collectionId: string): void;
  /** Schedules a flush of a change outside the log (a collection's dimension). */
  markDirty(): void;
}

/**
 * One collection with real Chroma's observable semantics (spec §3.12, corrected where the differential
 * test against a Chroma server disagrees with it): `update` merges metadata (null deletes a key) and
 * ignores ids that do not exist; `upsert` inserts a new id and merges into an existing one like `update`
 * (new embedding); `get` returns only existing ids, always in insertion order (also when ids are given,
 * and `limit` applies after that order); `delete` of a missing id is fine. Vectors are read from the
 * collection's index, so they come back rounded to float32.
 */
export class SqliteCollection implements Collection {
  constructor(
    private readonly host: CollectionHost,
    readonly id: string,
    readonly name: string,
    private dimension: number | null,
    private readonly index: VectorIndex,
  ) {}

  async count(): Promise<number> {
    this.host.checkOpen();
    return guard(() => this.host.database.count(this.id));
  }

  async upsert(records: readonly VectorRecord[]): Promise<void> {
    this.host.checkOpen();
    this.host.checkWritable();
    const writes = recordWrites(records, this.dimension);
    guard(() => {
      if (this.dimension === null) this.fixDimension(writes[0]!.vector.length);
      this.host.database.upsert(this.id, writes);
    });
    this.host.changed(this.id);
  }

  async update(request: UpdateRequest): Promise<void> {
    this.host.checkOpen();
    this.host.checkWritable();
    const updates = recordUpdates(request, this.dimension);
    // Chroma fixes the dimension with the first embeddings it is sent, even for ids that do not exist.
    const first = updates[0]?.vector;
    const fixes = this.dimension === null && first !== undefined;
    guard(() => {
      if (fixes) this.fixDimension(first.length);
      this.host.database.update(this.id, updates);
    });
    if (fixes) this.host.markDirty();
    this.host.changed(this.id);
  }

  async get(request: GetRequest): Promise<GetResult> {
    this.host.checkOpen();
    const include = checkInclude(request.include);
    checkLimit(request.limit);
    const where = request.where === undefined ? undefined : compileWhere(request.where);
    const ids = request.ids === undefined ? undefined : [...new Set(request.ids)];
    const records = ids?.length === 0 ? [] : guard(() => this.host.database.select(this.id, ids, where, request.limit));
    return this.result(records, include);
  }

  async delete(request: { readonly ids?: readonly string[]; readonly where?: Where }): Promise<void> {
    this.host.checkOpen();
    this.host.checkWritable();
    if (request.ids === undefined && request.where === undefined) throw new ValidationError('You must provide either ids, where, or where_document to delete');
    // An empty ids list is refused, even beside a where filter, as by the Chroma clients and server.
    if (request.ids !== undefined) checkIds(request.ids);
    const where = request.where === undefined ? undefined : compileWhere(request.where);
    const targets =
      where === undefined ? (request.ids ?? []) : guard(() => this.host.database.select(this.id, request.ids, where, undefined)).map((r) => r.id);
    if (targets.length === 0) return;
    guard(() => this.host.database.delete(this.id, targets));
    this.host.changed(this.id);
  }

  private fixDimension(dimension: number): void {
    this.dimension = dimension;
    this.host.database.setDimension(this.id, dimension);
  }

  private result(records: readonly StoredRecord[], include: ReadonlySet<string>): GetResult {
    const result: { -readonly [K in keyof GetResult]: GetResult[K] } = { ids: records.map((r) => r.id) };
    if (include.has('embeddings')) {
      result.embeddings = records.map((r) => {
        const vector = this.index.vectors.get(r.id);
        if (vector === undefined) throw new VectorStoreError('IndexInconsistent', `Error finding id ${r.id} in the vector index of ${this.name}`);
        return Array.from(vector);
      });
    }
    if (include.has('documents')) result.documents = records.map((r) => r.document);
    if (include.has('metadatas')) result.metadatas = records.map((r) => r.metadata);
    return result;
  }
}
