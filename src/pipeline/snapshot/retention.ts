import type { ObjectMetadata, ObjectStore } from '../../ports/objectStore.js';
import { cleanupVersions, deletePrefix } from './cleanupVersions.js';
import { versionedPrefix } from './layout.js';

/**
 * Which versions the upload's cleanup deletes (flag `snapshotRetention`):
 * - `newestNames` (§5.2 step 6): the versions after the `keep` newest names. Names come from the
 *   uploading host's clock, so a host whose clock runs behind names its version "older" than versions it
 *   replaced, and the next cleanup deletes the version the pointer names (or one a reader is fetching).
 * - `promotionHistory` (ours): the pointer carries, in its object metadata, the ids of the last `keep`
 *   versions it named, newest first. A promotion writes `[new, ...history read at download]` cut to `keep`
 *   and then deletes only the versions that fell off that list. With `conditionalPut` the history a cycle
 *   read is the one it replaces, so a version is deleted only after `keep` later promotions: never the
 *   pointer's version, never a version promoted since the cycle's download, never a version that was never
 *   promoted (an orphan of a failed cycle stays; the storage it costs is the price of never guessing).
 */
export const promotionHistoryMetadataKey = 'promotion-history';

export type SnapshotRetentionMode = 'newestNames' | 'promotionHistory';

export type SnapshotRetention =
  | { readonly mode: 'newestNames' }
  /** `previous`: the pointer's history as the cycle read it (empty without a pointer). */
  | { readonly mode: 'promotionHistory'; readonly previous: readonly string[] };

/** The history a pointer object records; a pointer written without one stands for `[its version]`. */
export function readPromotionHistory(metadata: ObjectMetadata, versionId: string): string[] {
  const recorded = metadata[promotionHistoryMetadataKey];
  if (recorded === undefined || recorded === '') return [versionId];
  return recorded.split(',');
}

export function snapshotRetention(mode: SnapshotRetentionMode, previous: readonly string[]): SnapshotRetention {
  return mode === 'newestNames' ? { mode } : { mode, previous };
}

/** The history the pointer gets with `versionId` promoted, and the versions that fall off it. */
export function nextPromotionHistory(previous: readonly string[], versionId: string, keep: number): { history: string[]; dropped: string[] } {
  const history = [versionId, ...previous.filter((v) => v !== versionId)].slice(0, keep);
  return { history, dropped: previous.filter((v) => !history.includes(v)) };
}

/** The pointer metadata entries a promotion adds (none for `newestNames`). */
export function pointerRetentionMetadata(retention: SnapshotRetention, versionId: string, keep: number): ObjectMetadata {
  if (retention.mode === 'newestNames') return {};
  return { [promotionHistoryMetadataKey]: nextPromotionHistory(retention.previous, versionId, keep).history.join(',') };
}

/** §5.2 step 6 by the retention mode; errors are ignored. Returns the versioned prefixes it set out to delete. */
export async function cleanupAfterPromotion(store: ObjectStore, collection: string, retention: SnapshotRetention, versionId: string, keep: number): Promise<string[]> {
  if (retention.mode === 'newestNames') return cleanupVersions(store, collection, keep);
  const doomed = nextPromotionHistory(retention.previous, versionId, keep).dropped.map((v) => versionedPrefix(collection, v));
  try {
    for (const prefix of doomed) await deletePrefix(store, prefix);
  } catch {
    // As §5.2 step 6: cleanup errors are ignored (the version stays).
  }
  return doomed;
}
