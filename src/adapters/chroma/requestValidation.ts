import { ValidationError } from '../../ports/errors.js';
import type { Include, Metadata, UpdateRequest, VectorRecord } from '../../ports/vectorStore.js';
import type { RecordUpdate, RecordWrite } from './storeDatabase.js';
import { documentKey } from './storeSchema.js';

/**
 * The checks a local Chroma client makes before a request reaches the database, with its messages:
 * ids are non-empty strings, unique within a write; embeddings are finite numbers of the collection's
 * dimension (fixed by the first write); metadata values are strings, finite numbers, booleans or null
 * (null deletes the key of an existing record, in an update as in an upsert; a new record lacks it).
 */
export function recordWrites(records: readonly VectorRecord[], dimension: number | null): RecordWrite[] {
  checkIds(records.map((r) => r.id));
  const expected = dimension ?? records[0]?.embedding.length ?? 0;
  return records.map((record) => ({
    id: record.id,
    vector: vectorOf(record.embedding, expected),
    document: record.document,
    metadata: checkMetadata(record.metadata),
  }));
}

export function recordUpdates(request: UpdateRequest, dimension: number | null): RecordUpdate[] {
  checkIds(request.ids);
  const count = request.ids.length;
  for (const [name, list] of [['metadatas', request.metadatas], ['documents', request.documents], ['embeddings', request.embeddings]] as const) {
    if (list !== undefined && list.length !== count) throw new ValidationError(`Number of ${name} (${list.length}) must match number of ids (${count})`);
  }
  const firstDimension = dimension ?? request.embeddings?.[0]?.length ?? 0;
  return request.ids.map((id, i) => {
    const embedding = request.embeddings?.[i];
    return {
      id,
      vector: embedding === undefined ? undefined : vectorOf(embedding, firstDimension),
      document: request.documents?.[i] ?? undefined,
      metadata: checkMetadata(request.metadatas?.[i] ?? null) ?? undefined,
    };
  });
}

export function checkIds(ids: readonly string[]): void {
  if (!Array.isArray(ids) || ids.length === 0) throw new ValidationError(`Expected IDs to be a non-empty list, got ${Array.isArray(ids) ? ids.length : 0} IDs`);
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const id of ids) {
    if (typeof id !== 'string' || id.length === 0) throw new ValidationError(`Expected ID to be a non-empty str, got ${JSON.stringify(id)}`);
    if (seen.has(id)) duplicates.add(id);
    seen.add(id);
  }
  if (duplicates.size > 0) throw new ValidationError(`Expected IDs to be unique, found duplicates of: ${[...duplicates].join(', ')}`);
}

const includes: ReadonlySet<string> = new Set<Include>(['embeddings', 'documents', 'metadatas']);

/** Chroma's default for `get` is documents and metadatas. */
export function checkInclude(include: readonly Include[] | undefined): ReadonlySet<Include> {
  const chosen = include ?? ['documents', 'metadatas'];
  for (const item of chosen) {
    if (!includes.has(item)) throw new ValidationError(`Expected include item to be one of embeddings, documents, metadatas, got ${String(item)}`);
  }
  return new Set(chosen);
}

export function checkLimit(limit: number | undefined): void {
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) throw new ValidationError(`Expected limit to be a non-negative int, got ${limit}`);
}

function vectorOf(embedding: readonly number[], dimension: number): Float32Array {
  if (!Array.isArray(embedding) || embedding.length === 0) throw new ValidationError('Expected embedding to be a non-empty list of numbers');
  if (embedding.length !== dimension) throw new ValidationError(`Collection expecting embedding with dimension of ${dimension}, got ${embedding.length}`);
  for (const value of embedding) {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new ValidationError(`Expected each value in the embedding to be a finite number, got ${String(value)}`);
  }
  return Float32Array.from(embedding);
}

function checkMetadata(metadata: Metadata | null): Metadata | null {
  if (metadata === null) return null;
  if (typeof metadata !== 'object' || Array.isArray(metadata)) throw new ValidationError(`Expected metadata to be a dict or None, got ${JSON.stringify(metadata)}`);
  for (const [key, value] of Object.entries(metadata)) {
    if (key === documentKey) throw new ValidationError(`Expected metadata to not contain the reserved key ${documentKey}`);
    const valid = value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    if (!valid) throw new ValidationError(`Expected metadata value to be a str, int, float or bool, got ${String(value)} for key ${key}`);
  }
  return metadata;
}
