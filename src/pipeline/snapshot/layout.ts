/**
 * Where snapshots live in `CHROMADB_BUCKET` (spec §5.1, §8.5). Prefixes end with `/`.
 */
export type CollectionName = string;

/** §5.1: body = the version id of the current snapshot. */
export const pointerKey = (collection: CollectionName): string => `${collection}/snapshot/latest-pointer.txt`;

/** §5.2 step 6: the versions are the CommonPrefixes under this prefix. */
export const timestampedPrefix = (collection: CollectionName): string => `${collection}/snapshot/timestamped/`;

/** §5.2 step 2. */
export const versionedPrefix = (collection: CollectionName, versionId: string): string =>
  `${timestampedPrefix(collection)}${versionId}/`;

export const tarballName = 'snapshot.tar.gz';
export const hashFileName = '.snapshot_hash';

export const tarballKey = (collection: CollectionName, versionId: string): string =>
  `${versionedPrefix(collection, versionId)}${tarballName}`;

export const hashKey = (collection: CollectionName, versionId: string): string =>
  `${versionedPrefix(collection, versionId)}${hashFileName}`;

/** §8.5: without a pointer the seed-era download reads this prefix and names the version `latest-direct`. */
export const latestDirectPrefix = (collection: CollectionName): string => `${collection}/snapshot/latest/`;
export const latestDirectVersion = 'latest-direct';
