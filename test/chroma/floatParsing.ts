import type { Metadata } from '../../src/ports/vectorStore.js';
import type { Observation, ObservedRecord } from './observe.js';

/**
 * Chroma parses request JSON with serde_json's default float parser, which is not correctly rounded: a
 * float metadata value can be stored a few units in the last place (ulps) away from what was sent
 * (2.4535382877168195e-234 comes back as 2.4535382877168203e-234; of 3,000 random doubles 19% moved, by
 * at most 3 ulps). The store keeps the exact double. This is the one place the comparison is not exact:
 * a metadata float of the store within `ulps` of the server's is taken as the server's, and counted.
 */
const ulps = 4n;

export function alignParsedFloats(server: Observation, store: Observation): { readonly store: Observation; readonly aligned: number } {
  if (server.kind !== 'read' || store.kind !== 'read') return { store, aligned: 0 };
  let aligned = 0;
  const byId = new Map(server.records.map((r) => [r.id, r]));
  const records = store.records.map((record): ObservedRecord => {
    const expected = byId.get(record.id)?.metadata;
    if (record.metadata === undefined || record.metadata === null || expected === undefined || expected === null) return record;
    const metadata: Record<string, Metadata[string]> = { ...record.metadata };
    for (const [key, value] of Object.entries(metadata)) {
      const wanted = expected[key];
      if (typeof value === 'number' && typeof wanted === 'number' && fewUlpsApart(value, wanted)) {
        metadata[key] = wanted;
        aligned++;
      }
    }
    return { ...record, metadata };
  });
  return { store: { kind: 'read', records }, aligned };
}

function fewUlpsApart(a: number, b: number): boolean {
  if (a === b || !Number.isFinite(a) || !Number.isFinite(b) || Math.sign(a) !== Math.sign(b)) return false;
  const bits = new BigInt64Array(new Float64Array([a, b]).buffer);
  const distance = bits[0]! - bits[1]!;
  return distance <= ulps && distance >= -ulps;
}
