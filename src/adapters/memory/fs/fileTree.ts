import { FileSystemError, ValidationError } from '../../../ports/errors.js';
import { type DirectoryNode, type FsNode, FileNode, newDirectory } from './fileNodes.js';

/** An absolute path split into its names; `.` and `..` are resolved lexically. */
export function parsePath(path: string): string[] {
  if (!path.startsWith('/')) throw new ValidationError(`EINVAL: not an absolute path: ${path}`);
  const names: string[] = [];
  for (const name of path.split('/')) {
    if (name === '' || name === '.') continue;
    if (name === '..') names.pop();
    else names.push(name);
  }
  return names;
}

/**
 * The directory tree and its space accounting, with POSIX error semantics. Every method is one atomic
 * effect; the file system adapter decides how operations are cut into steps. `usedBytes` counts the
 * files reachable from the root: a file removed while a writer still holds it no longer counts.
 */
export class FileTree {
  readonly root: DirectoryNode = newDirectory(undefined, 0);
  private used = 0;

  constructor(readonly limitBytes: number) {}

  get usedBytes(): number {
    return this.used;
  }

  lookup(names: readonly string[]): FsNode | undefined {
    let node: FsNode = this.root;
    for (const name of names) {
      if (node.kind !== 'directory') return undefined;
      const child: FsNode | undefined = node.children.get(name);
      if (child === undefined) return undefined;
      node = child;
    }
    return node;
  }

  /** Opens a file for writing, creating it when missing (its directory must exist) and truncating on request. */
  openForWrite(path: string, truncate: boolean, mtime: number): FileNode {
    const names = parsePath(path);
    const existing = this.lookup(names);
    if (existing?.kind === 'directory') throw new FileSystemError('EISDIR', path);
    if (existing !== undefined) {
      if (truncate) this.resize(existing, () => existing.truncate());
      existing.mtime = mtime;
      return existing;
    }
    const parent = this.directoryOf(names, path);
    const file = new FileNode(parent, mtime);
    parent.children.set(names.at(-1)!, file);
    parent.mtime = mtime;
    return file;
  }

  openForRead(path: string): FileNode {
    const node = this.lookup(parsePath(path));
    if (node === undefined) throw new FileSystemError('ENOENT', path);
    if (node.kind === 'directory') throw new FileSystemError('EISDIR', path);
    return node;
  }

  /** Writes into an open file; ENOSPC (nothing written) when the growth would pass the limit. */
  write(path: string, file: FileNode, offset: number, data: Uint8Array, mtime: number): void {
    const growth = Math.max(0, offset + data.length - file.size);
    if (growth > 0 && this.isReachable(file) && this.used + growth > this.limitBytes) {
      throw new FileSystemError('ENOSPC', path);
    }
    this.resize(file, () => file.write(offset, data));
    file.mtime = mtime;
  }

  mkdirp(path: string, mtime: number): void {
    const names = parsePath(path);
    let node: DirectoryNode = this.root;
    for (const [i, name] of names.entries()) {
      const child = node.children.get(name);
      if (child?.kind === 'file') throw new FileSystemError(i === names.length - 1 ? 'EEXIST' : 'ENOTDIR', path);
      if (child !== undefined) {
        node = child;
        continue;
      }
      const created = newDirectory(node, mtime);
      node.children.set(name, created);
      node.mtime = mtime;
      node = created;
    }
  }

  readdir(path: string): string[] {
    const node = this.lookup(parsePath(path));
    if (node === undefined) throw new FileSystemError('ENOENT', path);
    if (node.kind === 'file') throw new FileSystemError('ENOTDIR', path);
    return [...node.children.keys()].sort();
  }

  rename(from: string, to: string, mtime: number): void {
    const fromNames = parsePath(from);
    const toNames = parsePath(to);
    const node = this.lookup(fromNames);
    if (node === undefined) throw new FileSystemError('ENOENT', from);
    if (fromNames.length === 0 || toNames.length === 0) throw new ValidationError(`EBUSY: cannot rename the root (${from} → ${to})`);
    if (fromNames.join('/') === toNames.join('/')) return;
    if (node.kind === 'directory' && isPrefix(fromNames, toNames)) {
      throw new ValidationError(`EINVAL: cannot move ${from} into itself (${to})`);
    }
    const target = this.directoryOf(toNames, to);
    const name = toNames.at(-1)!;
    const replaced = target.children.get(name);
    if (replaced !== undefined) {
      if (node.kind === 'file' && replaced.kind === 'directory') throw new FileSystemError('EISDIR', to);
      if (node.kind === 'directory' && replaced.kind === 'file') throw new FileSystemError('ENOTDIR', to);
      if (replaced.kind === 'directory' && replaced.children.size > 0) throw new FileSystemError('ENOTEMPTY', to);
      this.detach(replaced);
    }
    const source = node.parent!;
    source.children.delete(fromNames.at(-1)!);
    source.mtime = mtime;
    target.children.set(name, node);
    target.mtime = mtime;
    node.parent = target;
  }

  /** `rm -rf`: missing paths are fine; removing the root empties it. */
  remove(path: string, mtime: number): void {
    const names = parsePath(path);
    const node = this.lookup(names);
    if (node === undefined) return;
    if (node === this.root) {
      for (const child of [...this.root.children.values()]) this.detach(child);
      this.root.mtime = mtime;
      return;
    }
    node.parent!.mtime = mtime;
    this.detach(node);
  }

  /** Every file under `path` by relative path, sorted; empty when `path` is not a directory. */
  snapshotFiles(path: string): Map<string, Uint8Array> {
    const files = new Map<string, Uint8Array>();
    const walk = (dir: DirectoryNode, relative: string): void => {
      for (const name of [...dir.children.keys()].sort()) {
        const child = dir.children.get(name)!;
        const rel = relative === '' ? name : `${relative}/${name}`;
        if (child.kind === 'directory') walk(child, rel);
        else files.set(rel, child.read(0, child.size));
      }
    };
    const node = this.lookup(parsePath(path));
    if (node?.kind === 'directory') walk(node, '');
    return files;
  }

  private directoryOf(names: readonly string[], path: string): DirectoryNode {
    if (names.length === 0) throw new FileSystemError('EISDIR', path);
    let node: DirectoryNode = this.root;
    for (const name of names.slice(0, -1)) {
      const child = node.children.get(name);
      if (child === undefined) throw new FileSystemError('ENOENT', path);
      if (child.kind === 'file') throw new FileSystemError('ENOTDIR', path);
      node = child;
    }
    return node;
  }

  /** Takes a node out of the tree; its bytes stop counting (a writer holding it keeps an orphan). */
  private detach(node: FsNode): void {
    const parent = node.parent;
    if (parent === undefined) return;
    for (const [name, child] of parent.children) if (child === node) parent.children.delete(name);
    this.used -= bytesUnder(node);
    node.parent = undefined;
  }

  private resize(file: FileNode, change: () => void): void {
    const before = file.size;
    change();
    if (this.isReachable(file)) this.used += file.size - before;
  }

  private isReachable(node: FsNode): boolean {
    let current: FsNode = node;
    while (current.parent !== undefined) current = current.parent;
    return current === this.root;
  }
}

function bytesUnder(node: FsNode): number {
  if (node.kind === 'file') return node.size;
  let total = 0;
  for (const child of node.children.values()) total += bytesUnder(child);
  return total;
}

function isPrefix(prefix: readonly string[], names: readonly string[]): boolean {
  return prefix.length < names.length && prefix.every((name, i) => names[i] === name);
}
