import type { PointerPromotionMode, PointerState } from './pointer.js';
import { pointerPromotion } from './pointer.js';
import type { SnapshotUploadResult } from './results.js';
import { type SnapshotRetentionMode, snapshotRetention } from './retention.js';
import type { SnapshotPorts } from './snapshotPorts.js';
import { type UploadSnapshotOptions, uploadSnapshotAtomic } from './uploadSnapshotAtomic.js';

/** How the profile uploads snapshots, for the upload the initialisation makes. */
export type EmptySnapshotUploadSettings = Pick<UploadSnapshotOptions, 'layout' | 'versionIdFormat' | 'postUploadValidation' | 'keepVersions'> & {
  readonly pointerPromotion: PointerPromotionMode;
  /** The flag `snapshotRetention` (the spec's newest names when absent). */
  readonly snapshotRetention?: SnapshotRetentionMode;
};

export const emptySnapshotCreator = 'empty_snapshot_initializer';

/**
 * §5.3 step 3: create a local database in `localDir` (as it is: whatever a failed download left there
 * stays) holding the collection with `created_by=empty_snapshot_initializer`, then upload and promote it
 * with `upload_snapshot_atomic` without a lock manager, so without ownership checks. With
 * `conditionalPut` the promotion is conditioned on the pointer this cycle read (none: create only).
 */
export async function initializeEmptySnapshot(
  ports: SnapshotPorts,
  collection: string,
  localDir: string,
  settings: EmptySnapshotUploadSettings,
  pointerAtDownload: PointerState | undefined,
): Promise<SnapshotUploadResult> {
  await ports.fs.mkdir(localDir);
  const store = await ports.vectorStores.open(ports.fs, localDir);
  await store.getOrCreateCollection(collection, { created_by: emptySnapshotCreator });
  await store.close();
  return uploadSnapshotAtomic(ports, {
    localDir,
    collection,
    metadata: { created_by: emptySnapshotCreator },
    layout: settings.layout,
    versionIdFormat: settings.versionIdFormat,
    postUploadValidation: settings.postUploadValidation,
    pointerPromotion: pointerPromotion(settings.pointerPromotion, pointerAtDownload),
    keepVersions: settings.keepVersions,
    retention: snapshotRetention(settings.snapshotRetention ?? 'newestNames', pointerAtDownload?.history ?? []),
  });
}
