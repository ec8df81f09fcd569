/**
 * Where deltas live (spec §5.1, §6.1, §1.4): the ingest path writes `{c}/delta/{run_id}/delta.tar.gz`
 * and records the prefix `{c}/delta/{run_id}/` on the CompactionRun; the step-function path writes a raw
 * directory layout under a prefix of its own.
 */
export const deltaArchiveName = 'delta.tar.gz';

export const deltaPrefix = (collection: string, runId: string): string => `${collection}/delta/${runId}/`;

export const deltaKey = (collection: string, runId: string): string => `${deltaPrefix(collection, runId)}${deltaArchiveName}`;

/**
 * §3.5 step 2: a `delta_s3_prefix` may be `s3://bucket/key` or a plain key; a leading `/` is stripped.
 * Returns the key prefix without a trailing `/`. The bucket of an `s3://` URL is not used: the object
 * store is `CHROMADB_BUCKET`.
 */
export function normaliseDeltaPrefix(prefix: string): string {
  const withoutScheme = prefix.startsWith('s3://') ? prefix.slice('s3://'.length).replace(/^[^/]*\/?/, '') : prefix;
  return withoutScheme.replace(/^\/+/, '').replace(/\/+$/, '');
}

/** §3.5 step 2: a relative path that would land outside the target directory. */
export function unsafeRelativePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.split(/[\\/]/).includes('..');
}
