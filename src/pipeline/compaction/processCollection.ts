import type { FileSystem } from '../../ports/fileSystem.js';
import type { ChromaCollection } from '../entities/compactionLock.js';
import { FencedLockManager } from '../lock/fencing/fencedLockManager.js';
import { FencedPointerGuard, fenceTokenMetadataKey } from '../lock/fencing/fencedPointerGuard.js';
import { holdCompactionLock } from '../lock/heldLock.js';
import type { LockManager } from '../lock/lockManager.js';
import { compactionLockId, createLockManager } from '../lock/lockMode.js';
import { codeDefaultLockSettings, lockSettingsFromEnvironment, skewTolerantLockSettings } from '../lock/lockSettings.js';
import { downloadSnapshotAtomic } from '../snapshot/downloadSnapshotAtomic.js';
import { pointerKey } from '../snapshot/layout.js';
import type { UploadMetadata } from '../snapshot/objectMetadata.js';
import type { PointerPromotion } from '../snapshot/pointer.js';
import { snapshotRetention } from '../snapshot/retention.js';
import { type UploadSnapshotOptions, uploadSnapshotAtomic } from '../snapshot/uploadSnapshotAtomic.js';
import { applyUpdatesLocally } from './applyUpdatesLocally.js';
import type { CompactionMessage } from './compactionMessage.js';
import {
  type CompactionHandlerConfig,
  type CompactionHandlerPorts,
  lockPortsOf,
  operationPortsOf,
  removeTemporaryDirectory,
  snapshotPortsOf,
  temporaryDirectory,
} from './compactionHandlerConfig.js';
import { eraSnapshotFormats, headEmptySnapshotSettings } from './eraSnapshots.js';
import { allRecordIds, failedRecordIds } from './failureMapping.js';
import { markRunsCompleted } from './markCompactionRunCompleted.js';
import type { CollectionUpdateResults } from './results.js';

/** §3.4 step 2: the metric of a busy lock. */
export const lockAcquisitionFailedMetric = 'CompactionLockAcquisitionFailed';

/**
 * `process_collection` (§3.4, head era): lock → heartbeat → fresh `/tmp` directory → download → apply →
 * (close) → upload and promote → mark the merged runs COMPLETED → stop the heartbeat, release, remove the
 * directory. Returns the record ids that failed (§3.10). Exceptions propagate: the caller fails every
 * message of the collection.
 *
 * The lock is the `lockMode`'s (`compactionLockId`; `none` takes no lock and uploads without ownership
 * checks). With `leaseFencing` the upload metadata (so the pointer) records the lease's fencing token and
 * the promotion is refused when the pointer already carries a higher one. The hardened flags (ours):
 * `leaseTiming: skewTolerant` replaces the environment's lock settings with `skewTolerantLockSettings`;
 * `snapshotRetention` decides what the upload's cleanup deletes; `chromaReconcile` rebuilds the updates
 * from DynamoDB (reconcile/).
 */
export async function processCollection(
  ports: CompactionHandlerPorts,
  config: CompactionHandlerConfig,
  collection: ChromaCollection,
  messages: readonly CompactionMessage[],
  tmp: FileSystem,
): Promise<string[]> {
  const { lockMode } = config.flags;
  const lockId = compactionLockId(lockMode, collection, ports.clock);
  const cycle: Cycle = { ports, config, collection, messages, tmp, workDir: temporaryDirectory(ports.random, `chroma-${collection}-`) };
  try {
    if (lockId === null) return await compactionCycle(cycle, undefined);
    const settings = config.flags.leaseTiming === 'skewTolerant' ? skewTolerantLockSettings : lockSettingsFromEnvironment(config.environment, codeDefaultLockSettings);
    const manager = createLockManager(lockMode, lockPortsOf(ports), collection, settings);
    const held = await holdCompactionLock(manager, lockId, { startHeartbeat: true }, (m) => compactionCycle(cycle, m));
    if (held.acquired) return held.value;
    ports.metrics.count(lockAcquisitionFailedMetric);
    ports.log('warning', 'Could not acquire the compaction lock', { collection, lockId });
    return allRecordIds(messages);
  } finally {
    await removeTemporaryDirectory(ports, tmp, cycle.workDir);
  }
}

