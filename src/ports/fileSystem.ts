/**
 * A POSIX-like file system with absolute `/`-separated paths: a Lambda container's `/tmp` or the EFS
 * mount. Large reads and writes are not atomic: the in-memory adapter moves one page per step, so a
 * concurrent reader can observe a half-written file, as on a real disk.
 */
export interface FileStat {
  readonly type: 'file' | 'directory';
  readonly size: number;
  /** Epoch milliseconds of the last modification. */
  readonly mtime: number;
}

export interface FileSystem {
  readonly name: string;
  readFile(path: string): Promise<Uint8Array>;
  /** Creates or truncates the file, then writes it page by page. Parent directories must exist. */
  writeFile(path: string, data: Uint8Array): Promise<void>;
  /**
   * Writes `data` at `offset`, extending the file when needed (one page per step). Creates the file when
   * missing (its directory must exist).
   */
  writeAt(path: string, offset: number, data: Uint8Array): Promise<void>;
  /** Like `mkdir -p`. */
  mkdir(path: string): Promise<void>;
  /** Names of the direct children, sorted. */
  readdir(path: string): Promise<string[]>;
  /** Undefined when the path does not exist. */
  stat(path: string): Promise<FileStat | undefined>;
  /** Atomic rename of a file or a directory; replaces an existing file or empty directory. */
  rename(from: string, to: string): Promise<void>;
  /** Like `rm -rf`: missing paths are fine. */
  remove(path: string): Promise<void>;
  /** Bytes used and the limit (Infinity when unlimited). */
  usage(): Promise<{ readonly usedBytes: number; readonly limitBytes: number }>;
}

/** All files under a directory, as paths relative to it, in sorted order. */
export async function listFilesRecursive(fs: FileSystem, root: string): Promise<string[]> {
  const result: string[] = [];
  const walk = async (dir: string, relative: string): Promise<void> => {
    for (const name of await fs.readdir(dir)) {
      const path = `${dir}/${name}`;
      const rel = relative === '' ? name : `${relative}/${name}`;
      const stat = await fs.stat(path);
      if (stat?.type === 'directory') await walk(path, rel);
      else if (stat?.type === 'file') result.push(rel);
    }
  };
  await walk(root.replace(/\/$/, ''), '');
  return result.sort();
}
