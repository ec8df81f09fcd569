import type { FileSystem } from './fileSystem.js';

/**
 * A Chroma persistent store as the pipeline uses it (spec §3.12): collections of records with an id, an
 * embedding, a document and flat metadata. `update` merges metadata and a null value removes the key;
 * `upsert` of a new id inserts it; of an existing id it replaces the embedding and merges the metadata like
 * `update` (real Chroma 3.5.0 does, although spec §3.12 says "replaces": test/chroma/differential.test.ts);
 * `get` returns only ids that exist; deleting a missing id is fine.
 */
export type MetadataValue = string | number | boolean | null;
export type Metadata = Readonly<Record<string, MetadataValue>>;

export type WhereOperand = string | number | boolean;
export type WhereCondition =
  | WhereOperand
  | { readonly $eq: WhereOperand }
  | { readonly $ne: WhereOperand }
  | { readonly $gt: number }
  | { readonly $gte: number }
  | { readonly $lt: number }
  | { readonly $lte: number }
  | { readonly $in: readonly WhereOperand[] }
  | { readonly $nin: readonly WhereOperand[] };

export type Where =
  | { readonly $and: readonly Where[] }
  | { readonly $or: readonly Where[] }
  | { readonly [key: string]: WhereCondition };

export type Include = 'embeddings' | 'documents' | 'metadatas';

export interface VectorRecord {
  readonly id: string;
  readonly embedding: readonly number[];
  readonly document: string | null;
  readonly metadata: Metadata | null;
}

export interface GetRequest {
  readonly ids?: readonly string[];
  readonly where?: Where;
  readonly include?: readonly Include[];
  readonly limit?: number;
}

export interface GetResult {
  readonly ids: readonly string[];
  readonly embeddings?: readonly (readonly number[])[];
  readonly documents?: readonly (string | null)[];
  readonly metadatas?: readonly (Metadata | null)[];
}

export interface UpdateRequest {
  readonly ids: readonly string[];
  readonly metadatas?: readonly (Metadata | null)[];
  readonly documents?: readonly (string | null)[];
  readonly embeddings?: readonly (readonly number[])[];
}

export interface Collection {
  readonly name: string;
  count(): Promise<number>;
  upsert(records: readonly VectorRecord[]): Promise<void>;
  update(request: UpdateRequest): Promise<void>;
  get(request: GetRequest): Promise<GetResult>;
  delete(request: { readonly ids?: readonly string[]; readonly where?: Where }): Promise<void>;
}

export interface VectorStore {
  listCollections(): Promise<string[]>;
  /** Undefined when the collection does not exist. */
  getCollection(name: string): Promise<Collection | undefined>;
  getOrCreateCollection(name: string, metadata?: Metadata): Promise<Collection>;
  /** Flushes everything to the directory and releases it; the directory is then safe to copy. */
  close(): Promise<void>;
}

/** Opens (or creates) a persistent store in a directory of a file system. */
export interface VectorStoreProvider {
  open(fs: FileSystem, directory: string, options?: { readonly readOnly?: boolean }): Promise<VectorStore>;
}
