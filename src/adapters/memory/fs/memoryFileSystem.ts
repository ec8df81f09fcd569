/**
 * In-memory file system: a Lambda container's `/tmp` or the EFS mount.
 *
 * Modelled: a tree of directories and files under absolute paths. Data moves one page per step, as on a
 * disk: `writeFile` truncates (creating the file) and writes the first page in its first step, then one
 * page per step, so an actor reading in between sees a partially written file, and a writer that dies
 * leaves it half-written; a zero-length write is still one step. `writeAt` writes page-aligned pieces
 * one per step (creating the file when missing). `readFile` reads one page per step from the file it
 * opened, up to the end of the file as it is at that step, so a concurrent writer tears the read at page
 * granularity (a page itself is atomic). An open file is an inode, as with a file descriptor: renaming
 * or removing its path does not redirect or stop a read or write in progress. `mkdir` (-p), `readdir`
 * (sorted), `stat`, `rename` (atomic; replaces a file or an empty directory), `remove` (rm -rf) and
 * `usage` are one step each. `limitBytes` bounds the sum of the sizes of the files in the tree: a page
 * that would pass it fails with ENOSPC and the pages before it stay written. Modification times come
 * from the wall clock of the acting host (skew included). A gzip stream written with `writeFile` is cut
 * into as many pages as its uncompressed content has (see pageLayout.ts) so that step counts, which the
 * trace records, do not depend on the zlib version.
 *
 * Not modelled: permissions, links, fsync and the page cache (every written page is durable at once),
 * inode limits, EFS throughput and burst credits, NFS close-to-open caching (EFS is strongly consistent
 * across hosts here).
 *
 * Faults:
 * - `fs.full` (per page written to a file system that has a `limitBytes`): ENOSPC on that page; the pages
 *   before it stay written.
 */
import { FileSystemError } from '../../../ports/errors.js';
import type { FileStat, FileSystem } from '../../../ports/fileSystem.js';
import type { Simulation } from '../../../sim/simulation.js';
import type { StepContext } from '../../../sim/stepContext.js';
import type { FileNode, GzipPages } from './fileNodes.js';
import { FileTree, parsePath } from './fileTree.js';
import { type PageRange, alignedPages, gzipPageBoundaries, nextRead, pagesBetween } from './pageLayout.js';

export interface MemoryFileSystemOptions {
  readonly name: string;
  /** Sum of file sizes allowed; unlimited when absent. */
  readonly limitBytes?: number;
  /** Bytes per step of a read or write (default 4096). */
  readonly pageSize?: number;
  readonly latency?: 'fileSystemPage' | 'efsPage';
  /** Directories that exist from the start, such as a Lambda's `/tmp`. */
  readonly directories?: readonly string[];
}

export class MemoryFileSystem implements FileSystem {
  readonly name: string;
  private readonly tree: FileTree;
  private readonly pageSize: number;
  private readonly latency: 'fileSystemPage' | 'efsPage';

  constructor(
    private readonly sim: Simulation,
    options: MemoryFileSystemOptions,
  ) {
    this.name = options.name;
    this.pageSize = options.pageSize ?? 4096;
    this.latency = options.latency ?? 'fileSystemPage';
    this.tree = new FileTree(options.limitBytes ?? Infinity);
    for (const directory of options.directories ?? []) this.tree.mkdirp(directory, sim.wallClock());
  }

  async readFile(path: string): Promise<Uint8Array> {
    let file: FileNode | undefined;
    const chunks: Uint8Array[] = [];
    let offset = 0;
    for (let index = 0; ; index++) {
      const last = await this.step('fs.read', path, (step) => {
        step.detail('page', index);
        file ??= this.tree.openForRead(path);
        const range = nextRead(file, offset, index, this.pageSize);
        const chunk = file.read(range.start, range.end);
        chunks.push(chunk);
        offset += chunk.length;
        return range.last;
      });
      if (last) return concat(chunks, offset);
    }
  }

