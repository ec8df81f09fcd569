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
}

/**
 * One collection with Chroma's observable semantics (spec §3.12): `upsert` replaces records, `update`
 * merges metadata (null deletes a key) and ignores ids that do not exist, `get` returns only existing ids
 * (in the order asked for, else in insertion order), `delete` of a missing id is fine. Vectors are read
 * from the collection's index, so they come back rounded to float32.
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
      if (this.dimension === null) {
        this.dimension = writes[0]!.vector.length;
        this.host.database.setDimension(this.id, this.dimension);
      }
      this.host.database.upsert(this.id, writes);
    });
    this.host.changed(this.id);
  }

  async update(request: UpdateRequest): Promise<void> {
    this.host.checkOpen();
    this.host.checkWritable();
    const updates = recordUpdates(request, this.dimension);
    guard(() => this.host.database.update(this.id, updates));
    this.host.changed(this.id);
  }

  async get(request: GetRequest): Promise<GetResult> {
    this.host.checkOpen();
    const include = checkInclude(request.include);
    checkLimit(request.limit);
    const where = request.where === undefined ? undefined : compileWhere(request.where);
    const ids = request.ids === undefined ? undefined : [...new Set(request.ids)];
    let records = ids?.length === 0 ? [] : guard(() => this.host.database.select(this.id, ids, where, ids === undefined ? request.limit : undefined));
    if (ids !== undefined) {
      const byId = new Map(records.map((r) => [r.id, r]));
      records = ids.flatMap((id) => byId.get(id) ?? []).slice(0, request.limit);
    }
    return this.result(records, include);
  }

  async delete(request: { readonly ids?: readonly string[]; readonly where?: Where }): Promise<void> {
    this.host.checkOpen();
    this.host.checkWritable();
    if (request.ids === undefined && request.where === undefined) throw new ValidationError('You must provide either ids, where, or where_document to delete');
    if (request.ids !== undefined && request.ids.length > 0) checkIds(request.ids);
    const where = request.where === undefined ? undefined : compileWhere(request.where);
    const targets =
      where === undefined ? (request.ids ?? []) : guard(() => this.host.database.select(this.id, request.ids, where, undefined)).map((r) => r.id);
    if (targets.length === 0) return;
    guard(() => this.host.database.delete(this.id, targets));
    this.host.changed(this.id);
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
