import type { ListPage, ListRequest } from '../../../ports/objectStore.js';
import { ValidationError } from '../../../ports/errors.js';
import { lowerBound } from './keyOrder.js';
import type { ObjectVersion } from './versionedBucket.js';

const maxKeysLimit = 1000;

type Entry = { readonly kind: 'object'; readonly key: string; readonly version: ObjectVersion } | { readonly kind: 'prefix'; readonly key: string };

/**
 * One page of ListObjectsV2: the live keys under the prefix in code point order, keys that contain the
 * delimiter after the prefix rolled up into common prefixes, at most `maxKeys` entries (objects and
 * common prefixes both count, as in S3; above 1000 the page is capped at 1000). The continuation token
 * names the last entry returned, so a key written behind it during a listing is not seen and one written
 * ahead of it is, as in S3.
 */
export function listPage(
  sortedKeys: readonly string[],
  current: (key: string) => ObjectVersion | undefined,
  request: ListRequest,
): ListPage {
  const maxKeys = Math.min(request.maxKeys ?? maxKeysLimit, maxKeysLimit);
  if (!Number.isInteger(maxKeys) || maxKeys < 0) throw new ValidationError(`InvalidArgument: maxKeys must be a non-negative integer, got ${maxKeys}`);
  const token = request.continuationToken === undefined ? undefined : decodeToken(request.continuationToken);
  const { prefix, delimiter } = request;
  let index = lowerBound(sortedKeys, prefix);
  if (token !== undefined) index = Math.max(index, lowerBound(sortedKeys, token.key, true));

  const entries: Entry[] = [];
  let truncated = false;
  let lastPrefix = token?.kind === 'prefix' ? token.key : undefined;
  for (; index < sortedKeys.length; index++) {
    const key = sortedKeys[index]!;
    if (!key.startsWith(prefix)) break;
    const version = current(key);
    if (version === undefined) continue;
    const cut = delimiter === undefined || delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
    const entry: Entry = cut === -1 ? { kind: 'object', key, version } : { kind: 'prefix', key: key.slice(0, cut + delimiter!.length) };
    if (entry.kind === 'prefix' && entry.key === lastPrefix) continue;
    if (entries.length === maxKeys) {
      truncated = true;
      break;
    }
    entries.push(entry);
    if (entry.kind === 'prefix') lastPrefix = entry.key;
  }

  const last = entries.at(-1);
  return {
    objects: entries.flatMap((e) => (e.kind === 'object' ? [{ key: e.key, size: e.version.body.length, etag: e.version.etag }] : [])),
    commonPrefixes: entries.flatMap((e) => (e.kind === 'prefix' ? [e.key] : [])),
    ...(truncated && last !== undefined ? { nextContinuationToken: encodeToken(last) } : {}),
  };
}

function encodeToken(entry: Entry): string {
  return Buffer.from(JSON.stringify([entry.kind, entry.key]), 'utf8').toString('base64url');
}

function decodeToken(token: string): { readonly kind: 'object' | 'prefix'; readonly key: string } {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && (decoded[0] === 'object' || decoded[0] === 'prefix') && typeof decoded[1] === 'string') {
      return { kind: decoded[0], key: decoded[1] };
    }
  } catch {
    // falls through to the S3 error below
  }
  throw new ValidationError('InvalidArgument: The continuation token provided is incorrect');
}
