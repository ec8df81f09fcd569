import { createHash } from 'node:crypto';

/**
 * The stand-in for OpenAI `text-embedding-3-small`: a unit vector derived from SHA-256 of the text, so the
 * same text always gives the same vector and different texts almost surely differ. Components are
 * float32 values, so a vector stored in Chroma (float32) reads back unchanged.
 */
export function deterministicEmbedding(text: string, dimensions = 16): number[] {
  if (!Number.isSafeInteger(dimensions) || dimensions < 1) throw new RangeError(`dimensions must be a positive integer, got ${dimensions}`);
  const raw: number[] = [];
  for (let block = 0; raw.length < dimensions; block++) {
    const digest = createHash('sha256').update(`${block}\u0000${text}`).digest();
    for (let offset = 0; offset + 4 <= digest.length && raw.length < dimensions; offset += 4) {
      raw.push(digest.readUInt32BE(offset) / 2 ** 31 - 1);
    }
  }
  const norm = Math.hypot(...raw);
  if (norm === 0) return raw.map((_, i) => (i === 0 ? 1 : 0));
  return raw.map((value) => Math.fround(value / norm));
}
