import { describe, expect, it } from 'vitest';
import { FileSystemError } from '../../src/ports/errors.js';
import type { FileSystem } from '../../src/ports/fileSystem.js';
import type { Tasks } from '../../src/ports/tasks.js';
import type { ContractBackend } from './backend.js';

export interface FileSystemPorts {
  readonly fs: FileSystem;
  /** Runs concurrent readers in the atomicity cases. */
  readonly tasks: Tasks;
  /** An existing, empty, writable directory the cases work under. */
  readonly root: string;
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (body: Uint8Array): string => new TextDecoder().decode(body);
const pattern = (length: number, seed: number): Uint8Array => Uint8Array.from({ length }, (_, i) => (i * 31 + seed) % 251);
/** Byte equality without vitest's element-by-element deep comparison, which is slow on large arrays. */
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);

async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FileSystemError) return error.code;
    throw error;
  }
  throw new Error('expected the operation to fail');
}

/** The FileSystem contract, written against the port only. */
export function fileSystemContract(backend: ContractBackend<FileSystemPorts>): void {
  const check = (name: string, body: (ports: FileSystemPorts) => Promise<void>): void => {
    it(name, () => backend.run(body));
  };

  describe(`FileSystem contract (${backend.name})`, () => {
    describe('files', () => {
      check('a written file reads back byte for byte, whatever its size', async ({ fs, root }) => {
        for (const size of [0, 1, 4095, 4096, 4097, 70_000]) {
          const data = pattern(size, size);
          await fs.writeFile(`${root}/f${size}`, data);
          expect(same(await fs.readFile(`${root}/f${size}`), data)).toBe(true);
        }
      });

      check('writeFile replaces longer content entirely', async ({ fs, root }) => {
        await fs.writeFile(`${root}/f`, pattern(10_000, 1));
        await fs.writeFile(`${root}/f`, bytes('short'));
        expect(text(await fs.readFile(`${root}/f`))).toBe('short');
      });

      check('writeAt overwrites in place, extends the file and fills a gap with zeros', async ({ fs, root }) => {
        await fs.writeFile(`${root}/f`, bytes('abcdef'));
        await fs.writeAt(`${root}/f`, 2, bytes('XY'));
        expect(text(await fs.readFile(`${root}/f`))).toBe('abXYef');
        await fs.writeAt(`${root}/f`, 8, bytes('Z'));
        expect(await fs.readFile(`${root}/f`)).toEqual(new Uint8Array([...bytes('abXYef'), 0, 0, ...bytes('Z')]));
        await fs.writeAt(`${root}/new`, 0, bytes('created'));
        expect(text(await fs.readFile(`${root}/new`))).toBe('created');
      });

      check('reading a missing file fails with ENOENT and reading a directory with EISDIR', async ({ fs, root }) => {
        expect(await errorCode(fs.readFile(`${root}/missing`))).toBe('ENOENT');
        await fs.mkdir(`${root}/d`);
        expect(await errorCode(fs.readFile(`${root}/d`))).toBe('EISDIR');
      });

      check('writing into a missing directory fails with ENOENT', async ({ fs, root }) => {
        expect(await errorCode(fs.writeFile(`${root}/no/such/dir/f`, bytes('x')))).toBe('ENOENT');
      });

      check('stat reports type, size and a modification time, and undefined for a missing path', async ({ fs, root }) => {
        await fs.writeFile(`${root}/f`, pattern(5000, 2));
        const file = await fs.stat(`${root}/f`);
        expect(file).toMatchObject({ type: 'file', size: 5000 });
        expect(Number.isFinite(file?.mtime)).toBe(true);
        expect((await fs.stat(root))?.type).toBe('directory');
        expect(await fs.stat(`${root}/missing`)).toBeUndefined();
      });
    });

    describe('directories', () => {
      check('mkdir creates every missing parent and is idempotent', async ({ fs, root }) => {
        await fs.mkdir(`${root}/a/b/c`);
        await fs.mkdir(`${root}/a/b/c`);
        expect((await fs.stat(`${root}/a/b`))?.type).toBe('directory');
        expect(await fs.readdir(`${root}/a/b/c`)).toEqual([]);
      });

      check('readdir lists the direct children sorted, and fails with ENOENT or ENOTDIR', async ({ fs, root }) => {
        await fs.mkdir(`${root}/d/sub`);
        for (const name of ['zeta', 'alpha', 'Mid']) await fs.writeFile(`${root}/d/${name}`, bytes(name));
        await fs.writeFile(`${root}/d/sub/inner`, bytes('x'));
        expect(await fs.readdir(`${root}/d`)).toEqual(['Mid', 'alpha', 'sub', 'zeta']);
        expect(await errorCode(fs.readdir(`${root}/missing`))).toBe('ENOENT');
        expect(await errorCode(fs.readdir(`${root}/d/alpha`))).toBe('ENOTDIR');
      });

      check('remove deletes a whole tree and ignores missing paths', async ({ fs, root }) => {
        await fs.mkdir(`${root}/t/a/b`);
        await fs.writeFile(`${root}/t/a/b/f`, bytes('x'));
        await fs.writeFile(`${root}/t/g`, bytes('y'));
        await fs.remove(`${root}/t`);
        expect(await fs.stat(`${root}/t`)).toBeUndefined();
        await fs.remove(`${root}/t`);
        await fs.writeFile(`${root}/single`, bytes('z'));
        await fs.remove(`${root}/single`);
        expect(await fs.readdir(root)).toEqual([]);
      });
    });

    describe('rename', () => {
      check('renames a file, replacing an existing file', async ({ fs, root }) => {
        await fs.writeFile(`${root}/a`, bytes('new'));
        await fs.writeFile(`${root}/b`, bytes('old'));
        await fs.rename(`${root}/a`, `${root}/b`);
        expect(await fs.stat(`${root}/a`)).toBeUndefined();
        expect(text(await fs.readFile(`${root}/b`))).toBe('new');
      });

      check('renames a directory with its contents, replacing an empty directory', async ({ fs, root }) => {
        await fs.mkdir(`${root}/staging/x`);
        await fs.writeFile(`${root}/staging/x/f`, bytes('data'));
        await fs.mkdir(`${root}/final`);
        await fs.rename(`${root}/staging`, `${root}/final`);
        expect(text(await fs.readFile(`${root}/final/x/f`))).toBe('data');
        expect(await fs.stat(`${root}/staging`)).toBeUndefined();
      });

      check('renaming onto a non-empty directory fails with ENOTEMPTY and changes nothing', async ({ fs, root }) => {
        await fs.mkdir(`${root}/src`);
        await fs.mkdir(`${root}/dst`);
        await fs.writeFile(`${root}/dst/keep`, bytes('k'));
        expect(await errorCode(fs.rename(`${root}/src`, `${root}/dst`))).toBe('ENOTEMPTY');
        expect(await fs.readdir(`${root}/dst`)).toEqual(['keep']);
        expect((await fs.stat(`${root}/src`))?.type).toBe('directory');
      });

      check('renaming a missing path fails with ENOENT', async ({ fs, root }) => {
        expect(await errorCode(fs.rename(`${root}/missing`, `${root}/other`))).toBe('ENOENT');
      });

      check('a reader racing a rename sees the old or the new file, never a missing or mixed one', async ({ fs, tasks, root }) => {
        const oldData = pattern(20_000, 3);
        const newData = pattern(20_000, 4);
        await fs.writeFile(`${root}/current`, oldData);
        await fs.writeFile(`${root}/next`, newData);
        const seen: Uint8Array[] = [];
        const reader = tasks.spawn('reader', async () => {
          for (let i = 0; i < 3; i++) seen.push(await fs.readFile(`${root}/current`));
        });
        await fs.rename(`${root}/next`, `${root}/current`);
        await reader.join();
        expect(seen).toHaveLength(3);
        for (const data of seen) expect(same(data, oldData) || same(data, newData)).toBe(true);
      });
    });

    describe('usage', () => {
      check('usage grows with the bytes written and shrinks when they are removed', async ({ fs, root }) => {
        const before = await fs.usage();
        await fs.writeFile(`${root}/f`, pattern(10_000, 5));
        const after = await fs.usage();
        expect(after.usedBytes).toBeGreaterThanOrEqual(before.usedBytes + 10_000);
        expect(after.limitBytes).toBe(before.limitBytes);
        await fs.remove(`${root}/f`);
        expect((await fs.usage()).usedBytes).toBeLessThanOrEqual(after.usedBytes - 10_000);
      });
    });
  });
}
