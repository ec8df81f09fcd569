import { describe, expect, it } from 'vitest';
import { ServiceUnavailable } from '../../../src/ports/errors.js';
import { buildTarGz, readTarGz } from '../../../src/pipeline/archive/tarGz.js';
import { deltaKey, normaliseDeltaPrefix, unsafeRelativePath } from '../../../src/pipeline/delta/deltaLocation.js';
import { downloadDelta } from '../../../src/pipeline/delta/downloadDelta.js';
import { DeltaUploadFailed, uploadDelta } from '../../../src/pipeline/delta/uploadDelta.js';
import type { Simulation } from '../../../src/sim/simulation.js';
import { simulate, testEpochMs } from '../../support/simulate.js';
import { ScriptedStore, type SnapshotWorld, bytes, chromaFiles, filesOf, snapshotWorld, writeDirectory } from '../snapshot/world.js';

const runA = '11111111-1111-4111-8111-111111111111';
const runB = '22222222-2222-4222-8222-222222222222';

describe('delta locations', () => {
  it('ingest deltas live at {c}/delta/{run_id}/delta.tar.gz', () => {
    expect(deltaKey('lines', runA)).toBe(`lines/delta/${runA}/delta.tar.gz`);
  });

  it.each([
    ['s3://chroma-bucket/lines/delta/abc/', 'lines/delta/abc'],
    ['s3://chroma-bucket/words/delta/words/receipt_words/u1', 'words/delta/words/receipt_words/u1'],
    ['/lines/delta/abc/', 'lines/delta/abc'],
    ['lines/delta/abc', 'lines/delta/abc'],
  ])('the prefix %s is the key prefix %s', (prefix, key) => {
    expect(normaliseDeltaPrefix(prefix)).toBe(key);
  });

  it('paths that would land outside the target are unsafe', () => {
    expect(['../x', 'a/../../x', '/etc/passwd', 'C:/x', 'a\\..\\x'].every(unsafeRelativePath)).toBe(true);
    expect(['chroma.sqlite3', 'a/b..c', '..x/y'].some(unsafeRelativePath)).toBe(false);
  });
});

describe('upload_bundled_delta_to_s3', () => {
  it('puts a tar.gz of the directory (archive root ".") at the run\'s delta key', async () => {
    await simulate({}, snapshotWorld, async (world) => {
      await writeDirectory(world.ports, '/tmp/lines_run', chromaFiles('D'));
      const result = await uploadDelta(world.ports, { localDir: '/tmp/lines_run', collection: 'lines', runId: runA, checkStatus: true });
      expect(result).toEqual({ status: 'uploaded', delta_key: deltaKey('lines', runA), delta_prefix: `lines/delta/${runA}/` });
      const object = world.store.peek(deltaKey('lines', runA))!;
      expect(object.contentType).toBe('application/gzip');
      expect(readTarGz(object.body).map((e) => e.path)).toEqual(chromaFiles('D').map((e) => e.path).sort());
    });
  });

  it('a failed upload throws when the status is checked (head) and is only reported when it is not (seed era)', async () => {
    const build = (sim: Simulation): SnapshotWorld =>
      snapshotWorld(sim, {
        wrapStore: (store) =>
          new ScriptedStore(store, (op, _key, _attempt, phase) => (op === 'putObject' && phase === 'before' ? new ServiceUnavailable() : undefined)),
      });
    await simulate({}, build, async (world) => {
      await writeDirectory(world.ports, '/tmp/lines_run', chromaFiles('D'));
      const options = { localDir: '/tmp/lines_run', collection: 'lines', runId: runA };
      await expect(uploadDelta(world.ports, { ...options, checkStatus: true })).rejects.toThrow(DeltaUploadFailed);
      await expect(uploadDelta(world.ports, { ...options, checkStatus: false })).resolves.toEqual({
        status: 'failed',
        error: 'ServiceUnavailable: Service unavailable',
        delta_key: deltaKey('lines', runA),
      });
      expect(world.store.keys()).toEqual([]);
    });
  });
});

