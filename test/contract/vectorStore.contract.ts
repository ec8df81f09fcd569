import { describe, expect, it } from 'vitest';
import type { ContractBackend } from './backend.js';
import { vectorStoreFilterCases } from './vectorStore.filters.contract.js';
import { vectorStoreModelCases } from './vectorStore.model.contract.js';
import { type Check, type VectorStorePorts, everything, float32, openWords, record, rejection, vector } from './vectorStore.support.js';

export type { VectorStorePorts } from './vectorStore.support.js';

/** The VectorStore contract (spec §3.12), written against the port only. */
export function vectorStoreContract(backend: ContractBackend<VectorStorePorts>): void {
  const check: Check = (name, body) => {
    it(name, () => backend.run(body));
  };

  describe(`VectorStore contract (${backend.name})`, () => {
    describe('records', () => {
      check('an upserted record reads back with its document, metadata and float32-rounded embedding', async (ports) => {
        const { words } = await openWords(ports);
        await words.upsert([record('a', 1, { text: 'TOTAL', x: 0.25, n: 3, ok: true })]);
        const got = await words.get({ ids: ['a'], include: ['embeddings', 'documents', 'metadatas'] });
        expect(got).toEqual({ ids: ['a'], embeddings: [float32(vector(1))], documents: ['doc a'], metadatas: [{ text: 'TOTAL', x: 0.25, n: 3, ok: true }] });
        expect(got.embeddings?.[0]).not.toEqual(vector(1));
        expect(await words.count()).toBe(1);
      });

      // Real Chroma (test/chroma/differential.test.ts), not spec §3.12, which says an upsert replaces the record.
      check('upsert of an existing id replaces the embedding and merges the rest like update: null deletes a key, a null document or metadata stays', async (ports) => {
        const { words } = await openWords(ports);
        await words.upsert([record('a', 1, { old: 'x', kept: 1 }, 'first')]);
        await words.upsert([record('a', 2, { kept: 2, old: null, added: true }, null)]);
        expect(await everything(words)).toEqual({ ids: ['a'], embeddings: [float32(vector(2))], documents: ['first'], metadatas: [{ kept: 2, added: true }] });
        await words.upsert([record('a', 3, null, 'second')]);
        expect(await everything(words)).toEqual({ ids: ['a'], embeddings: [float32(vector(3))], documents: ['second'], metadatas: [{ kept: 2, added: true }] });
        await words.upsert([record('b', 4, { gone: null }, null)]);
        expect((await words.get({ ids: ['b'] })).metadatas).toEqual([null]);
      });

      check('upsert is idempotent', async (ports) => {
        const { words } = await openWords(ports);
        const batch = [record('a', 1), record('b', 2)];
        await words.upsert(batch);
        const once = await everything(words);
        await words.upsert(batch);
        expect(await everything(words)).toEqual(once);
        expect(await words.count()).toBe(2);
      });

      check('update merges metadata: omitted keys stay, null removes a key, new keys are added', async (ports) => {
        const { words } = await openWords(ports);
        await words.upsert([record('a', 1, { merchant_name: 'Shop', label_status: 'NONE', x: 1 })]);
        await words.update({ ids: ['a'], metadatas: [{ label_status: 'VALIDATED', merchant_name: null, valid_labels_array: 'TOTAL' }] });
        const got = await everything(words);
        expect(got.metadatas).toEqual([{ label_status: 'VALIDATED', x: 1, valid_labels_array: 'TOTAL' }]);
        expect(got.documents).toEqual(['doc a']);
        expect(got.embeddings).toEqual([float32(vector(1))]);
      });

      check('update can replace the document and the embedding and leaves them alone otherwise', async (ports) => {
        const { words } = await openWords(ports);
        await words.upsert([record('a', 1), record('b', 2)]);
        await words.update({ ids: ['a', 'b'], documents: ['new a', null], embeddings: [vector(5), vector(6)] });
        expect(await everything(words)).toMatchObject({ documents: ['new a', 'doc b'], embeddings: [float32(vector(5)), float32(vector(6))] });
      });

      check('update of ids that do not exist does nothing and reports nothing', async (ports) => {
        const { words } = await openWords(ports);
        await words.upsert([record('a', 1, { k: 'v' })]);
        await words.update({ ids: ['ghost', 'a'], metadatas: [{ k: 'ghost' }, { k: 'w' }] });
        expect(await words.count()).toBe(1);
        expect(await everything(words)).toMatchObject({ ids: ['a'], metadatas: [{ k: 'w' }] });
        expect((await words.get({ ids: ['ghost'] })).ids).toEqual([]);
      });

      check('the first embeddings a collection is sent fix its dimension, even in an update of ids that do not exist, and across a reopen', async (ports) => {
        await (await openWords(ports)).store.close();
        const { store, words } = await openWords(ports);
        await words.update({ ids: ['ghost'], embeddings: [[1, 2]] });
        await store.close();
        const reopened = await openWords(ports);
        expect(await rejection(reopened.words.upsert([record('a', 1)]))).toBeInstanceOf(Error);
        await reopened.words.upsert([{ id: 'a', embedding: [3, 4], document: null, metadata: null }]);
        expect(await reopened.words.count()).toBe(1);
        await reopened.store.close();
      });

      check('get returns only the ids that exist, in insertion order whatever the order asked for', async (ports) => {
        const { words } = await openWords(ports);
        await words.upsert([record('a', 1), record('b', 2), record('c', 3)]);
        expect((await words.get({ ids: ['c', 'missing', 'a'] })).ids).toEqual(['a', 'c']);
        expect((await words.get({ ids: [] })).ids).toEqual([]);
      });

      check('get without ids returns every record in insertion order; an upsert keeps a record in its place', async (ports) => {
        const { words } = await openWords(ports);
        await words.upsert([record('m', 1), record('b', 2)]);
        await words.upsert([record('z', 3), record('m', 4)]);
        expect((await words.get({})).ids).toEqual(['m', 'b', 'z']);
        expect((await words.get({ limit: 2 })).ids).toEqual(['m', 'b']);
      });

      check('get includes documents and metadatas by default and exactly what include names otherwise', async (ports) => {
        const { words } = await openWords(ports);
        await words.upsert([record('a', 1)]);
        expect(Object.keys(await words.get({ ids: ['a'] })).sort()).toEqual(['documents', 'ids', 'metadatas']);
        expect(await words.get({ ids: ['a'], include: ['embeddings'] })).toEqual({ ids: ['a'], embeddings: [float32(vector(1))] });
        expect(await words.get({ ids: ['a'], include: [] })).toEqual({ ids: ['a'] });
      });

      check('delete removes records; deleting a missing id is fine', async (ports) => {
        const { words } = await openWords(ports);
        await words.upsert([record('a', 1), record('b', 2)]);
        await words.delete({ ids: ['a', 'missing'] });
        await words.delete({ ids: ['missing'] });
        expect((await words.get({})).ids).toEqual(['b']);
        expect(await words.count()).toBe(1);
        await words.upsert([record('a', 7)]);
        expect((await words.get({})).ids).toEqual(['b', 'a']);
      });

      check('delete by where removes the matching records only', async (ports) => {
        const { words } = await openWords(ports);
        await words.upsert([record('a', 1, { image_id: 'i1' }), record('b', 2, { image_id: 'i2' }), record('c', 3, { image_id: 'i1' })]);
        await words.delete({ where: { image_id: 'i1' } });
        expect((await words.get({})).ids).toEqual(['b']);
      });

      check('requests Chroma refuses are rejected without effect', async (ports) => {
        const { words } = await openWords(ports);
        await words.upsert([record('a', 1)]);
        expect(await rejection(words.upsert([record('b', 2), record('b', 3)]))).toBeInstanceOf(Error);
        expect(await rejection(words.upsert([]))).toBeInstanceOf(Error);
        expect(await rejection(words.upsert([{ id: 'c', embedding: [1, 2], document: null, metadata: null }]))).toBeInstanceOf(Error);
        expect(await rejection(words.update({ ids: ['a', 'a'], metadatas: [{ k: 1 }, { k: 2 }] }))).toBeInstanceOf(Error);
        expect(await rejection(words.delete({}))).toBeInstanceOf(Error);
        expect(await rejection(words.delete({ ids: [] }))).toBeInstanceOf(Error);
        expect(await everything(words)).toEqual({ ids: ['a'], embeddings: [float32(vector(1))], documents: ['doc a'], metadatas: [{ seed: 1 }] });
      });
    });

    describe('collections', () => {
      check('getOrCreateCollection creates once; getCollection is undefined for a missing name', async (ports) => {
        const store = await ports.provider.open(ports.fs, `${ports.root}/store`);
        expect(await store.listCollections()).toEqual([]);
        expect(await store.getCollection('lines')).toBeUndefined();
        const lines = await store.getOrCreateCollection('lines', { 'hnsw:space': 'cosine' });
        await lines.upsert([record('l', 1)]);
        await store.getOrCreateCollection('words');
        expect((await store.getOrCreateCollection('lines')).name).toBe('lines');
        expect(await (await store.getCollection('lines'))?.count()).toBe(1);
        expect(await store.listCollections()).toEqual(['lines', 'words']);
        expect(await (await store.getCollection('words'))?.count()).toBe(0);
        await store.close();
      });
    });

    describe('persistence', () => {
      check('close then reopen gives identical records in every collection', async (ports) => {
        const { store, words } = await openWords(ports);
        const lines = await store.getOrCreateCollection('lines');
        await words.upsert(Array.from({ length: 40 }, (_, i) => record(`w${i}`, i, { i, text: `word ${i}`, even: i % 2 === 0 })));
        await lines.upsert([record('l1', 100, null, null)]);
        await words.update({ ids: ['w3'], metadatas: [{ text: null, label: 'TOTAL' }] });
        await words.delete({ ids: ['w5'] });
        const before = { words: await everything(words), lines: await everything(lines) };
        await store.close();
        const reopened = await ports.provider.open(ports.fs, `${ports.root}/store`);
        expect(await reopened.listCollections()).toEqual(['words', 'lines']);
        expect({ words: await everything((await reopened.getCollection('words'))!), lines: await everything((await reopened.getCollection('lines'))!) }).toEqual(before);
        await reopened.close();
      });

      check('a store is unusable after close', async (ports) => {
        const { store, words } = await openWords(ports);
        await store.close();
        expect(await rejection(words.count())).toBeInstanceOf(Error);
        expect(await rejection(store.listCollections())).toBeInstanceOf(Error);
        await store.close();
      });

      check('opening a folder that does not exist gives an empty store', async (ports) => {
        const store = await ports.provider.open(ports.fs, `${ports.root}/fresh`);
        expect(await store.listCollections()).toEqual([]);
        await store.close();
        expect((await ports.fs.stat(`${ports.root}/fresh`))?.type).toBe('directory');
      });

      check('a read-only open reads the records, refuses writes and never changes a file', async (ports) => {
        const { store, words } = await openWords(ports);
        await words.upsert([record('a', 1)]);
        await store.close();
        const files = async (): Promise<string[]> => {
          const described: string[] = [];
          for (const name of await ports.fs.readdir(`${ports.root}/store`)) described.push(`${name}:${(await ports.fs.stat(`${ports.root}/store/${name}`))?.mtime}`);
          return described;
        };
        const before = await files();
        const image = await ports.fs.readFile(`${ports.root}/store/chroma.sqlite3`);
        const readOnly = await ports.provider.open(ports.fs, `${ports.root}/store`, { readOnly: true });
        const readWords = (await readOnly.getCollection('words'))!;
        expect((await readWords.get({ ids: ['a'] })).ids).toEqual(['a']);
        expect(await rejection(readWords.upsert([record('b', 2)]))).toBeInstanceOf(Error);
        expect(await rejection(readOnly.getOrCreateCollection('lines'))).toBeInstanceOf(Error);
        await readOnly.close();
        expect(await files()).toEqual(before);
        expect(Buffer.from(await ports.fs.readFile(`${ports.root}/store/chroma.sqlite3`)).equals(Buffer.from(image))).toBe(true);
      });
    });

    vectorStoreFilterCases(check);
    vectorStoreModelCases(backend);
  });
}
