import { gzipSync } from 'node:zlib';
import { Header, Parser } from 'tar';

/**
 * tar.gz archives built and read entirely in memory with node-tar's Header and Parser, synchronously (no
 * real I/O, no timers: safe inside a simulation). Entries carry a fixed mtime from the caller's clock, so
 * the same files give the same archive. Reading validates the whole archive before anything is returned:
 * a truncated or damaged archive, `..` or absolute paths, links and oversized entries are refused.
 */
export interface ArchiveEntry {
  /** Relative path inside the archive, `/`-separated, without a leading `./`. */
  readonly path: string;
  readonly data: Uint8Array;
}

export interface ArchiveLimits {
  /** Largest single entry accepted, in bytes. */
  readonly maxEntryBytes: number;
  /** Largest total of all entries, in bytes. */
  readonly maxTotalBytes: number;
}

export const defaultArchiveLimits: ArchiveLimits = {
  maxEntryBytes: 2 * 1024 ** 3,
  maxTotalBytes: 10 * 1024 ** 3,
};

export class ArchiveError extends Error {
  override readonly name = 'ArchiveError';
}

const block = 512;

/** A gzip tar with archive root `.` (entries named `./path`), as the pipeline's `tar.add(dir, arcname=".")`. */
export function buildTarGz(entries: readonly ArchiveEntry[], mtimeMs: number): Uint8Array {
  const blocks: Uint8Array[] = [];
  const mtime = new Date(Math.floor(mtimeMs / 1000) * 1000);
  const root = new Header({ path: './', mode: 0o755, uid: 0, gid: 0, size: 0, mtime, type: 'Directory' });
  root.encode();
  if (root.block === undefined) throw new ArchiveError('cannot encode the archive root header');
  blocks.push(root.block);
  for (const entry of entries) {
    const header = new Header({
      path: `./${entry.path}`,
      mode: 0o644,
      uid: 0,
      gid: 0,
      size: entry.data.length,
      mtime,
      type: 'File',
    });
    header.encode();
    if (header.block === undefined) throw new ArchiveError(`cannot encode a tar header for ${entry.path}`);
    blocks.push(header.block, entry.data, new Uint8Array((block - (entry.data.length % block)) % block));
  }
  blocks.push(new Uint8Array(2 * block));
  return gzipSync(Buffer.concat(blocks), { level: 6 });
}

/** Reads and validates a whole archive; throws ArchiveError naming the first problem. */
export function readTarGz(bytes: Uint8Array, limits: ArchiveLimits = defaultArchiveLimits): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [];
  let problem: string | undefined;
  let total = 0;
  const parser = new Parser({
    strict: true,
    onwarn: (code: string, message: string | Error) => {
      problem ??= `${code}: ${typeof message === 'string' ? message : message.message}`;
    },
    onReadEntry: (entry) => {
      const path = entry.path.replace(/^(\.\/)+/, '');
      const unsafe = unsafePath(entry.path);
      if (entry.type === 'Directory' && unsafe === undefined) {
        entry.resume();
        return;
      }
      if (unsafe !== undefined) problem ??= `${unsafe}: ${entry.path}`;
      else if (entry.type !== 'File' && entry.type !== 'OldFile') problem ??= `${entry.type} entries are refused: ${entry.path}`;
      else if ((entry.size ?? 0) > limits.maxEntryBytes) problem ??= `entry larger than ${limits.maxEntryBytes} bytes: ${entry.path}`;
      total += entry.size ?? 0;
      if (total > limits.maxTotalBytes) problem ??= `archive larger than ${limits.maxTotalBytes} bytes`;
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => {
        const data = Buffer.concat(chunks);
        if (data.length !== entry.size) problem ??= `truncated entry: ${entry.path}`;
        entries.push({ path, data: new Uint8Array(data) });
      });
    },
  });
  parser.on('error', (error: Error) => {
    problem ??= error.message;
  });
  parser.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  parser.end();
  if (problem !== undefined) throw new ArchiveError(`refused archive: ${problem}`);
  return entries;
}

function unsafePath(path: string): string | undefined {
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'absolute path';
  if (path.split(/[\\/]/).includes('..')) return 'path with ..';
  return undefined;
}
