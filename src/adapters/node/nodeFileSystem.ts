import { mkdir, open, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FileSystemError } from '../../ports/errors.js';
import type { FileStat, FileSystem } from '../../ports/fileSystem.js';

/**
 * The FileSystem port on the host's disk, confined to a root folder: the port's absolute path `/tmp/x`
 * is `<root>/tmp/x`. For real-clock runs (soak), where a container's `/tmp` or the EFS mount is a
 * temporary folder. Node's errors become FileSystemError with their POSIX code; `usage` reports no limit.
 */
const posixCodes = new Set(['ENOENT', 'ENOSPC', 'EEXIST', 'ENOTEMPTY', 'EISDIR', 'ENOTDIR']);

type PosixCode = 'ENOENT' | 'ENOSPC' | 'EEXIST' | 'ENOTEMPTY' | 'EISDIR' | 'ENOTDIR';

export class NodeFileSystem implements FileSystem {
  constructor(
    readonly name: string,
    private readonly root: string,
  ) {}

  async readFile(path: string): Promise<Uint8Array> {
    return this.call(path, async () => new Uint8Array(await readFile(this.host(path))));
  }

  async writeFile(path: string, data: Uint8Array): Promise<void> {
    await this.call(path, () => writeFile(this.host(path), data));
  }

  async writeAt(path: string, offset: number, data: Uint8Array): Promise<void> {
    await this.call(path, async () => {
      const host = this.host(path);
      const handle = await open(host, 'r+').catch((error: unknown) => {
        if (codeOf(error) === 'ENOENT') return open(host, 'w');
        throw error;
      });
      try {
        await handle.write(data, 0, data.byteLength, offset);
      } finally {
        await handle.close();
      }
    });
  }

  async mkdir(path: string): Promise<void> {
    await this.call(path, () => mkdir(this.host(path), { recursive: true }));
  }

  async readdir(path: string): Promise<string[]> {
    return this.call(path, async () => (await readdir(this.host(path))).sort());
  }

  async stat(path: string): Promise<FileStat | undefined> {
    try {
      const found = await stat(this.host(path));
      return { type: found.isDirectory() ? 'directory' : 'file', size: found.size, mtime: found.mtimeMs };
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return undefined;
      throw this.mapped(error, path);
    }
  }

  async rename(from: string, to: string): Promise<void> {
    await this.call(from, () => rename(this.host(from), this.host(to)));
  }

  async remove(path: string): Promise<void> {
    await this.call(path, () => rm(this.host(path), { recursive: true, force: true }));
  }

  async usage(): Promise<{ readonly usedBytes: number; readonly limitBytes: number }> {
    return { usedBytes: 0, limitBytes: Infinity };
  }

  private host(path: string): string {
    if (!path.startsWith('/') || path.split('/').includes('..')) throw new FileSystemError('ENOENT', path);
    return join(this.root, path);
  }

  private async call<T>(path: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw this.mapped(error, path);
    }
  }

  private mapped(error: unknown, path: string): unknown {
    const code = codeOf(error);
    return code !== undefined && posixCodes.has(code) ? new FileSystemError(code as PosixCode, path) : error;
  }
}

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
