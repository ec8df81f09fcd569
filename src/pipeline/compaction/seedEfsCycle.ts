import type { FileSystem } from '../../ports/fileSystem.js';
import { lockSettingsFromEnvironment, twoPhaseHandlerFallbackLockSettings } from '../lock/lockSettings.js';
import { TwoPhaseLock } from '../lock/twoPhaseLock.js';
import { type EfsCachePorts, copySnapshotToWorkDir, ensureSnapshotAvailable, publishToEfs } from '../snapshot/efsSnapshotCache.js';
import { errorText } from '../snapshot/errorText.js';
import { latestDirectVersion } from '../snapshot/layout.js';
import { type PointerState, readPointer } from '../snapshot/pointer.js';
import { applyUpdatesLocally } from './applyUpdatesLocally.js';
import type { CompactionCollection, CompactionMessage } from './compactionMessage.js';
import {
  type CompactionHandlerConfig,
  type CompactionHandlerPorts,
  type StorageMode,
  lockPortsOf,
  operationPortsOf,
  removeTemporaryDirectory,
  snapshotPortsOf,
  temporaryDirectory,
} from './compactionHandlerConfig.js';
import { markRunsCompleted } from './markCompactionRunCompleted.js';
import { pointerVersionOrLatestDirect, seedPointerPromotion, seedPublisher } from './seedPublish.js';

/**
 * One seed-era collection cycle in EFS mode (§8.3 steps 1 to 5, §8.4), true when a new version was
 * published:
 * 1. off-lock: read the pointer (`NoSuchKey` → `latest-direct`, other errors fail the collection) and make
 *    sure the EFS cache holds that version (`ensureSnapshotAvailable`);
 * 2. phase 1: take `chroma-{c}-update`, compare the pointer with the version read, release;
 * 3. off-lock: copy the EFS version into a new `/tmp` directory, open a client there and apply the runs,
 *    metadata and labels (the client stays open unless `closeBeforeTar`);
 * 4. phase 3: retake the lock (delays 0.1 s, 0.2 s), compare the pointer again and upload;
 * 5. off-lock: publish the `/tmp` directory to EFS under the new version, mark every merge result
 *    COMPLETED (errors logged), delete `/tmp`.
 * Between the phases nothing stops another compactor from publishing: phase 3's pointer comparison is
 * the only guard, and it is not atomic with the promotion.
 */
export async function seedEfsCycle(
  ports: CompactionHandlerPorts,
  config: CompactionHandlerConfig,
  mode: Extract<StorageMode, { kind: 'efs' }>,
  collection: CompactionCollection,
  messages: readonly CompactionMessage[],
  tmp: FileSystem,
): Promise<boolean> {
  const efsPorts: EfsCachePorts = { ...snapshotPortsOf(ports, tmp), efs: mode.efs };
  // 1.
  let pointer: PointerState | undefined;
  try {
    pointer = await readPointer(ports.store, collection);
  } catch (error) {
    ports.log('error', 'Reading the snapshot pointer failed', { collection, error: errorText(error) });
    return false;
  }
  const version = pointer?.versionId ?? latestDirectVersion;
  try {
    await ensureSnapshotAvailable(efsPorts, mode.root, collection, version, { variant: 'seed', verifyIntegrity: true });
  } catch (error) {
    ports.log('error', 'EFS snapshot unavailable', { collection, version, error: errorText(error) });
    return false;
  }
  // 2.
  const lock = new TwoPhaseLock({
    ports: lockPortsOf(ports),
    collection,
    storage: 'efs',
    settings: lockSettingsFromEnvironment(config.environment, twoPhaseHandlerFallbackLockSettings),
    expectedVersion: version,
    readPointer: () => pointerVersionOrLatestDirect(ports.store, collection),
  });
  const phaseOne = await lock.phaseOne();
  if (!phaseOne.ok) {
    ports.log('warning', 'Phase 1 failed', { collection, reason: phaseOne.reason, expected: version });
    return false;
  }
  // 3.
  const workDir = temporaryDirectory(ports.random, `chroma-${collection}-`);
  try {
    await copySnapshotToWorkDir(efsPorts, mode.root, collection, version, workDir);
    const results = await applyUpdatesLocally(operationPortsOf(ports, tmp), collection, messages, {
      workDir,
      era: 'seed',
      closeBeforeTar: config.flags.closeBeforeTar,
    });
    // 4.
    const publish = seedPublisher(ports, config, collection, tmp, workDir, version, seedPointerPromotion(config, pointer?.etag ?? null));
    const outcome = await lock.phaseThree(publish);
    if (!outcome.published) {
      ports.log('warning', 'Phase 3 did not publish', { collection, reason: outcome.reason, attempts: outcome.attempts });
      return false;
    }
    // 5.
    await publishToEfs(efsPorts, mode.root, collection, outcome.value.version_id, workDir);
    await markRunsCompleted(ports, collection, results.deltaMerges);
    return true;
  } finally {
    await removeTemporaryDirectory(ports, tmp, workDir);
  }
}
