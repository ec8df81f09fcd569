import type { Collection, GetResult, Include, Metadata } from '../../src/ports/vectorStore.js';
import type { Operation } from './operations.js';

/**
 * What a client can observe of one operation: a write is done or refused; a read gives records, compared
 * as a set of ids with their included fields (embeddings rounded to float32, where `-0` and `0` are the
 * same); a count gives a number. The order of the ids is kept aside: it is tallied, not compared.
 */
export interface ObservedRecord {
  readonly id: string;
  readonly document?: string | null;
  readonly metadata?: Metadata | null;
  readonly embedding?: readonly number[];
}

export type Observation =
  | { readonly kind: 'done' }
  | { readonly kind: 'refused' }
  | { readonly kind: 'read'; readonly records: readonly ObservedRecord[] }
  | { readonly kind: 'count'; readonly count: number };

export interface Observed {
  readonly observation: Observation;
  /** Ids in the order the read returned them. */
  readonly order?: readonly string[];
  /** Why a write or read was refused, for the failure message. */
  readonly reason?: string;
}

/** One store seen through the port; `reopen` closes and reopens it (a no-op for a server). */
export interface Target {
  collection(): Collection;
  reopen(): Promise<void>;
}

const everything: readonly Include[] = ['embeddings', 'documents', 'metadatas'];

/** Applies the operations in order, then reads the whole collection and counts it. */
export async function observe(operations: readonly Operation[], target: Target): Promise<Observed[]> {
  const observed: Observed[] = [];
  for (const operation of operations) observed.push(await perform(target, operation));
  observed.push(await perform(target, { kind: 'get', request: { include: [...everything] } }));
  observed.push(await perform(target, { kind: 'count' }));
  return observed;
}

async function perform(target: Target, operation: Operation): Promise<Observed> {
  const collection = target.collection();
  try {
    switch (operation.kind) {
      case 'upsert':
        await collection.upsert(operation.records);
        return { observation: { kind: 'done' } };
      case 'update':
        await collection.update(operation.request);
        return { observation: { kind: 'done' } };
      case 'delete':
        await collection.delete(operation.request);
        return { observation: { kind: 'done' } };
      case 'reopen':
        await target.reopen();
        return { observation: { kind: 'done' } };
      case 'count':
        return { observation: { kind: 'count', count: await collection.count() } };
      case 'get': {
        const result = await collection.get(operation.request);
        return { observation: { kind: 'read', records: records(result, operation.request.include ?? ['documents', 'metadatas']) }, order: result.ids };
      }
    }
  } catch (error) {
    return { observation: { kind: 'refused' }, reason: error instanceof Error ? error.message : String(error) };
  }
}

function records(result: GetResult, include: readonly Include[]): ObservedRecord[] {
  const rows = result.ids.map((id, i): ObservedRecord => ({
    id,
    ...(include.includes('documents') ? { document: result.documents?.[i] } : {}),
    ...(include.includes('metadatas') ? { metadata: result.metadatas?.[i] } : {}),
    ...(include.includes('embeddings') ? { embedding: result.embeddings?.[i]?.map((v) => Math.fround(v) + 0) } : {}),
  }));
  return rows.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}
