import { type ObjectStore, listAllObjects } from '../../ports/objectStore.js';
import { timestampedPrefix } from './layout.js';

/** Deletes every object under a prefix, one DeleteObject each, in listing order. */
export async function deletePrefix(store: ObjectStore, prefix: string): Promise<number> {
  const objects = await listAllObjects(store, prefix);
  for (const object of objects) await store.deleteObject(object.key);
  return objects.length;
}

/** The versioned prefixes (`CommonPrefixes` under `{c}/snapshot/timestamped/`), in listing order. */
export async function listVersionPrefixes(store: ObjectStore, collection: string): Promise<string[]> {
  const prefixes: string[] = [];
  let continuationToken: string | undefined;
  do {
    const page = await store.listObjects({ prefix: timestampedPrefix(collection), delimiter: '/', continuationToken });
    prefixes.push(...page.commonPrefixes);
    continuationToken = page.nextContinuationToken;
  } while (continuationToken !== undefined);
  return prefixes;
}

/**
 * §5.2 step 6: sort the versioned prefixes descending as strings and delete every version after the
 * first `keepVersions`, object by object. Errors are ignored: the first one ends the cleanup quietly.
 * Neither the version the pointer names nor readers still downloading a version are considered.
 * Returns the prefixes it set out to delete.
 */
export async function cleanupVersions(store: ObjectStore, collection: string, keepVersions: number): Promise<string[]> {
  const doomed: string[] = [];
  try {
    const prefixes = await listVersionPrefixes(store, collection);
    doomed.push(...prefixes.sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)).slice(keepVersions));
    for (const prefix of doomed) await deletePrefix(store, prefix);
  } catch {
    // §5.2 step 6: errors ignored.
  }
  return doomed;
}
