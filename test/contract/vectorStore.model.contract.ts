import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Collection, GetResult, Metadata, MetadataValue, VectorStore } from '../../src/ports/vectorStore.js';
import type { ContractBackend } from './backend.js';
import { type VectorStorePorts, everything, float32, vector } from './vectorStore.support.js';

/**
 * A model of spec §3.12 as a Map in insertion order, and a property: any sequence of upserts, updates,
 * deletes and close/reopen cycles leaves the store holding exactly what the model holds. Where real Chroma
 * differs from the spec the model follows Chroma (test/chroma/differential.test.ts): an upsert of an
 * existing id merges like an update.
 */
interface ModelRecord {
  readonly embedding: number[];
  readonly document: string | null;
  readonly metadata: Metadata | null;
}

type Op =
  | { readonly kind: 'upsert'; readonly ids: string[]; readonly seed: number; readonly metadata: Metadata | null; readonly document: string | null }
  | { readonly kind: 'update'; readonly ids: string[]; readonly metadata: Metadata | null; readonly document: string | null }
  | { readonly kind: 'delete'; readonly ids: string[] }
  | { readonly kind: 'reopen' };

const idPool = ['a', 'b', 'c', 'd', 'e', 'f'];
const ids = fc.uniqueArray(fc.constantFrom(...idPool), { minLength: 1, maxLength: 4 });
const value: fc.Arbitrary<Exclude<MetadataValue, null>> = fc.oneof(
  fc.constantFrom('TOTAL', 'TAX', ''),
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(0.5, -2.25, 1e-3),
  fc.boolean(),
);
const metadata: fc.Arbitrary<Metadata | null> = fc.option(fc.dictionary(fc.constantFrom('k1', 'k2', 'k3'), fc.option(value, { nil: null }), { maxKeys: 3 }), {
  nil: null,
});
const document = fc.option(fc.constantFrom('one', 'two', ''), { nil: null });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('upsert' as const), ids, seed: fc.integer({ min: 0, max: 50 }), metadata, document }),
  fc.record({ kind: fc.constant('update' as const), ids, metadata, document }),
  fc.record({ kind: fc.constant('delete' as const), ids }),
  fc.constant({ kind: 'reopen' as const }),
);

function nonEmpty(metadata: Record<string, Exclude<MetadataValue, null>>): Metadata | null {
  return Object.keys(metadata).length === 0 ? null : metadata;
}

/** Given keys replace, null deletes a key; a record left without keys has null metadata. */
function merge(current: Metadata | null, update: Metadata | null): Metadata | null {
  return nonEmpty(Object.fromEntries(Object.entries({ ...current, ...update }).filter(([, v]) => v !== null)) as Record<string, Exclude<MetadataValue, null>>);
}

function merged(current: ModelRecord, operation: { readonly metadata: Metadata | null; readonly document: string | null }): ModelRecord {
  return { ...current, document: operation.document ?? current.document, metadata: merge(current.metadata, operation.metadata) };
}

function apply(model: Map<string, ModelRecord>, operation: Op): void {
  if (operation.kind === 'upsert') {
    operation.ids.forEach((id, i) => {
      const current = model.get(id);
      const embedding = float32(vector(operation.seed + i));
      model.set(id, current === undefined ? { embedding, document: operation.document, metadata: merge(null, operation.metadata) } : { ...merged(current, operation), embedding });
    });
  } else if (operation.kind === 'update') {
    for (const id of operation.ids) {
      const current = model.get(id);
      if (current !== undefined) model.set(id, merged(current, operation));
    }
  } else if (operation.kind === 'delete') {
    for (const id of operation.ids) model.delete(id);
  }
}

async function perform(collection: Collection, operation: Op): Promise<void> {
  if (operation.kind === 'upsert') {
    await collection.upsert(operation.ids.map((id, i) => ({ id, embedding: vector(operation.seed + i), document: operation.document, metadata: operation.metadata })));
  } else if (operation.kind === 'update') {
    await collection.update({ ids: operation.ids, metadatas: operation.ids.map(() => operation.metadata), documents: operation.ids.map(() => operation.document) });
  } else if (operation.kind === 'delete') {
    await collection.delete({ ids: operation.ids });
  }
}

function expected(model: ReadonlyMap<string, ModelRecord>): GetResult {
  const records = [...model];
  return {
    ids: records.map(([id]) => id),
    embeddings: records.map(([, r]) => r.embedding),
    documents: records.map(([, r]) => r.document),
    metadatas: records.map(([, r]) => r.metadata),
  };
}

export function vectorStoreModelCases(backend: ContractBackend<VectorStorePorts>): void {
  describe('against a model of spec §3.12', () => {
    it('any sequence of upserts, updates, deletes and reopenings leaves exactly the modelled records', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), (ops) =>
          backend.run(async (ports) => {
            const model = new Map<string, ModelRecord>();
            const folder = `${ports.root}/model`;
            let store: VectorStore = await ports.provider.open(ports.fs, folder);
            let words = await store.getOrCreateCollection('words');
            for (const operation of ops) {
              if (operation.kind === 'reopen') {
                await store.close();
                store = await ports.provider.open(ports.fs, folder);
                words = (await store.getCollection('words'))!;
              }
              await perform(words, operation);
              apply(model, operation);
              expect(await everything(words)).toEqual(expected(model));
              expect(await words.count()).toBe(model.size);
            }
            await store.close();
          }),
        ),
        { numRuns: 30 },
      );
    });
  });
}
