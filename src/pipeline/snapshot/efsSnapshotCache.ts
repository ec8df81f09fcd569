import type { FileSystem } from '../../ports/fileSystem.js';
import { copyDirectory } from './copyDirectory.js';
import { type DownloadVariant, downloadSnapshotAtomic } from './downloadSnapshotAtomic.js';
import type { SnapshotPorts } from './snapshotPorts.js';

/**
 * The EFS snapshot cache (spec §5.4, §8.3 steps 1, 3 and 5; historical, 2025-10-24 → 2026-07-14).
 * `root` is `CHROMA_ROOT` (`/mnt/chroma` in the seed era). Layout `{root}/snapshots/{c}/{version}/` plus
 * `{root}/snapshots/{c}/.version` naming the last version published. `ports.fs` is the Lambda's `/tmp`, `efs` the shared mount: every host sees the same EFS, and
 * nothing here locks it, so concurrent fills, copies and retention can tear or delete each other's work.
 */
export interface EfsCachePorts extends SnapshotPorts {
  readonly efs: FileSystem;
}

/** §5.4: directories kept after a publish. */
export const efsVersionsKept = 3;

export const efsCollectionDir = (root: string, collection: string): string => `${root}/snapshots/${collection}`;
export const efsVersionDir = (root: string, collection: string, version: string): string =>
  `${efsCollectionDir(root, collection)}/${version}`;
export const efsVersionFile = (root: string, collection: string): string => `${efsCollectionDir(root, collection)}/.version`;

export interface EnsuredSnapshot {
  readonly path: string;
  /** Whether this call filled the directory from S3, and the version the download actually got then. */
  readonly filledFrom: string | undefined;
}

/**
 * `ensure_snapshot_available(v)` (§5.4, §8.3 step 1): when `{root}/snapshots/{c}/{v}/` exists, use it.
 * Otherwise run `download_snapshot_atomic` into a temporary EFS directory and move it to the name `v`.
 * The download resolves the pointer again, so if the pointer moved since `v` was read the directory
 * named `v` holds another version; this is kept as production had it. Throws when the download fails.
 */
export async function ensureSnapshotAvailable(
  ports: EfsCachePorts,
  root: string,
  collection: string,
  version: string,
  download: DownloadVariant,
): Promise<EnsuredSnapshot> {
  const path = efsVersionDir(root, collection, version);
  if ((await ports.efs.stat(path))?.type === 'directory') return { path, filledFrom: undefined };
  const temporary = `${root}/tmp/${collection}_${version}_${ports.random.hex(8)}`;
  const result = await downloadSnapshotAtomic({ ...ports, fs: ports.efs }, { collection, localDir: temporary, ...download });
  if (result.status !== 'downloaded') {
    await ports.efs.remove(temporary);
    throw new Error(`EFS fill of ${collection}/${version} failed: ${result.error}`);
  }
  await ports.efs.mkdir(efsCollectionDir(root, collection));
  await ports.efs.rename(temporary, path);
  return { path, filledFrom: result.version_id };
}

/** §8.3 step 3: copy the EFS version into a new `/tmp` work directory, file by file. */
export async function copySnapshotToWorkDir(
  ports: EfsCachePorts,
  root: string,
  collection: string,
  version: string,
  workDir: string,
): Promise<string[]> {
  return copyDirectory(ports.efs, efsVersionDir(root, collection, version), ports.fs, workDir);
}

/**
 * §5.4, §8.3 step 5, after a successful publish: replace `{root}/snapshots/{c}/{new}` with a copy of
 * the `/tmp` work directory (removed, then copied in place), rewrite `.version`, and keep the
 * `efsVersionsKept` newest directories by modification time. Returns the directories removed.
 */
export async function publishToEfs(ports: EfsCachePorts, root: string, collection: string, newVersion: string, workDir: string): Promise<string[]> {
  const target = efsVersionDir(root, collection, newVersion);
  await ports.efs.remove(target);
  await copyDirectory(ports.fs, workDir, ports.efs, target);
  await ports.efs.writeFile(efsVersionFile(root, collection), new TextEncoder().encode(newVersion));
  return keepNewestVersions(ports.efs, root, collection);
}

async function keepNewestVersions(efs: FileSystem, root: string, collection: string): Promise<string[]> {
  const dir = efsCollectionDir(root, collection);
  const versions: { name: string; mtime: number }[] = [];
  for (const name of await efs.readdir(dir)) {
    const stat = await efs.stat(`${dir}/${name}`);
    if (stat?.type === 'directory') versions.push({ name, mtime: stat.mtime });
  }
  versions.sort((a, b) => b.mtime - a.mtime || (a.name < b.name ? 1 : -1));
  const removed = versions.slice(efsVersionsKept).map((v) => v.name);
  for (const name of removed) await efs.remove(`${dir}/${name}`);
  return removed;
}
