import { createHash } from 'node:crypto';
import { VectorStoreError } from '../../ports/errors.js';

/**
 * A collection's vector segment: ids and float32 vectors plus the highest log seq id applied to it (as
 * Chroma's HNSW segment persists its `max_seq_id`). In memory it is a map in insertion order; on disk one
 * binary file, little-endian:
 *   magic "RSVI", version u32, maxSeq f64, dimension u32, count u32,
 *   count × (id length u32, id UTF-8, dimension × f32), then the SHA-256 of everything before it.
 * A file that is cut short or mixed from two writes fails its checksum, and loading refuses it with
 * hnswlib's words.
 */
export class VectorIndex {
  readonly vectors = new Map<string, Float32Array>();

  constructor(public maxSeq = 0) {}

  set(id: string, vector: Float32Array, seq: number): void {
    this.vectors.set(id, vector);
    this.advance(seq);
  }

  delete(id: string, seq: number): void {
    this.vectors.delete(id);
    this.advance(seq);
  }

  advance(seq: number): void {
    if (seq > this.maxSeq) this.maxSeq = seq;
  }
}

const magic = 0x49565352; // "RSVI" read as little-endian u32
const version = 1;
const digestBytes = 32;

export function encodeIndex(index: VectorIndex): Uint8Array {
  const encoder = new TextEncoder();
  const entries = [...index.vectors].map(([id, vector]) => ({ id: encoder.encode(id), vector }));
  const dimension = entries[0]?.vector.length ?? 0;
  const bodyBytes = 24 + entries.reduce((sum, e) => sum + 4 + e.id.length + dimension * 4, 0);
  const bytes = new Uint8Array(bodyBytes + digestBytes);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, magic, true);
  view.setUint32(4, version, true);
  view.setFloat64(8, index.maxSeq, true);
  view.setUint32(16, dimension, true);
  view.setUint32(20, entries.length, true);
  let offset = 24;
  for (const entry of entries) {
    view.setUint32(offset, entry.id.length, true);
    bytes.set(entry.id, offset + 4);
    offset += 4 + entry.id.length;
    for (let i = 0; i < dimension; i++) view.setFloat32(offset + i * 4, entry.vector[i]!, true);
    offset += dimension * 4;
  }
  bytes.set(createHash('sha256').update(bytes.subarray(0, bodyBytes)).digest(), bodyBytes);
  return bytes;
}

export function decodeIndex(bytes: Uint8Array): VectorIndex {
  const corrupt = (): VectorStoreError => new VectorStoreError('IndexCorrupt', 'Index seems to be corrupted or unsupported');
  if (bytes.length < 24 + digestBytes) throw corrupt();
  const bodyBytes = bytes.length - digestBytes;
  const digest = createHash('sha256').update(bytes.subarray(0, bodyBytes)).digest();
  if (!digest.equals(bytes.subarray(bodyBytes))) throw corrupt();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== magic || view.getUint32(4, true) !== version) throw corrupt();
  const index = new VectorIndex(view.getFloat64(8, true));
  const dimension = view.getUint32(16, true);
  const count = view.getUint32(20, true);
  const decoder = new TextDecoder();
  let offset = 24;
  for (let n = 0; n < count; n++) {
    if (offset + 4 > bodyBytes) throw corrupt();
    const idLength = view.getUint32(offset, true);
    if (offset + 4 + idLength + dimension * 4 > bodyBytes) throw corrupt();
    const id = decoder.decode(bytes.subarray(offset + 4, offset + 4 + idLength));
    offset += 4 + idLength;
    const vector = new Float32Array(dimension);
    for (let i = 0; i < dimension; i++) vector[i] = view.getFloat32(offset + i * 4, true);
    offset += dimension * 4;
    index.vectors.set(id, vector);
  }
  if (offset !== bodyBytes) throw corrupt();
  return index;
}
