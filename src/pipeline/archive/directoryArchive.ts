import { type FileSystem, listFilesRecursive } from '../../ports/fileSystem.js';
import { type ArchiveEntry, type ArchiveLimits, buildTarGz, defaultArchiveLimits, readTarGz } from './tarGz.js';

/**
 * Directories to and from tar.gz through the FileSystem port. Packing reads every file through the port
 * (page by page in a simulation), so packing a directory while another actor writes into it captures what
 * the files held at each moment, as `tarfile.add` on an open Chroma directory does. Extraction validates
 * the whole archive in memory first, writes into a sibling folder and swaps it in with one rename, so a bad
 * archive leaves nothing half-extracted.
 */
export async function readDirectory(fs: FileSystem, dir: string): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = [];
  for (const path of await listFilesRecursive(fs, dir)) entries.push({ path, data: await fs.readFile(`${dir}/${path}`) });
  return entries;
}

export async function packDirectory(fs: FileSystem, dir: string, mtimeMs: number): Promise<Uint8Array> {
  return buildTarGz(await readDirectory(fs, dir), mtimeMs);
}

/** Writes entries under `dir`, creating parent folders. */
export async function writeEntries(fs: FileSystem, dir: string, entries: readonly ArchiveEntry[]): Promise<void> {
  await fs.mkdir(dir);
  const folders = new Set<string>();
  for (const entry of entries) {
    const slash = entry.path.lastIndexOf('/');
    if (slash > 0) {
      const folder = `${dir}/${entry.path.slice(0, slash)}`;
      if (!folders.has(folder)) {
        folders.add(folder);
        await fs.mkdir(folder);
      }
    }
    await fs.writeFile(`${dir}/${entry.path}`, entry.data);
  }
}

/**
 * Extracts into `targetDir` (replacing it) and returns the extracted paths. Throws ArchiveError and leaves
 * `targetDir` untouched when the archive is refused.
 */
export async function extractArchive(
  fs: FileSystem,
  bytes: Uint8Array,
  targetDir: string,
  limits: ArchiveLimits = defaultArchiveLimits,
): Promise<string[]> {
  const entries = readTarGz(bytes, limits);
  const staging = `${targetDir}.extracting`;
  await fs.remove(staging);
  await writeEntries(fs, staging, entries);
  await fs.remove(targetDir);
  await fs.rename(staging, targetDir);
  return entries.map((e) => e.path);
}
