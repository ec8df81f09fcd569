/**
 * The inodes of the in-memory file system. A writer or reader holds the inode it opened, as a file
 * descriptor does: renaming or removing the path does not redirect or stop an operation in progress.
 */
export interface DirectoryNode {
  readonly kind: 'directory';
  parent: DirectoryNode | undefined;
  mtime: number;
  readonly children: Map<string, FsNode>;
}

/**
 * Where the pages of a file written as one gzip stream start, and how many of them were written (see
 * pageLayout.ts). Absent for ordinary files, whose pages are aligned to the page size.
 */
export interface GzipPages {
  readonly boundaries: readonly number[];
  pagesWritten: number;
}

export class FileNode {
  readonly kind = 'file';
  parent: DirectoryNode | undefined;
  mtime: number;
  gzipPages: GzipPages | undefined;
  private bytes = new Uint8Array(0);
  private length = 0;

  constructor(parent: DirectoryNode, mtime: number) {
    this.parent = parent;
    this.mtime = mtime;
  }

  get size(): number {
    return this.length;
  }

  truncate(): void {
    this.length = 0;
  }

  /** Writes at `offset`; a gap between the old end and `offset` reads as zeros. */
  write(offset: number, data: Uint8Array): void {
    const end = offset + data.length;
    if (end > this.bytes.length) {
      const grown = new Uint8Array(Math.max(end, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    if (offset > this.length) this.bytes.fill(0, this.length, offset);
    this.bytes.set(data, offset);
    this.length = Math.max(this.length, end);
  }

  /** A copy of the bytes in [start, end), clipped to the file. */
  read(start: number, end: number): Uint8Array {
    return this.bytes.slice(Math.min(start, this.length), Math.min(end, this.length));
  }
}

export type FsNode = DirectoryNode | FileNode;

export function newDirectory(parent: DirectoryNode | undefined, mtime: number): DirectoryNode {
  return { kind: 'directory', parent, mtime, children: new Map() };
}
