import { describe, expect, it } from 'vitest';
import { collectionIdFor } from '../../../src/adapters/chroma/storeSchema.js';
import { checkStoreIntegrity } from '../../../src/adapters/chroma/storeIntegrity.js';
import { decodeIndex } from '../../../src/adapters/chroma/vectorIndex.js';
import { MemoryFileSystem } from '../../../src/adapters/memory/fs/memoryFileSystem.js';
import { FileSystemError, VectorStoreError } from '../../../src/ports/errors.js';
import { listFilesRecursive } from '../../../src/ports/fileSystem.js';
import { SqliteVectorStoreProvider } from '../../../src/adapters/chroma/sqliteVectorStore.js';
import { Scope } from '../../../src/sim/actor.js';
import { simulate } from '../../support/simulate.js';
import { StopBeforeIndexFiles } from './stopBeforeIndexFiles.js';
import { receiptWords, storeWorld } from './storeWorld.js';

const dir = '/tmp/chroma';
const wordsId = collectionIdFor('words');
const sound = { sound: true, quickCheck: 'ok', problems: [] };
const float32 = (values: readonly number[]): number[] => Array.from(Float32Array.from(values));

describe('the store folder', () => {
  it('holds chroma.sqlite3 and one folder per collection, named by its id, with an index file; a closed store is sound', async () => {
    await simulate({}, storeWorld, async (w) => {
      const store = await w.provider.open(w.fs, dir);
      await (await store.getOrCreateCollection('words')).upsert(receiptWords('img', 60));
      await store.getOrCreateCollection('lines');
      await store.close();
      expect(await listFilesRecursive(w.fs, dir)).toEqual([`${collectionIdFor('lines')}/index.bin`, `${wordsId}/index.bin`, 'chroma.sqlite3'].sort());
      expect(wordsId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(await checkStoreIntegrity(w.fs, dir)).toEqual(sound);
    });
  });

  it('is written page by page: after a small change only the changed pages are written, one per step', async () => {
    let pagesInFile = 0;
    const sim = await simulate({}, storeWorld, async (w) => {
      const first = await w.provider.open(w.fs, dir);
      await (await first.getOrCreateCollection('words')).upsert(receiptWords('img', 300));
      await first.close();
      const store = await w.provider.open(w.fs, dir);
      await (await store.getCollection('words'))!.update({ ids: [receiptWords('img', 1)[0]!.id], metadatas: [{ label_status: 'VALIDATED' }] });
      await store.close();
      pagesInFile = (await w.fs.stat(`${dir}/chroma.sqlite3`))!.size / 4096;
    });
    const databaseWrites = sim.trace.steps.filter((e) => e.op === 'fs.write' && e.detail?.path === `${dir}/chroma.sqlite3`);
    expect(databaseWrites.every((e) => e.detail?.pages === 1)).toBe(true);
    const reopened = sim.trace.steps.findLastIndex((e) => e.op === 'fs.read' && e.detail?.path === `${dir}/chroma.sqlite3`);
    const afterReopen = databaseWrites.filter((e) => e.step > reopened).length;
    expect(pagesInFile).toBeGreaterThan(100);
    expect(afterReopen).toBeGreaterThan(0);
    expect(afterReopen).toBeLessThan(pagesInFile / 4);
  });

  it('is written identically for the same seed: the trace, page writes included, is reproducible', async () => {
    const seed = Math.floor(Math.random() * 2 ** 32);
    const run = (): Promise<string> =>
      simulate({ seed }, storeWorld, async (w) => {
        const store = await w.provider.open(w.fs, dir);
        const words = await store.getOrCreateCollection('words');
        for (let version = 0; version < 3; version++) {
          await words.upsert(receiptWords('img', 60, version));
          await w.clock.sleep(1);
        }
        await store.close();
      }).then((sim) => sim.trace.hash);
    expect(await run()).toBe(await run());
  });

  it('close() reports a write that keeps failing (a full /tmp)', async () => {
    await simulate({}, (sim) => ({ fs: new MemoryFileSystem(sim, { name: 'small', directories: ['/tmp'], limitBytes: 64 * 1024 }), world: storeWorld(sim) }), async ({ fs, world }) => {
      const store = await world.provider.open(fs, dir);
      await (await store.getOrCreateCollection('words')).upsert(receiptWords('img', 400));
      const error = await store.close().then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(FileSystemError);
      expect((error as FileSystemError).code).toBe('ENOSPC');
    });
  });
});

describe('index files that lag the database', () => {
  it('are reconciled on open when the host stopped after the database pages and before the index files', async () => {
    await simulate({}, storeWorld, async (w, sim) => {
      const fs = new StopBeforeIndexFiles(w.fs, sim);
      const provider = new SqliteVectorStoreProvider({ tasks: w.tasks, clock: w.clock });
      const host = new Scope('host', false);
      const delta = receiptWords('img', 60, 1).filter((_, i) => i % 3 === 0);
      const deleted = receiptWords('img', 60).filter((_, i) => i % 3 === 1).map((r) => r.id);
      const actor = sim.spawn(
        'host',
        async () => {
          const first = await provider.open(fs, dir);
          await (await first.getOrCreateCollection('words')).upsert(receiptWords('img', 60));
          await first.close();
          const store = await provider.open(fs, dir);
          const words = (await store.getCollection('words'))!;
          fs.stopAtNextIndexFile(host);
          await words.upsert(delta);
          await words.delete({ ids: deleted });
          await store.close();
        },
        { scope: host },
      );
      await sim.block(actor.done);
      expect(host.killedBy).toBe('stopped before the index files');

      const lagging = decodeIndex(await w.fs.readFile(`${dir}/${wordsId}/index.bin`));
      expect(lagging.vectors.size).toBe(60);
      expect(await checkStoreIntegrity(w.fs, dir)).toEqual(sound);

      const store = await w.provider.open(w.fs, dir);
      const got = await (await store.getCollection('words'))!.get({ include: ['embeddings', 'documents'] });
      const expected = receiptWords('img', 60).filter((r) => !deleted.includes(r.id)).map((r) => delta.find((d) => d.id === r.id) ?? r);
      expect(got).toEqual({ ids: expected.map((r) => r.id), embeddings: expected.map((r) => float32(r.embedding)), documents: expected.map((r) => r.document) });
      await store.close();
      const reconciled = decodeIndex(await w.fs.readFile(`${dir}/${wordsId}/index.bin`));
      expect(reconciled.maxSeq).toBeGreaterThan(lagging.maxSeq);
      expect([...reconciled.vectors.keys()].sort()).toEqual(expected.map((r) => r.id).sort());
    });
  });
});

describe('checkStoreIntegrity', () => {
  /** The files of a store after close, then after a second version (40 words rewritten, 20 deleted). */
  async function twoVersions(): Promise<{ a: Map<string, Uint8Array>; b: Map<string, Uint8Array> }> {
    let result: { a: Map<string, Uint8Array>; b: Map<string, Uint8Array> } | undefined;
    await simulate({}, storeWorld, async (w) => {
      const first = await w.provider.open(w.fs, dir);
      await (await first.getOrCreateCollection('words')).upsert(receiptWords('img', 120));
      await first.close();
      const a = w.fs.snapshotFiles(dir);
      const second = await w.provider.open(w.fs, dir);
      const words = (await second.getCollection('words'))!;
      await words.upsert(receiptWords('img', 120, 1).filter((_, i) => i % 3 === 0));
      await words.delete({ ids: receiptWords('img', 120).filter((_, i) => i % 6 === 1).map((r) => r.id) });
      await second.close();
      result = { a, b: w.fs.snapshotFiles(dir) };
    });
    return result!;
  }

  /** Writes files into a fresh folder and judges it, inside a simulation. */
  async function judge(files: ReadonlyMap<string, Uint8Array>, open = false): Promise<{ integrity: Awaited<ReturnType<typeof checkStoreIntegrity>>; openError: unknown }> {
    let result: { integrity: Awaited<ReturnType<typeof checkStoreIntegrity>>; openError: unknown } | undefined;
    await simulate({}, storeWorld, async (w) => {
      await w.fs.mkdir(`${dir}/${wordsId}`);
      for (const [path, data] of files) await w.fs.writeFile(`${dir}/${path}`, data);
      const integrity = await checkStoreIntegrity(w.fs, dir);
      const openError = open ? await w.provider.open(w.fs, dir, { readOnly: true }).then((s) => s.close(), (e: unknown) => e) : undefined;
      result = { integrity, openError };
    });
    return result!;
  }

  const databaseFile = 'chroma.sqlite3';
  const indexPath = `${wordsId}/index.bin`;

  it('reports damage for an image whose pages mix two versions', async () => {
    const { a, b } = await twoVersions();
    const newer = b.get(databaseFile)!;
    const mixed = new Uint8Array(newer);
    const half = Math.floor(newer.length / 4096 / 2) * 4096;
    mixed.set(a.get(databaseFile)!.subarray(half), half);
    const { integrity } = await judge(new Map([[databaseFile, mixed], [indexPath, b.get(indexPath)!]]));
    expect(integrity.sound).toBe(false);
    expect(integrity.quickCheck).not.toBe('ok');
    expect(integrity.problems[0]).toBe(`quick_check: ${integrity.quickCheck}`);
  });

  it("reports an image SQLite cannot read with SQLite's own words", async () => {
    const { b } = await twoVersions();
    const damaged = new Uint8Array(b.get(databaseFile)!);
    damaged.fill(0xff, 4096, 8192);
    expect((await judge(new Map([[databaseFile, damaged], [indexPath, b.get(indexPath)!]]))).integrity).toEqual({
      sound: false,
      quickCheck: 'SQLITE_CORRUPT: database disk image is malformed',
      problems: ['quick_check: SQLITE_CORRUPT: database disk image is malformed'],
    });
  });

  it('reports an index file ahead of its database, and accepts one that lags', async () => {
    const { a, b } = await twoVersions();
    const ahead = await judge(new Map([[databaseFile, a.get(databaseFile)!], [indexPath, b.get(indexPath)!]]));
    expect(ahead.integrity.quickCheck).toBe('ok');
    expect(ahead.integrity.problems).toEqual([expect.stringMatching(/index covers seq \d+ but the database log ends at \d+/)]);
    expect((await judge(new Map([[databaseFile, b.get(databaseFile)!], [indexPath, a.get(indexPath)!]]))).integrity).toEqual(sound);
  });

  it('reports a torn index file, which open refuses as hnswlib does', async () => {
    const { b } = await twoVersions();
    const index = b.get(indexPath)!;
    const { integrity, openError } = await judge(new Map([[databaseFile, b.get(databaseFile)!], [indexPath, index.subarray(0, index.length - 4096)]]), true);
    expect(integrity.problems).toEqual([expect.stringContaining('Index seems to be corrupted or unsupported')]);
    expect(openError).toBeInstanceOf(VectorStoreError);
    expect((openError as VectorStoreError).code).toBe('IndexCorrupt');
  });

  it('reports a missing index file and a missing database', async () => {
    const { b } = await twoVersions();
    expect((await judge(new Map([[databaseFile, b.get(databaseFile)!]]))).integrity.problems).toEqual([expect.stringContaining('index file missing')]);
    expect((await judge(new Map([[indexPath, b.get(indexPath)!]]))).integrity).toEqual({ sound: false, quickCheck: 'missing', problems: ['chroma.sqlite3 is missing'] });
  });
});
