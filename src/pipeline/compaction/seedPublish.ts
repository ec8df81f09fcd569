import type { FileSystem } from '../../ports/fileSystem.js';
import type { ObjectStore } from '../../ports/objectStore.js';
import type { LockManager } from '../lock/lockManager.js';
import type { PublishAttempt } from '../lock/twoPhaseLock.js';
import { latestDirectVersion } from '../snapshot/layout.js';
import { type PointerPromotion, readPointer } from '../snapshot/pointer.js';
import type { SnapshotUploadResult } from '../snapshot/results.js';
import { uploadSnapshotAtomic } from '../snapshot/uploadSnapshotAtomic.js';
import type { CompactionCollection } from './compactionMessage.js';
import { type CompactionHandlerConfig, type CompactionHandlerPorts, snapshotPortsOf } from './compactionHandlerConfig.js';
import { eraSnapshotFormats } from './eraSnapshots.js';

export type PublishedVersion = Extract<SnapshotUploadResult, { status: 'uploaded' }>;

/** §8.3 steps 2 and 4: the pointer re-read under the lock; a missing pointer or a read error → `latest-direct`. */
export async function pointerVersionOrLatestDirect(store: ObjectStore, collection: CompactionCollection): Promise<string> {
  try {
    return (await readPointer(store, collection))?.versionId ?? latestDirectVersion;
  } catch {
    return latestDirectVersion;
  }
}

/**
 * §8.3 step 4: the upload of §8.5 (raw directory, `YYYYmmdd_HHMMSS` version) with the phase's lock manager
 * and metadata `{update_type: batch_compaction, expected_pointer}`. A failed upload is "not published":
 * the two-phase lock sleeps and tries again.
 */
export function seedPublisher(
  ports: CompactionHandlerPorts,
  config: CompactionHandlerConfig,
  collection: CompactionCollection,
  tmp: FileSystem,
  workDir: string,
  expectedVersion: string,
  promotion: PointerPromotion,
): (manager: LockManager) => Promise<PublishAttempt<PublishedVersion>> {
  return async (manager) => {
    const upload = await uploadSnapshotAtomic(snapshotPortsOf(ports, tmp), {
      ...eraSnapshotFormats.seed,
      localDir: workDir,
      collection,
      lockManager: manager,
      metadata: { update_type: 'batch_compaction', expected_pointer: expectedVersion },
      postUploadValidation: config.flags.postUploadValidation,
      pointerPromotion: promotion,
    });
    if (upload.status === 'uploaded') return { published: true, value: upload };
    ports.log('warning', 'Snapshot upload failed', { collection, error: upload.error });
    return { published: false };
  };
}

/** `conditionalPut` compares with the pointer ETag the cycle read off-lock (none: create only). */
export function seedPointerPromotion(config: CompactionHandlerConfig, etag: string | null): PointerPromotion {
  return config.flags.pointerPromotion === 'blindPut' ? { mode: 'blindPut' } : { mode: 'conditionalPut', expectedEtag: etag };
}
