import { ConditionalRequestConflict, PreconditionFailed } from '../../ports/errors.js';
import { deletePrefix } from './cleanupVersions.js';
import { errorText } from './errorText.js';
import { pointerKey, versionedPrefix } from './layout.js';
import type { UploadMetadata } from './objectMetadata.js';
import { type PointerPromotion, promotePointer } from './pointer.js';
import { validateUploadedVersion } from './postUploadValidation.js';
import { type SnapshotRetention, cleanupAfterPromotion, nextPromotionHistory, pointerRetentionMetadata } from './retention.js';
import type { SnapshotUploadResult } from './results.js';
import type { OwnershipValidator, SnapshotPorts } from './snapshotPorts.js';
import { type SnapshotLayout, uploadVersion } from './uploadVersion.js';
import { type VersionIdFormat, generateVersionId } from './versionId.js';

export interface UploadSnapshotOptions {
  readonly localDir: string;
  readonly collection: string;
  /** Absent for the empty-snapshot initialisation (§5.3 step 3): no ownership checks then. */
  readonly lockManager?: OwnershipValidator;
  readonly metadata: UploadMetadata;
  readonly layout: SnapshotLayout;
  readonly versionIdFormat: VersionIdFormat;
  /** §5.2 Historical: download and open the new version before promoting it. */
  readonly postUploadValidation: boolean;
  readonly pointerPromotion: PointerPromotion;
  /**
   * A fencing hook run right after the second ownership check, before the pointer write (not in the
   * spec; for the hardened lock modes). False aborts like a failed ownership check.
   */
  readonly promotionGuard?: () => Promise<boolean>;
  /** §5.2 step 6: `keep_versions`, 4 by default. */
  readonly keepVersions?: number;
  /** Which versions step 6 deletes (flag `snapshotRetention`); the spec's newest names by default. */
  readonly retention?: SnapshotRetention;
}

export const defaultKeepVersions = 4;

/** Where post-upload validation downloads the new version: a sibling of the local directory. */
const scratchDirFor = (localDir: string, versionId: string): string => `${localDir.replace(/\/$/, '')}_validate_${versionId}`;

/**
 * `upload_snapshot_atomic` (spec §5.2; seed era §8.5): validate ownership, name a version, upload it,
 * (historically) validate it, validate ownership again, promote the pointer, clean up old versions.
 * Every failure is returned as an error result, as production's catch-all does; a failure after the
 * pointer write (an error response to an applied PUT) is an error although the pointer moved.
 */
export async function uploadSnapshotAtomic(ports: SnapshotPorts, options: UploadSnapshotOptions): Promise<SnapshotUploadResult> {
  const { store } = ports;
  const { collection, lockManager } = options;
  let versionId: string | null = null;
  const failed = (error: string): SnapshotUploadResult => ({ status: 'error', error, version_id: versionId });
  try {
    // 1.
    if (lockManager !== undefined && !(await lockManager.validateOwnership())) return failed('lock validation failed before upload');
    // 2.
    versionId = generateVersionId(ports.clock, ports.random, options.versionIdFormat);
    const prefix = versionedPrefix(collection, versionId);
    // 3.
    let hash: string;
    try {
      hash = await uploadVersion(ports, options.layout, collection, versionId, options.localDir, options.metadata);
    } catch (error) {
      return failed(`snapshot upload failed: ${errorText(error)}`);
    }
    if (options.postUploadValidation) {
      const problem = await validateUploadedVersion(ports, collection, versionId, scratchDirFor(options.localDir, versionId));
      if (problem !== undefined) {
        await deletePrefix(store, prefix);
        return failed(`post-upload validation failed: ${problem}`);
      }
    }
    // 4. (and the optional fencing hook)
    if (lockManager !== undefined && !(await lockManager.validateOwnership())) {
      await deletePrefix(store, prefix);
      return failed('lock validation failed before pointer promotion');
    }
    if (options.promotionGuard !== undefined && !(await options.promotionGuard())) {
      await deletePrefix(store, prefix);
      return failed('promotion guard refused the pointer write');
    }
    // 5.
    const retention = options.retention ?? { mode: 'newestNames' };
    const keep = options.keepVersions ?? defaultKeepVersions;
    let pointerEtag: string;
    try {
      ({ etag: pointerEtag } = await promotePointer(
        store,
        collection,
        versionId,
        options.metadata,
        options.pointerPromotion,
        pointerRetentionMetadata(retention, versionId, keep),
      ));
    } catch (error) {
      if (!(error instanceof PreconditionFailed || error instanceof ConditionalRequestConflict)) throw error;
      // Another writer moved the pointer since this cycle read it: the new version will never be named.
      await deletePrefix(store, prefix);
      return failed(`pointer promotion refused: ${errorText(error)}`);
    }
    // 6.
    await cleanupAfterPromotion(store, collection, retention, versionId, keep);
    // 7.
    return {
      status: 'uploaded',
      version_id: versionId,
      versioned_key: prefix,
      pointer_key: pointerKey(collection),
      hash,
      pointer_etag: pointerEtag,
      promotion_history: retention.mode === 'newestNames' ? [versionId] : nextPromotionHistory(retention.previous, versionId, keep).history,
    };
  } catch (error) {
    return failed(errorText(error));
  }
}
