import type { Random } from '../../ports/random.js';
import type { CompactionPorts } from '../compaction/operations/compactionPorts.js';
import { eraSnapshotFormats, headEmptySnapshotSettings } from '../compaction/eraSnapshots.js';
import type { Era } from '../config/flags.js';
import type { ChromaCollection } from '../entities/compactionLock.js';
import { acquireFinalMergeLock, acquireSeedFinalMergeLock } from '../lock/finalMergeLock.js';
import { FencedLockManager } from '../lock/fencing/fencedLockManager.js';
import { LockManager } from '../lock/lockManager.js';
import type { LockMode } from '../lock/lockMode.js';
import type { LockLog } from '../lock/lockPorts.js';
import { type LockSettings, productionLockSettings } from '../lock/lockSettings.js';
import { type DownloadVariant, downloadSnapshotAtomic } from '../snapshot/downloadSnapshotAtomic.js';
import { errorText } from '../snapshot/errorText.js';
import type { PointerPromotion, PointerPromotionMode } from '../snapshot/pointer.js';
import { type SnapshotRetentionMode, snapshotRetention } from '../snapshot/retention.js';
import type { SnapshotPorts } from '../snapshot/snapshotPorts.js';
import { uploadSnapshotAtomic } from '../snapshot/uploadSnapshotAtomic.js';
import { mergeDeltaPrefixes } from './mergeDeltaPrefixes.js';

/** What the final merge runs on: the compaction ports plus ids for the lock owner and directories. */
export interface FinalMergePorts extends CompactionPorts {
  readonly random: Random;
}

export interface FinalMergeRequest {
  readonly collection: ChromaCollection;
  /** The delta prefixes the embedding batches wrote (tarball or raw directory layout). */
  readonly deltaPrefixes: readonly string[];
  readonly era: Era;
  /** Seed era: the lock row is `chroma-final-merge-{batch_id}` (a new UUID when absent). */
  readonly batchId?: string;
  /** §3.12: close the client before the upload (default true). */
  readonly closeBeforeTar?: boolean;
  readonly pointerPromotion?: PointerPromotionMode;
  /** The LockManager's settings (default the production 30 s / 3 min / 3; `leaseTiming: skewTolerant` passes its own). */
  readonly lockSettings?: LockSettings;
  /** `leaseFencing` (ours): a FencedLockManager (owner-checked heartbeat, retried release); default the spec's LockManager. */
  readonly lockMode?: LockMode;
  /** The flag `snapshotRetention` (default the spec's newest names). */
  readonly snapshotRetention?: SnapshotRetentionMode;
  /** The flag `chromaReconcile` (ours): merge only existing entities and reconcile their receipts. */
  readonly reconcile?: boolean;
}

export type FinalMergeResult =
  | { readonly status: 'merged'; readonly version_id: string; readonly merged_count: number }
  /** Head: the wait of §4.6 gave up. */
  | { readonly status: 'lockUnavailable'; readonly reason: 'holderAlive' | 'waitExhausted'; readonly attempts: number }
  /** Seed era: busy lock → HTTP-style 423, no wait (§8.4). */
  | { readonly status: 'locked'; readonly statusCode: 423 }
  | { readonly status: 'failed'; readonly error: string };

/**
 * The embedding step functions' final merge (§4.6, §8.4) as a second snapshot writer: lock, heartbeat,
 * download the snapshot, merge the given deltas, upload with `upload_snapshot_atomic(..., lock_manager)`,
 * then stop the heartbeat, release and remove the work directory.
 *
 * Head: the lock row is `chroma-{c}-update`, waited for as §4.6 says. The head compactor locks
 * `chroma-{c}-compaction`, so the two writers do not exclude each other: each downloads, merges and
 * promotes on its own, and with `blindPut` the later promotion drops the other's changes.
 * Seed era: `chroma-final-merge-{batch_id}`, a new row per batch, so concurrent final merges do not
 * exclude each other either, nor the compactor's `chroma-{c}-update`.
 */
export async function finalMerge(ports: FinalMergePorts, request: FinalMergeRequest): Promise<FinalMergeResult> {
  const { collection, era } = request;
  const log: LockLog = (event, fields) => ports.log('info', event, fields);
  const lockPorts = { ...ports, log };
  const settings = request.lockSettings ?? productionLockSettings;
  const manager = request.lockMode === 'leaseFencing' ? new FencedLockManager(lockPorts, collection, settings) : new LockManager(lockPorts, collection, settings);
  if (era === 'head') {
    const lock = await acquireFinalMergeLock(manager, collection, ports.clock, log);
    if (!lock.acquired) return { status: 'lockUnavailable', reason: lock.reason, attempts: lock.attempts };
  } else if (!(await acquireSeedFinalMergeLock(manager, request.batchId ?? ports.random.uuid())).acquired) {
    return { status: 'locked', statusCode: 423 };
  }
  const workDir = `/tmp/final-merge-${collection}-${ports.random.hex(8)}`;
  try {
    manager.startHeartbeat();
    return await mergeUnderLock(ports, request, manager, workDir);
  } catch (error) {
    ports.log('error', 'Final merge failed', { collection, error: errorText(error) });
    return { status: 'failed', error: errorText(error) };
  } finally {
    await manager.stopHeartbeat();
    await manager.release();
    await ports.fs.remove(workDir);
  }
}

async function mergeUnderLock(ports: FinalMergePorts, request: FinalMergeRequest, manager: LockManager, workDir: string): Promise<FinalMergeResult> {
  const { collection, era } = request;
  const promotionMode = request.pointerPromotion ?? 'blindPut';
  const retentionMode = request.snapshotRetention ?? 'newestNames';
  const snapshotPorts: SnapshotPorts = ports;
  const variant: DownloadVariant =
    era === 'head'
      ? { variant: 'head', verifyIntegrity: true, emptySnapshot: headEmptySnapshotSettings(false, promotionMode, retentionMode) }
      : { variant: 'seed', verifyIntegrity: true };
  await ports.fs.mkdir(workDir);
  const download = await downloadSnapshotAtomic(snapshotPorts, { collection, localDir: workDir, ...variant });
  if (download.status !== 'downloaded') return { status: 'failed', error: download.error };
  const client = await ports.vectorStores.open(ports.fs, workDir);
  const snapshot = await client.getOrCreateCollection(collection);
  const merged = await mergeDeltaPrefixes(ports, snapshot, collection, request.deltaPrefixes, workDir, request.reconcile === true && era === 'head');
  if (request.closeBeforeTar ?? true) await client.close();
  const promotion: PointerPromotion = promotionMode === 'blindPut' ? { mode: 'blindPut' } : { mode: 'conditionalPut', expectedEtag: download.pointer_etag };
  const upload = await uploadSnapshotAtomic(snapshotPorts, {
    ...eraSnapshotFormats[era],
    localDir: workDir,
    collection,
    lockManager: manager,
    metadata: { update_type: 'final_merge', delta_count: request.deltaPrefixes.length, merged_vectors: merged },
    postUploadValidation: false,
    pointerPromotion: promotion,
    retention: snapshotRetention(retentionMode, download.promotion_history),
  });
  if (upload.status !== 'uploaded') return { status: 'failed', error: upload.error };
  ports.log('info', 'Final merge uploaded', { collection, version_id: upload.version_id, previous: download.version_id, merged_count: merged });
  return { status: 'merged', version_id: upload.version_id, merged_count: merged };
}
