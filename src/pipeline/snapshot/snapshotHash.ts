import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { Clock } from '../../ports/clock.js';
import { type FileSystem, listFilesRecursive } from '../../ports/fileSystem.js';

/**
 * The three forms of a version's `.snapshot_hash` (spec §5.1, §8.5). Directory hashes read every file
 * through the FileSystem port, one page per step, so a directory that changes while it is hashed gives a
 * hash of no state it was ever in, and one that differs from the files uploaded just before.
 */
export type DirectoryHashForm = 'directoryContent' | 'legacyStat';

const md5 = (data: Uint8Array | string): string => createHash('md5').update(data).digest('hex');

/**
 * Head (§5.1): `md5:{hex}` of the tarball. Hashed over the tarball's logical content (the tar stream
 * inside the gzip): the S3 fake records a digest of every object body in the trace, and compressed
 * bytes differ between zlib versions. Nothing reads this hash back (§5.3), so the choice is invisible
 * to the pipeline.
 */
export function tarballHash(tarball: Uint8Array): string {
  return `md5:${md5(gunzipSync(tarball))}`;
}

/** Seed era (§8.5): the JSON written as `.snapshot_hash` (field names as the production code has them). */
export interface DirectoryHashRecord {
  readonly directory_hash: string;
  readonly algorithm: 'md5';
  readonly file_count: number;
  readonly total_size_bytes: number;
  readonly calculated_at: string;
  readonly calculation_time_seconds: number;
  readonly version: '1.0';
}

/** §8.5: files excluded from the directory hash. */
export function excludedFromDirectoryHash(relativePath: string): boolean {
  const name = relativePath.slice(relativePath.lastIndexOf('/') + 1);
  return name.endsWith('.tmp') || name.endsWith('.log') || name === '.snapshot_hash';
}

/** §8.5: md5 over `"{file md5}  {relative path}\n"` per file, in path order. */
export async function calculateDirectoryHash(fs: FileSystem, clock: Clock, dir: string): Promise<DirectoryHashRecord> {
  const startedMs = clock.now();
  const hasher = createHash('md5');
  let fileCount = 0;
  let totalSize = 0;
  for (const path of await listFilesRecursive(fs, dir)) {
    if (excludedFromDirectoryHash(path)) continue;
    const data = await fs.readFile(`${dir}/${path}`);
    hasher.update(`${md5(data)}  ${path}\n`);
    fileCount++;
    totalSize += data.length;
  }
  return {
    directory_hash: hasher.digest('hex'),
    algorithm: 'md5',
    file_count: fileCount,
    total_size_bytes: totalSize,
    calculated_at: clock.nowIso(),
    calculation_time_seconds: (clock.now() - startedMs) / 1000,
    version: '1.0',
  };
}

/**
 * Legacy uncompressed versions (§5.1): md5 over the `relpath:size:mtime` strings of the files in path
 * order, mtime in seconds as Python prints a float. The spec names only the hashed strings; the file
 * holds the hex digest.
 */
export async function legacyStatHash(fs: FileSystem, dir: string): Promise<string> {
  const hasher = createHash('md5');
  for (const path of await listFilesRecursive(fs, dir)) {
    const stat = await fs.stat(`${dir}/${path}`);
    if (stat === undefined) continue;
    hasher.update(`${path}:${stat.size}:${pythonFloat(stat.mtime / 1000)}`);
  }
  return hasher.digest('hex');
}

/** `str(float)` for the magnitudes of epoch seconds: `1731585600.0`, `1731585600.25`. */
function pythonFloat(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

/** The body of `.snapshot_hash` and the hash the upload reports, for a directory-layout version. */
export async function directorySnapshotHash(
  fs: FileSystem,
  clock: Clock,
  dir: string,
  form: DirectoryHashForm,
): Promise<{ readonly body: string; readonly hash: string }> {
  if (form === 'legacyStat') {
    const hash = await legacyStatHash(fs, dir);
    return { body: hash, hash };
  }
  const record = await calculateDirectoryHash(fs, clock, dir);
  return { body: JSON.stringify(record, null, 2), hash: record.directory_hash };
}
