import { listFilesRecursive } from '../../ports/fileSystem.js';
import { packDirectory } from '../archive/directoryArchive.js';
import { hashKey, tarballKey, versionedPrefix } from './layout.js';
import { type UploadMetadata, toObjectMetadata } from './objectMetadata.js';
import { type DirectoryHashForm, directorySnapshotHash, tarballHash } from './snapshotHash.js';
import type { SnapshotPorts } from './snapshotPorts.js';

/**
 * How a version is stored under its prefix:
 * - `tarball` (head, §5.2 step 3): `snapshot.tar.gz` of the whole directory (archive root `.`), then
 *   `.snapshot_hash` = `md5:{hex}`;
 * - `directory` (seed era, §8.5; legacy uncompressed versions of §5.1): the raw files one PutObject each,
 *   then `.snapshot_hash` computed afterwards by reading the files again (JSON content hash, or the legacy
 *   `relpath:size:mtime` hash).
 */
export type SnapshotLayout =
  | { readonly kind: 'tarball' }
  | { readonly kind: 'directory'; readonly hash: DirectoryHashForm };

/** §5.2 step 3. Throws on any failure; returns the hash it wrote. */
export async function uploadVersion(
  ports: SnapshotPorts,
  layout: SnapshotLayout,
  collection: string,
  versionId: string,
  localDir: string,
  metadata: UploadMetadata,
): Promise<string> {
  if (layout.kind === 'tarball') {
    // Packed in memory from files read through the port; production writes the tarball to /tmp first.
    const tarball = await packDirectory(ports.fs, localDir, ports.clock.now());
    const hash = tarballHash(tarball);
    await ports.store.putObject({
      key: tarballKey(collection, versionId),
      body: tarball,
      contentType: 'application/gzip',
      metadata: toObjectMetadata(metadata),
    });
    await ports.store.putObject({ key: hashKey(collection, versionId), body: new TextEncoder().encode(hash) });
    return hash;
  }
  const prefix = versionedPrefix(collection, versionId);
  for (const path of await listFilesRecursive(ports.fs, localDir)) {
    await ports.store.putObject({ key: `${prefix}${path}`, body: await ports.fs.readFile(`${localDir}/${path}`) });
  }
  const { body, hash } = await directorySnapshotHash(ports.fs, ports.clock, localDir, layout.hash);
  await ports.store.putObject({ key: hashKey(collection, versionId), body: new TextEncoder().encode(body) });
  return hash;
}
