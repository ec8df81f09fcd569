import { listAllObjects } from '../../ports/objectStore.js';
import { errorText } from './errorText.js';
import { latestDirectPrefix, latestDirectVersion, versionedPrefix } from './layout.js';
import { downloadObjectsInOrder } from './objectTransfer.js';
import { readPointer } from './pointer.js';
import type { SnapshotDownloadResult } from './results.js';
import type { SnapshotPorts } from './snapshotPorts.js';

/**
 * `download_snapshot_atomic` as of the seed era (spec §8.5): no pointer → prefix `{c}/snapshot/latest/`
 * and version `latest-direct`; the objects of the prefix are fetched one by one; size mismatches are only
 * logged (returned as warnings, with `verifyIntegrity`); an empty prefix counts as downloaded. There is no
 * tarball, no retry and no empty-snapshot initialisation: every error fails the download, leaving the files
 * fetched so far in `localDir`.
 */
export async function downloadSnapshotSeedEra(
  ports: SnapshotPorts,
  collection: string,
  localDir: string,
  verifyIntegrity: boolean,
): Promise<SnapshotDownloadResult> {
  let versionId: string | null = null;
  try {
    const pointer = await readPointer(ports.store, collection);
    versionId = pointer?.versionId ?? latestDirectVersion;
    const prefix = pointer === undefined ? latestDirectPrefix(collection) : versionedPrefix(collection, pointer.versionId);
    const objects = await listAllObjects(ports.store, prefix);
    const mismatches = await downloadObjectsInOrder(ports.store, ports.fs, prefix, objects, localDir);
    return {
      status: 'downloaded',
      version_id: versionId,
      versioned_key: prefix,
      local_path: localDir,
      initialized: false,
      pointer_etag: pointer?.etag ?? null,
      promotion_history: pointer?.history ?? [],
      warnings: verifyIntegrity ? mismatches : [],
    };
  } catch (error) {
    return { status: 'failed', error: `snapshot download failed: ${errorText(error)}`, version_id: versionId };
  }
}
