import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';

/**
 * The logical content of a body: the gunzipped bytes when it is a gzip stream, the bytes themselves
 * otherwise (or when it does not gunzip, e.g. a torn upload). Traces may depend on logical content only,
 * never on compressed bytes, which differ between zlib versions. The file system fake uses it too.
 */
export function logicalContent(body: Uint8Array): Uint8Array {
  if (!isGzip(body)) return body;
  try {
    return gunzipSync(body);
  } catch {
    return body;
  }
}

export function isGzip(body: Uint8Array): boolean {
  return body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b;
}

/** The first 16 hex digits of the SHA-256 of the logical content. */
export function contentDigest(body: Uint8Array): string {
  return createHash('sha256').update(logicalContent(body)).digest('hex').slice(0, 16);
}
