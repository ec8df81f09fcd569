import type { PointerPromotionMode } from '../snapshot/pointer.js';
import type { SnapshotRetentionMode } from '../snapshot/retention.js';
import type { EmptySnapshotUploadSettings } from '../snapshot/emptySnapshot.js';
import type { SnapshotLayout } from '../snapshot/uploadVersion.js';
import type { VersionIdFormat } from '../snapshot/versionId.js';
import type { Era } from '../config/flags.js';

/**
 * How each era stores snapshot versions: head (§5.1, §5.2) a tarball under a
 * `YYYYmmdd_HHMMSS_ffffff_{8 hex}` version; seed (§8.5) the raw directory with the JSON content hash under
 * a `YYYYmmdd_HHMMSS` version.
 */
export interface EraSnapshotFormat {
  readonly layout: SnapshotLayout;
  readonly versionIdFormat: VersionIdFormat;
}

export const eraSnapshotFormats: Readonly<Record<Era, EraSnapshotFormat>> = {
  head: { layout: { kind: 'tarball' }, versionIdFormat: 'microsecondsUuid' },
  seed: { layout: { kind: 'directory', hash: 'directoryContent' }, versionIdFormat: 'seconds' },
};

/** §5.3 step 3: the empty snapshot a head download creates is uploaded as the head uploads. */
export function headEmptySnapshotSettings(
  postUploadValidation: boolean,
  pointerPromotion: PointerPromotionMode,
  snapshotRetention: SnapshotRetentionMode = 'newestNames',
): EmptySnapshotUploadSettings {
  return { ...eraSnapshotFormats.head, postUploadValidation, pointerPromotion, snapshotRetention };
}
