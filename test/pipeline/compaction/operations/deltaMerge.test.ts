import { describe, expect, it } from 'vitest';
import { buildTarGz } from '../../../../src/pipeline/archive/tarGz.js';
import { mergeDeltas } from '../../../../src/pipeline/compaction/operations/deltaMerge.js';
import { deltaKey } from '../../../../src/pipeline/delta/deltaLocation.js';
import { simulate } from '../../../support/simulate.js';
import { ScriptedCollection, deltaFiles, metadataById, operationsWorld, runMessage, uploadDeltaOf, vector } from './operationsWorld.js';

const img = '3f52804b-2fad-4e00-92c8-b593da3a8ed3';
const runA = '11111111-1111-4111-8111-111111111111';
const runB = '22222222-2222-4222-8222-222222222222';
const workDir = '/tmp/work';
const ids = (prefix: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`);

describe('delta merge, head (spec §3.5)', () => {
  it('merges each run\'s delta from workdir/delta_{run_id} and reports merged_count and the message id', async () => {
    await simulate({}, operationsWorld, async (world) => {
      await uploadDeltaOf(world, 'words', runA, ids('a', 3).map((id) => vector(id)));
      await uploadDeltaOf(world, 'words', runB, ids('b', 2).map((id) => vector(id)));
      const snapshot = await world.snapshot('words');
      const results = await mergeDeltas(world.ports, snapshot, 'words', [runMessage(runA, img, 1, 'words'), runMessage(runB, img, 2, 'words')], { workDir, era: 'head' });
      expect(results).toEqual([
        { run_id: runA, image_id: img, receipt_id: 1, merged_count: 3, error: null, record_id: `run-msg-${runA}` },
        { run_id: runB, image_id: img, receipt_id: 2, merged_count: 2, error: null, record_id: `run-msg-${runB}` },
      ]);
      expect(Object.keys(await metadataById(snapshot))).toEqual([...ids('a', 3), ...ids('b', 2)]);
      expect(await world.tmp.readdir(workDir)).toEqual([`delta_${runA}`, `delta_${runB}`]);
    });
  });

  it('upserts in batches of 250 and verifies each batch with get(ids, include=[])', async () => {
    await simulate({}, operationsWorld, async (world) => {
      await uploadDeltaOf(world, 'words', runA, ids('w', 600).map((id) => vector(id)));
      const snapshot = new ScriptedCollection(await world.snapshot('words'));
      const [result] = await mergeDeltas(world.ports, snapshot, 'words', [runMessage(runA, img, 1, 'words')], { workDir, era: 'head' });
      expect(result).toMatchObject({ merged_count: 600, error: null });
      expect(snapshot.calls.map((c) => `${c.op} ${c.ids.length}`)).toEqual(['upsert 250', 'upsert 250', 'upsert 100', 'get 250', 'get 250', 'get 100']);
    });
  });

  it('re-checks only the missing ids, twice at most, one second apart; ids that show up count as merged', async () => {
    await simulate({}, operationsWorld, async (world) => {
      await uploadDeltaOf(world, 'words', runA, ids('w', 5).map((id) => vector(id)));
      const late = new Set(['w-0001', 'w-0003']);
      const snapshot = new ScriptedCollection(await world.snapshot('words'), { hide: (_ids, call) => (call <= 2 ? late : new Set()) });
      const before = world.sim.now;
      const [result] = await mergeDeltas(world.ports, snapshot, 'words', [runMessage(runA, img, 1, 'words')], { workDir, era: 'head' });
      expect(result).toMatchObject({ merged_count: 5, error: null });
      expect(snapshot.calls.filter((c) => c.op === 'get').map((c) => c.ids)).toEqual([ids('w', 5), [...late], [...late]]);
      expect(world.sim.now - before).toBeGreaterThanOrEqual(2_000);
    });
  });

  it('ids still missing after the retries fail the run with count 0', async () => {
    await simulate({}, operationsWorld, async (world) => {
      await uploadDeltaOf(world, 'words', runA, ids('w', 5).map((id) => vector(id)));
      const snapshot = new ScriptedCollection(await world.snapshot('words'), { hide: () => new Set(['w-0000', 'w-0004']) });
      const results = await mergeDeltas(world.ports, snapshot, 'words', [runMessage(runA, img, 1, 'words')], { workDir, era: 'head' });
      expect(results).toEqual([
        { run_id: runA, image_id: img, receipt_id: 1, merged_count: 0, error: 'upsert verification failed: 2 of 5 vectors missing', record_id: `run-msg-${runA}` },
      ]);
      expect(snapshot.calls.filter((c) => c.op === 'get')).toHaveLength(3);
    });
  });

  it('a message without a prefix gives no result; a missing delta gives "delta download failed: …"; an empty delta merges 0', async () => {
    await simulate({}, operationsWorld, async (world) => {
      await uploadDeltaOf(world, 'words', runB, []);
      const snapshot = await world.snapshot('words');
      const messages = [runMessage('no-prefix', img, 1, 'words', null), runMessage(runA, img, 1, 'words'), runMessage(runB, img, 2, 'words')];
      const results = await mergeDeltas(world.ports, snapshot, 'words', messages, { workDir, era: 'head' });
      expect(results.map((r) => [r.run_id, r.merged_count, r.error])).toEqual([
        [runA, 0, `delta download failed: no delta objects under words/delta/${runA}/`],
        [runB, 0, null],
      ]);
    });
  });

  it('a damaged delta store (its database torn while it was archived) fails the run with the store\'s error', async () => {
    await simulate({}, operationsWorld, async (world) => {
      const files = await deltaFiles(world, 'words', ids('w', 20).map((id) => vector(id)), '/tmp/build');
      const torn = files.map((f) => (f.path === 'chroma.sqlite3' ? { path: f.path, data: f.data.slice(0, 4096) } : f));
      await world.store.putObject({ key: deltaKey('words', runA), body: buildTarGz(torn, world.sim.epochMs) });
      const snapshot = await world.snapshot('words');
      const [result] = await mergeDeltas(world.ports, snapshot, 'words', [runMessage(runA, img, 1, 'words')], { workDir, era: 'head' });
      expect(result?.merged_count).toBe(0);
      expect(result?.error).toMatch(/^delta merge failed: SQLITE_/);
      expect(await snapshot.count()).toBe(0);
    });
  });

  it('a delta without the collection fails the run (get_collection raises)', async () => {
    await simulate({}, operationsWorld, async (world) => {
      await uploadDeltaOf(world, 'lines', runA, [vector('row-1')]);
      await world.store.putObject({ key: deltaKey('words', runA), body: (await world.store.getObject(deltaKey('lines', runA))).body });
      const [result] = await mergeDeltas(world.ports, await world.snapshot('words'), 'words', [runMessage(runA, img, 1, 'words')], { workDir, era: 'head' });
      expect(result?.error).toBe('delta merge failed: NotFoundError: Collection [words] does not exist');
    });
  });
});

describe('delta merge, seed era (spec §8.3)', () => {
  it('skips runs without a prefix, without a tarball, or with a damaged archive: no result at all', async () => {
    await simulate({}, operationsWorld, async (world) => {
      await world.store.putObject({ key: `words/delta/${runA}/chroma.sqlite3`, body: new Uint8Array(10) });
      await world.store.putObject({ key: deltaKey('words', runB), body: new Uint8Array([31, 139, 8, 0, 1, 2, 3]) });
      const messages = [runMessage('no-prefix', img, 1, 'words', null), runMessage(runA, img, 1, 'words'), runMessage(runB, img, 1, 'words')];
      expect(await mergeDeltas(world.ports, await world.snapshot('words'), 'words', messages, { workDir, era: 'seed' })).toEqual([]);
      expect(world.logs.filter((l) => l.level === 'warning')).toHaveLength(3);
    });
  });

  it('upserts all records at once and reads back only the first 10 ids; a shortfall is only logged', async () => {
    await simulate({}, operationsWorld, async (world) => {
      await uploadDeltaOf(world, 'words', runA, ids('w', 600).map((id) => vector(id)));
      const snapshot = new ScriptedCollection(await world.snapshot('words'), { hide: () => new Set(['w-0002']) });
      const results = await mergeDeltas(world.ports, snapshot, 'words', [runMessage(runA, img, 1, 'words')], { workDir, era: 'seed' });
      expect(results).toEqual([{ run_id: runA, image_id: img, receipt_id: 1, merged_count: 600, error: null, record_id: `run-msg-${runA}` }]);
      expect(snapshot.calls.map((c) => `${c.op} ${c.ids.length}`)).toEqual(['upsert 600', 'get 10']);
      expect(snapshot.calls[1]?.ids).toEqual(ids('w', 10));
      expect(world.logs.some((l) => l.level === 'warning' && l.message.includes('9 of 10'))).toBe(true);
    });
  });

  it('a damaged delta keeps its result with count 0 and no error, so the run is marked COMPLETED with 0 vectors', async () => {
    await simulate({}, operationsWorld, async (world) => {
      const files = await deltaFiles(world, 'words', ids('w', 20).map((id) => vector(id)), '/tmp/build');
      const torn = files.map((f) => (f.path === 'chroma.sqlite3' ? { path: f.path, data: f.data.slice(0, 4096) } : f));
      await world.store.putObject({ key: deltaKey('words', runA), body: buildTarGz(torn, world.sim.epochMs) });
      const results = await mergeDeltas(world.ports, await world.snapshot('words'), 'words', [runMessage(runA, img, 1, 'words')], { workDir, era: 'seed' });
      expect(results).toEqual([{ run_id: runA, image_id: img, receipt_id: 1, merged_count: 0, error: null, record_id: `run-msg-${runA}` }]);
    });
  });

  it('the shared delta folder leaks an earlier run\'s records into a later run whose archive holds none of its store\'s files', async () => {
    await simulate({}, operationsWorld, async (world) => {
      await uploadDeltaOf(world, 'words', runA, ids('a', 2).map((id) => vector(id)));
      await uploadDeltaOf(world, 'words', runB, ids('b', 3).map((id) => vector(id)), () => false);
      const messages = [runMessage(runA, img, 1, 'words'), runMessage(runB, img, 2, 'words')];
      const seedSnapshot = await world.snapshot('words');
      const seed = await mergeDeltas(world.ports, seedSnapshot, 'words', messages, { workDir, era: 'seed' });
      expect(seed.map((r) => [r.run_id, r.merged_count, r.error])).toEqual([
        [runA, 2, null],
        [runB, 2, null],
      ]);
      expect(Object.keys(await metadataById(seedSnapshot))).toEqual(ids('a', 2));
      // Head reads each run from its own folder: the same archive is a failed run there.
      const head = await mergeDeltas(world.ports, seedSnapshot, 'words', messages, { workDir: '/tmp/head-work', era: 'head' });
      expect(head.map((r) => [r.run_id, r.merged_count, r.error])).toEqual([
        [runA, 2, null],
        [runB, 0, 'delta merge failed: NotFoundError: Collection [words] does not exist'],
      ]);
    });
  });

  it('the shared delta folder gives a re-embedded receipt the earlier run\'s vectors when the later archive lacks its index files', async () => {
    await simulate({}, operationsWorld, async (world) => {
      const words = ids('x', 2);
      await uploadDeltaOf(world, 'words', runA, words.map((id) => vector(id, { text: 'first' }, 0)));
      await uploadDeltaOf(world, 'words', runB, words.map((id) => vector(id, { text: 'second' }, 1)), (path) => path === 'chroma.sqlite3');
      const messages = [runMessage(runA, img, 1, 'words'), runMessage(runB, img, 1, 'words')];
      const seedSnapshot = await world.snapshot('words');
      await mergeDeltas(world.ports, seedSnapshot, 'words', messages, { workDir, era: 'seed' });
      const merged = await seedSnapshot.get({ ids: words, include: ['embeddings', 'metadatas'] });
      expect(merged.metadatas).toEqual([{ text: 'second' }, { text: 'second' }]);
      expect(merged.embeddings).toEqual(words.map((id) => Array.from(Float32Array.from(vector(id, null, 0).embedding))));
      const headSnapshot = await (await world.ports.vectorStores.open(world.tmp, '/tmp/head-snapshot')).getOrCreateCollection('words');
      await mergeDeltas(world.ports, headSnapshot, 'words', messages, { workDir: '/tmp/head-work', era: 'head' });
      const fromHead = await headSnapshot.get({ ids: words, include: ['embeddings'] });
      expect(fromHead.embeddings).toEqual(words.map((id) => Array.from(Float32Array.from(vector(id, null, 1).embedding))));
    });
  });
});