interface Cycle {
  readonly ports: CompactionHandlerPorts;
  readonly config: CompactionHandlerConfig;
  readonly collection: ChromaCollection;
  readonly messages: readonly CompactionMessage[];
  readonly tmp: FileSystem;
  readonly workDir: string;
}

/** §3.4 steps 4 to 8, under the lock (or without one). */
async function compactionCycle(cycle: Cycle, manager: LockManager | undefined): Promise<string[]> {
  const { ports, config, collection, messages, tmp, workDir } = cycle;
  const { flags } = config;
  const snapshotPorts = snapshotPortsOf(ports, tmp);
  const retentionMode = flags.snapshotRetention ?? 'newestNames';
  // 4.
  await tmp.mkdir(workDir);
  const download = await downloadSnapshotAtomic(snapshotPorts, {
    collection,
    localDir: workDir,
    variant: 'head',
    verifyIntegrity: true,
    emptySnapshot: headEmptySnapshotSettings(flags.postUploadValidation, flags.pointerPromotion, retentionMode),
  });
  if (download.status !== 'downloaded') {
    ports.log('error', 'Snapshot download failed', { collection, error: download.error });
    return allRecordIds(messages);
  }
  // 5.
  const results = await applyUpdatesLocally(operationPortsOf(ports, tmp), collection, messages, {
    workDir,
    era: 'head',
    closeBeforeTar: flags.closeBeforeTar,
    reconcile: flags.chromaReconcile === true,
  });
  // 6.
  const failed = failedRecordIds(results, messages);
  // 7.
  const promotion: PointerPromotion =
    flags.pointerPromotion === 'blindPut' ? { mode: 'blindPut' } : { mode: 'conditionalPut', expectedEtag: download.pointer_etag };
  const metadata = uploadMetadata(messages, results);
  const upload = await uploadSnapshotAtomic(snapshotPorts, {
    ...eraSnapshotFormats.head,
    localDir: workDir,
    collection,
    lockManager: manager,
    metadata,
    postUploadValidation: flags.postUploadValidation,
    pointerPromotion: promotion,
    retention: snapshotRetention(retentionMode, download.promotion_history),
    ...fenced(ports, collection, manager, metadata),
  });
  if (upload.status !== 'uploaded') {
    ports.log('error', 'Snapshot upload failed', { collection, error: upload.error });
    return allRecordIds(messages);
  }
  ports.log('info', 'Snapshot uploaded', { collection, version_id: upload.version_id, previous: download.version_id });
  // 8.
  await markRunsCompleted(
    ports,
    collection,
    results.deltaMerges.filter((merge) => merge.error === null),
  );
  return failed;
}

/** §3.4 step 7: the upload metadata. */
function uploadMetadata(messages: readonly CompactionMessage[], results: CollectionUpdateResults): UploadMetadata {
  return {
    update_type: 'batch_compaction',
    message_count: messages.length,
    metadata_updates: results.placeUpdates.length,
    label_updates: results.labelUpdates.length,
    section_updates: results.sectionUpdates.length,
    delta_merges: results.deltaMerges.length,
  };
}

/**
 * `leaseFencing`: the lease's token goes on the pointer (through the upload metadata, §5.1) and the
 * promotion is refused when the pointer already records a higher one. The check and the pointer write
 * are one atomic step only with `conditionalPut` (the If-Match fails when the pointer moved meanwhile).
 */
function fenced(
  ports: CompactionHandlerPorts,
  collection: ChromaCollection,
  manager: LockManager | undefined,
  metadata: UploadMetadata,
): Partial<Pick<UploadSnapshotOptions, 'promotionGuard' | 'metadata'>> {
  const token = manager instanceof FencedLockManager ? manager.fencingToken : undefined;
  if (token === undefined) return {};
  const guard = new FencedPointerGuard(ports.store);
  return {
    metadata: { ...metadata, [fenceTokenMetadataKey]: token },
    promotionGuard: async () => token >= (await guard.lastAcceptedToken(pointerKey(collection))),
  };
}
