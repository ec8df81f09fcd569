import type { FileSystem } from '../../ports/fileSystem.js';
import type { TaskHandle, Tasks } from '../../ports/tasks.js';
import { databaseFile, indexFile, pageSizeOf } from './storeSchema.js';

/**
 * Persistence of a store whose database lives in memory (design.md, Fidelity). A write marks the store
 * dirty and starts the flusher task if none runs. One flush round captures the database image
 * (`serialize()`) and the changed index files at the same instant, writes the pages of the image that
 * differ from the image last written, one `writeAt` per page (so every other actor can run between two
 * pages, and a reader copying the file meanwhile gets pages of two versions), then writes each changed
 * index file. There is no rollback journal: a round cut short by a crash leaves the file torn, which the
 * next successful round repairs only if the process survives. A failed background round is not retried
 * until the next write or `drain`, which then rewrites every page and every index file.
 */
export interface FlushImage {
  readonly database: Uint8Array;
  /** Index file bytes by collection id. */
  readonly indexes: ReadonlyMap<string, Uint8Array>;
}

export class StoreFlusher {
  private dirty = false;
  private rewriteAll = false;
  private active = false;
  private task: TaskHandle | undefined;
  private lastWritten: Uint8Array | undefined;
  /** Upper bound of the file's length on disk, to know when a full rewrite must truncate. */
  private diskLength: number;
  private readonly folders = new Set<string>();

  constructor(
    private readonly fs: FileSystem,
    private readonly directory: string,
    private readonly tasks: Tasks,
    /** Captures the image and the index files (all of them when `all`, else the changed ones). */
    private readonly capture: (all: boolean) => FlushImage,
    /** The database file as read at open; undefined for a new store. */
    onDisk: Uint8Array | undefined,
  ) {
    this.lastWritten = onDisk;
    this.diskLength = onDisk?.length ?? 0;
  }

  /** Called after every write: the flusher task picks the change up. */
  markDirty(): void {
    this.dirty = true;
    if (this.active) return;
    this.active = true;
    this.task = this.tasks.spawn('chroma-flush', () => this.runInBackground());
  }

  /** Waits for the flusher task, then flushes whatever is left in the caller; errors reach the caller. */
  async drain(): Promise<void> {
    if (this.task !== undefined) await this.task.join();
    this.task = undefined;
    this.active = false;
    while (this.dirty || this.rewriteAll) await this.round();
  }

  private async runInBackground(): Promise<void> {
    try {
      while (this.dirty || this.rewriteAll) await this.round();
    } catch {
      // round() has set rewriteAll; the next write or close() tries again and reports a lasting failure.
    }
    this.active = false;
  }

  private async round(): Promise<void> {
    const all = this.rewriteAll;
    this.dirty = false;
    this.rewriteAll = false;
    const image = this.capture(all);
    try {
      await this.writeDatabase(image.database, all);
      for (const [collectionId, bytes] of image.indexes) {
        const folder = `${this.directory}/${collectionId}`;
        if (!this.folders.has(folder)) {
          await this.fs.mkdir(folder);
          this.folders.add(folder);
        }
        await this.fs.writeFile(`${folder}/${indexFile}`, bytes);
      }
    } catch (error) {
      this.rewriteAll = true;
      this.lastWritten = undefined;
      throw error;
    }
  }

  private async writeDatabase(image: Uint8Array, all: boolean): Promise<void> {
    const path = `${this.directory}/${databaseFile}`;
    const previous = all ? undefined : this.lastWritten;
    this.diskLength = Math.max(this.diskLength, image.length);
    if (image.length < this.diskLength) {
      await this.fs.writeFile(path, image);
      this.diskLength = image.length;
    } else {
      const pageSize = pageSizeOf(image);
      for (let offset = 0; offset < image.length; offset += pageSize) {
        const page = image.subarray(offset, offset + pageSize);
        if (previous !== undefined && samePage(page, previous, offset)) continue;
        await this.fs.writeAt(path, offset, page);
      }
    }
    this.lastWritten = image;
  }
}

function samePage(page: Uint8Array, previous: Uint8Array, offset: number): boolean {
  if (offset + page.length > previous.length) return false;
  return Buffer.compare(page, previous.subarray(offset, offset + page.length)) === 0;
}
