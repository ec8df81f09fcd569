import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { Header, type types } from 'tar';
import { describe, expect, it } from 'vitest';
import { MemoryFileSystem } from '../../../src/adapters/memory/fs/memoryFileSystem.js';
import { ArchiveError, buildTarGz, readTarGz } from '../../../src/pipeline/archive/tarGz.js';
import { extractArchive, packDirectory, writeEntries } from '../../../src/pipeline/archive/directoryArchive.js';
import { simulate, testEpochMs } from '../../support/simulate.js';

function rawTar(entries: readonly { path: string; type?: types.EntryTypeName; linkpath?: string; data?: Uint8Array; size?: number }[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const e of entries) {
    const data = e.data ?? new Uint8Array();
    const header = new Header({ path: e.path, mode: 0o644, size: e.size ?? data.length, mtime: new Date(0), type: e.type ?? 'File', linkpath: e.linkpath });
    header.encode();
    blocks.push(header.block!, data, new Uint8Array((512 - (data.length % 512)) % 512));
  }
  blocks.push(new Uint8Array(1024));
  return gzipSync(Buffer.concat(blocks));
}

const pathArbitrary = fc
  .array(fc.stringMatching(/^[a-z0-9_]{1,8}$/), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join('/'));

describe('tar.gz archives', () => {
  it('round-trip any set of files, with paths under the archive root "."', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.record({ path: pathArbitrary, data: fc.uint8Array({ maxLength: 3000 }) }), { selector: (e) => e.path, maxLength: 8 }), (entries) => {
        const prefixFree = entries.filter((e) => !entries.some((o) => o.path !== e.path && o.path.startsWith(`${e.path}/`)));
        const read = readTarGz(buildTarGz(prefixFree, testEpochMs));
        expect(read.map((e) => e.path)).toEqual(prefixFree.map((e) => e.path));
        read.forEach((e, i) => expect(Buffer.from(e.data).equals(Buffer.from(prefixFree[i]!.data))).toBe(true));
      }),
    );
  });

  it('carry the fixed mtime, so the same files give the same logical archive', () => {
    const entries = [{ path: 'a', data: new Uint8Array([1, 2, 3]) }];
    expect(Buffer.from(buildTarGz(entries, testEpochMs)).equals(Buffer.from(buildTarGz(entries, testEpochMs)))).toBe(true);
  });

  it.each([
    ['a path with ..', [{ path: '../escape.txt', data: new Uint8Array([1]) }], /path with \.\./],
    ['an absolute path', [{ path: '/etc/passwd', data: new Uint8Array([1]) }], /absolute/],
    ['a symbolic link', [{ path: './link', type: 'SymbolicLink' as const, linkpath: '/etc/passwd' }], /SymbolicLink/],
    ['a hard link', [{ path: './hard', type: 'Link' as const, linkpath: './a' }], /Link/],
  ])('refuse %s', (_what, entries, message) => {
    expect(() => readTarGz(rawTar(entries))).toThrow(message);
  });

  it('refuse an entry larger than the limit', () => {
    const archive = buildTarGz([{ path: 'big', data: new Uint8Array(5000) }], testEpochMs);
    expect(() => readTarGz(archive, { maxEntryBytes: 4096, maxTotalBytes: 1e9 })).toThrow(/larger than 4096/);
  });

  it('refuse every truncation of a valid archive', () => {
    const archive = buildTarGz(
      [
        { path: 'chroma.sqlite3', data: new Uint8Array(9000).fill(3) },
        { path: 'index/data.bin', data: new Uint8Array(2000).fill(5) },
      ],
      testEpochMs,
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: archive.length - 1 }), (cut) => {
        expect(() => readTarGz(archive.subarray(0, cut))).toThrow(ArchiveError);
      }),
    );
  });
});

describe('directory archives through the FileSystem port', () => {
  const files = [
    { path: 'chroma.sqlite3', data: new Uint8Array(5000).fill(1) },
    { path: 'abc/index.bin', data: new Uint8Array(100).fill(2) },
  ];

  it('pack a directory and extract it elsewhere with identical files', async () => {
    await simulate(
      {},
      (sim) => new MemoryFileSystem(sim, { name: 'tmp' }),
      async (fs) => {
        await writeEntries(fs, '/tmp/store', files);
        const archive = await packDirectory(fs, '/tmp/store', testEpochMs);
        expect((await extractArchive(fs, archive, '/tmp/copy')).sort()).toEqual(['abc/index.bin', 'chroma.sqlite3']);
        expect(Buffer.from(await fs.readFile('/tmp/copy/abc/index.bin')).equals(Buffer.from(files[1]!.data))).toBe(true);
      },
    );
  });

  it('leave the target untouched and nothing half-extracted when the archive is truncated or malicious', async () => {
    await simulate(
      {},
      (sim) => new MemoryFileSystem(sim, { name: 'tmp' }),
      async (fs) => {
        await writeEntries(fs, '/tmp/target', [{ path: 'keep.txt', data: new Uint8Array([9]) }]);
        const good = buildTarGz(files, testEpochMs);
        for (const bad of [good.subarray(0, good.length - 20), rawTar([{ path: '../x', data: new Uint8Array([1]) }])]) {
          await expect(extractArchive(fs, bad, '/tmp/target')).rejects.toThrow(ArchiveError);
          expect(await fs.readdir('/tmp/target')).toEqual(['keep.txt']);
          expect(await fs.readdir('/tmp')).toEqual(['target']);
        }
      },
    );
  });
});
