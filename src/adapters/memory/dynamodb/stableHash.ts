/**
 * FNV-1a (32 bit) over the UTF-16 code units of a string: the same number for the same text in every
 * process and Node version, used to spread item keys over stream shards and mapping lanes.
 */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
