import { NoSuchKey } from '../../ports/errors.js';
import { listAllObjects } from '../../ports/objectStore.js';
import { extractArchive } from '../archive/directoryArchive.js';
import { tarballKey, versionedPrefix } from './layout.js';
import { downloadObjectsInParallel } from './objectTransfer.js';
import type { SnapshotPorts } from './snapshotPorts.js';

/**
 * §5.3 step 2: `HEAD {prefix}/snapshot.tar.gz`; when present, download it and extract it into `localDir`
 * (validated whole, extracted aside, swapped in); when absent (404), list the prefix and download every
 * object with the parallel workers. Throws on failure, with the AWS error code in the message.
 *
 * The tarball is one GetObject here: production's 16 MB multipart ranged download is not modelled (the
 * object store port has no ranged GET), and its parts could not tear anyway, an object being immutable.
 */
export async function fetchVersion(
  ports: SnapshotPorts,
  collection: string,
  versionId: string,
  localDir: string,
  verifyIntegrity: boolean,
): Promise<void> {
  const key = tarballKey(collection, versionId);
  let hasTarball = true;
  try {
    await ports.store.headObject(key);
  } catch (error) {
    if (!(error instanceof NoSuchKey)) throw error;
    hasTarball = false;
  }
  if (hasTarball) {
    const { body } = await ports.store.getObject(key);
    await extractArchive(ports.fs, body, localDir);
    return;
  }
  const prefix = versionedPrefix(collection, versionId);
  const objects = await listAllObjects(ports.store, prefix);
  if (objects.length === 0) throw new Error(`no snapshot files found under ${prefix}`);
  await downloadObjectsInParallel(ports, prefix, objects, localDir, verifyIntegrity);
}