  writeFile(path: string, data: Uint8Array): Promise<void> {
    const boundaries = gzipPageBoundaries(data, this.pageSize);
    const gzipPages: GzipPages | undefined = boundaries === undefined ? undefined : { boundaries, pagesWritten: 0 };
    const pages = boundaries === undefined ? alignedPages(0, data.length, this.pageSize) : pagesBetween(boundaries);
    return this.writePages(path, data, 0, pages, gzipPages, (mtime) => this.tree.openForWrite(path, true, mtime));
  }

  writeAt(path: string, offset: number, data: Uint8Array): Promise<void> {
    const pages = alignedPages(offset, data.length, this.pageSize);
    return this.writePages(path, data, offset, pages, undefined, (mtime) => this.tree.openForWrite(path, false, mtime));
  }

  mkdir(path: string): Promise<void> {
    return this.step('fs.mkdir', path, () => this.tree.mkdirp(path, this.sim.wallClock()));
  }

  readdir(path: string): Promise<string[]> {
    return this.step('fs.readdir', path, () => this.tree.readdir(path));
  }

  stat(path: string): Promise<FileStat | undefined> {
    return this.step('fs.stat', path, () => {
      const node = this.tree.lookup(parsePath(path));
      if (node === undefined) return undefined;
      return node.kind === 'file'
        ? { type: 'file', size: node.size, mtime: node.mtime }
        : { type: 'directory', size: 0, mtime: node.mtime };
    });
  }

  rename(from: string, to: string): Promise<void> {
    return this.step('fs.rename', from, (step) => {
      step.entity(this.entity(to)).detail('to', to);
      this.tree.rename(from, to, this.sim.wallClock());
    });
  }

  remove(path: string): Promise<void> {
    return this.step('fs.remove', path, () => this.tree.remove(path, this.sim.wallClock()));
  }

  usage(): Promise<{ readonly usedBytes: number; readonly limitBytes: number }> {
    return this.step('fs.usage', '/', () => ({ usedBytes: this.tree.usedBytes, limitBytes: this.tree.limitBytes }));
  }

  /** Inspection for invariant checkers and tests (no step): every file under `root` by relative path. */
  snapshotFiles(root: string): Map<string, Uint8Array> {
    return this.tree.snapshotFiles(root);
  }

  /**
   * One step per page; the first step also opens the file. `gzipPages`, when given, is installed on the
   * file at open and counts the pages written so far, which is where readers stop.
   */
  private async writePages(
    path: string,
    data: Uint8Array,
    dataOffset: number,
    pages: readonly PageRange[],
    gzipPages: GzipPages | undefined,
    open: (mtime: number) => FileNode,
  ): Promise<void> {
    let file: FileNode | undefined;
    const steps = Math.max(1, pages.length);
    for (let index = 0; index < steps; index++) {
      await this.step('fs.write', path, (step) => {
        step.detail('page', index).detail('pages', pages.length);
        const mtime = this.sim.wallClock();
        if (file === undefined) {
          file = open(mtime);
          file.gzipPages = gzipPages;
        }
        const page = pages[index];
        if (page === undefined) return;
        if (this.tree.limitBytes !== Infinity && this.sim.faults.fire('fs.full')) throw new FileSystemError('ENOSPC', path);
        this.tree.write(path, file, page.start, data.subarray(page.start - dataOffset, page.end - dataOffset), mtime);
        if (gzipPages !== undefined) gzipPages.pagesWritten = index + 1;
      });
    }
  }

  private step<T>(op: string, path: string, effect: (step: StepContext) => T): Promise<T> {
    return this.sim.io({ op, latency: this.latency, entities: [this.entity(path)] }, (step) => {
      step.detail('path', path);
      return effect(step);
    });
  }

  private entity(path: string): string {
    return `fs://${this.name}${path}`;
  }
}

/** A Lambda container's `/tmp` of `limitBytes` (512 MB to 10 GB in AWS); the directory `/tmp` exists. */
export function createLambdaTmp(sim: Simulation, name: string, limitBytes: number): MemoryFileSystem {
  return new MemoryFileSystem(sim, { name, limitBytes, latency: 'fileSystemPage', directories: ['/tmp'] });
}

/** An EFS mount: unlimited, slow pages of 64 KiB. */
export function createEfs(sim: Simulation, name: string): MemoryFileSystem {
  return new MemoryFileSystem(sim, { name, latency: 'efsPage', pageSize: 65_536 });
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
