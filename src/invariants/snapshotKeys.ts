import type { CompactionCollection } from '../pipeline/compaction/compactionMessage.js';
import { latestDirectPrefix, latestDirectVersion, pointerKey, timestampedPrefix } from '../pipeline/snapshot/layout.js';

/**
 * Where a bucket key sits in the snapshot layout (spec §5.1, §8.5): a file of a timestamped version, of
 * the seed era's `{c}/snapshot/latest/` prefix (version `latest-direct`), or a collection's pointer.
 */
export const snapshotCollections: readonly CompactionCollection[] = ['lines', 'words'];

export interface VersionFile {
  readonly collection: CompactionCollection;
  readonly version: string;
  /** The version's prefix, ending with `/`. */
  readonly prefix: string;
  /** The path below the prefix ('' for the prefix itself). */
  readonly relative: string;
}

export function versionFileOf(key: string): VersionFile | undefined {
  for (const collection of snapshotCollections) {
    const timestamped = timestampedPrefix(collection);
    if (key.startsWith(timestamped)) {
      const rest = key.slice(timestamped.length);
      const slash = rest.indexOf('/');
      if (slash <= 0) return undefined;
      return { collection, version: rest.slice(0, slash), prefix: key.slice(0, timestamped.length + slash + 1), relative: rest.slice(slash + 1) };
    }
    const latest = latestDirectPrefix(collection);
    if (key.startsWith(latest)) return { collection, version: latestDirectVersion, prefix: latest, relative: key.slice(latest.length) };
  }
  return undefined;
}

export function pointerCollectionOf(key: string): CompactionCollection | undefined {
  return snapshotCollections.find((c) => pointerKey(c) === key);
}
