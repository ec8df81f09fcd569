import type { FileSystem } from '../../ports/fileSystem.js';
import { lockSettingsFromEnvironment, twoPhaseHandlerFallbackLockSettings } from '../lock/lockSettings.js';
import { TwoPhaseLock } from '../lock/twoPhaseLock.js';
import { downloadSnapshotAtomic } from '../snapshot/downloadSnapshotAtomic.js';
import { applyUpdatesLocally } from './applyUpdatesLocally.js';
import type { CompactionCollection, CompactionMessage } from './compactionMessage.js';
import {
  type CompactionHandlerConfig,
  type CompactionHandlerPorts,
  lockPortsOf,
  operationPortsOf,
  removeTemporaryDirectory,
  snapshotPortsOf,
  temporaryDirectory,
} from './compactionHandlerConfig.js';
import { markRunsCompleted } from './markCompactionRunCompleted.js';
import { pointerVersionOrLatestDirect, seedPointerPromotion, seedPublisher } from './seedPublish.js';

/**
 * One seed-era collection cycle in S3-only mode (§8.3, storage mode `s3`), true when a new version was
 * published: download the snapshot the pointer names into a new `/tmp` directory (§8.5), apply the runs,
 * metadata and labels off-lock, then phase 3 only (no phase 1): up to two attempts with delays 0.15 s and
 * 0.3 s, a new LockManager per attempt, a pointer that moved since the download sleeps and retries like a
 * busy lock. Then mark every merge result COMPLETED and delete `/tmp`.
 */
export async function seedS3Cycle(
  ports: CompactionHandlerPorts,
  config: CompactionHandlerConfig,
  collection: CompactionCollection,
  messages: readonly CompactionMessage[],
  tmp: FileSystem,
): Promise<boolean> {
  const workDir = temporaryDirectory(ports.random, `chroma-${collection}-`);
  try {
    const download = await downloadSnapshotAtomic(snapshotPortsOf(ports, tmp), { collection, localDir: workDir, variant: 'seed', verifyIntegrity: true });
    if (download.status !== 'downloaded') {
      ports.log('error', 'Snapshot download failed', { collection, error: download.error });
      return false;
    }
    const results = await applyUpdatesLocally(operationPortsOf(ports, tmp), collection, messages, {
      workDir,
      era: 'seed',
      closeBeforeTar: config.flags.closeBeforeTar,
    });
    const lock = new TwoPhaseLock({
      ports: lockPortsOf(ports),
      collection,
      storage: 's3',
      settings: lockSettingsFromEnvironment(config.environment, twoPhaseHandlerFallbackLockSettings),
      expectedVersion: download.version_id,
      readPointer: () => pointerVersionOrLatestDirect(ports.store, collection),
    });
    const publish = seedPublisher(ports, config, collection, tmp, workDir, download.version_id, seedPointerPromotion(config, download.pointer_etag));
    const outcome = await lock.phaseThree(publish);
    if (!outcome.published) {
      ports.log('warning', 'Phase 3 did not publish', { collection, reason: outcome.reason, attempts: outcome.attempts });
      return false;
    }
    await markRunsCompleted(ports, collection, results.deltaMerges);
    return true;
  } finally {
    await removeTemporaryDirectory(ports, tmp, workDir);
  }
}