describe('delta download (spec §3.5 step 2, §8.3)', () => {
  const deltaFiles = [
    { path: 'chroma.sqlite3', data: bytes('delta db') },
    { path: 'seg/data.bin', data: bytes('delta vectors') },
  ];

  it('head: downloads and extracts {prefix}/delta.tar.gz into workdir/delta_{run_id}, for an s3:// prefix too', async () => {
    await simulate({}, snapshotWorld, async (world) => {
      await world.store.putObject({ key: deltaKey('lines', runA), body: buildTarGz(deltaFiles, testEpochMs) });
      const result = await downloadDelta(world.ports, `s3://chroma/lines/delta/${runA}/`, '/tmp/work', runA, 'head');
      expect(result).toEqual({ status: 'downloaded', path: `/tmp/work/delta_${runA}`, files: ['chroma.sqlite3', 'seg/data.bin'] });
      expect(filesOf(world.tmp, `/tmp/work/delta_${runA}`)).toEqual({ 'chroma.sqlite3': 'delta db', 'seg/data.bin': 'delta vectors' });
    });
  });

  it('head: without a tarball downloads every object under the prefix (directory layout), skipping unsafe paths', async () => {
    await simulate({}, snapshotWorld, async (world) => {
      const prefix = 'lines/delta/lines/receipt_lines/u1';
      for (const file of deltaFiles) await world.store.putObject({ key: `${prefix}/${file.path}`, body: file.data });
      await world.store.putObject({ key: `${prefix}/../escape.txt`, body: bytes('outside') });
      const result = await downloadDelta(world.ports, `/${prefix}/`, '/tmp/work', runA, 'head');
      expect(result).toMatchObject({ status: 'downloaded', files: ['chroma.sqlite3', 'seg/data.bin'] });
      expect(filesOf(world.tmp, '/tmp/work')).toEqual({
        [`delta_${runA}/chroma.sqlite3`]: 'delta db',
        [`delta_${runA}/seg/data.bin`]: 'delta vectors',
      });
    });
  });

  it('head: nothing under the prefix is an error', async () => {
    await simulate({}, snapshotWorld, async (world) => {
      const result = await downloadDelta(world.ports, `lines/delta/${runA}/`, '/tmp/work', runA, 'head');
      expect(result).toEqual({ status: 'failed', error: `delta download failed: no delta objects under lines/delta/${runA}/` });
    });
  });

  it('head: a damaged tarball is refused and nothing is extracted', async () => {
    await simulate({}, snapshotWorld, async (world) => {
      const tarball = buildTarGz(deltaFiles, testEpochMs);
      await world.store.putObject({ key: deltaKey('lines', runA), body: tarball.subarray(0, tarball.length - 30) });
      const result = await downloadDelta(world.ports, `lines/delta/${runA}/`, '/tmp/work', runA, 'head');
      expect(result.status === 'failed' && result.error).toMatch(/^delta download failed: ArchiveError/);
      expect(filesOf(world.tmp, '/tmp/work')).toEqual({});
    });
  });

  it('seed era: only the tarball, saved to workdir/delta.tar.gz and extracted into one shared folder keeping earlier runs\' files', async () => {
    await simulate({}, snapshotWorld, async (world) => {
      const deltaA = buildTarGz([...deltaFiles, { path: 'seg-a/only-a.bin', data: bytes('a') }], testEpochMs);
      const deltaB = buildTarGz([{ path: 'chroma.sqlite3', data: bytes('delta db B') }], testEpochMs);
      await world.store.putObject({ key: deltaKey('lines', runA), body: deltaA });
      await world.store.putObject({ key: deltaKey('lines', runB), body: deltaB });
      const first = await downloadDelta(world.ports, `lines/delta/${runA}/`, '/tmp/work', runA, 'seed');
      expect(first).toMatchObject({ status: 'downloaded', path: '/tmp/work/delta' });
      const second = await downloadDelta(world.ports, `lines/delta/${runB}/`, '/tmp/work', runB, 'seed');
      expect(second).toMatchObject({ status: 'downloaded', path: '/tmp/work/delta', files: ['chroma.sqlite3'] });
      const shared = filesOf(world.tmp, '/tmp/work/delta');
      expect(shared).toEqual({ 'chroma.sqlite3': 'delta db B', 'seg/data.bin': 'delta vectors', 'seg-a/only-a.bin': 'a' });
      expect(Object.keys(filesOf(world.tmp, '/tmp/work'))).toContain('delta.tar.gz');
    });
  });

  it('seed era: a directory-layout delta is not found (no fallback)', async () => {
    await simulate({}, snapshotWorld, async (world) => {
      await world.store.putObject({ key: `lines/delta/${runA}/chroma.sqlite3`, body: bytes('raw') });
      const result = await downloadDelta(world.ports, `lines/delta/${runA}/`, '/tmp/work', runA, 'seed');
      expect(result.status === 'failed' && result.error).toMatch(/^delta download failed: NoSuchKey/);
    });
  });
});
