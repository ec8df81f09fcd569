import type { Collection, VectorRecord } from '../../../ports/vectorStore.js';
import type { ChromaCollection } from '../../entities/compactionLock.js';
import { receiptWhere, rowLineIds } from '../operations/chromaRecords.js';
import { type MetadataPatch, patchChanges, rowMetadataPatch, wordMetadataPatch } from './reconciledMetadata.js';
import { type ReceiptState, existingChromaIds } from './receiptState.js';

/**
 * Brings one receipt's vectors in a collection in line with its DynamoDB state (`chromaReconcile`, ours):
 * every vector of the receipt (`get(where $and image_id/receipt_id)`) whose word or row no longer exists is
 * deleted, every other one gets the patch of reconciledMetadata.ts when it would change anything. Chroma
 * errors propagate (the caller fails the receipt's messages).
 */
export interface ReconcileCounts {
  readonly updated: number;
  readonly deleted: number;
}

export async function reconcileReceiptVectors(snapshot: Collection, collection: ChromaCollection, state: ReceiptState): Promise<ReconcileCounts> {
  const existing = existingChromaIds(state, collection);
  const got = await snapshot.get({ where: receiptWhere(state.receipt), include: ['metadatas'] });
  const gone: string[] = [];
  const ids: string[] = [];
  const metadatas: MetadataPatch[] = [];
  for (const [i, id] of got.ids.entries()) {
    if (!existing.has(id)) {
      gone.push(id);
      continue;
    }
    const metadata = got.metadatas?.[i] ?? null;
    const patch = collection === 'words' ? wordMetadataPatch(metadata, state.place, labelsOfWord(state, metadata)) : rowMetadataPatch(metadata, state.place, labelsOfRow(state, metadata));
    if (!patchChanges(metadata, patch)) continue;
    ids.push(id);
    metadatas.push(patch);
  }
  if (gone.length > 0) await snapshot.delete({ ids: gone });
  if (ids.length > 0) await snapshot.update({ ids, metadatas });
  return { updated: ids.length, deleted: gone.length };
}

/** The delta records whose word or row still exists in DynamoDB: nothing is merged for an entity that is gone. */
export function existingRecords(records: readonly VectorRecord[], collection: ChromaCollection, state: ReceiptState): VectorRecord[] {
  const existing = existingChromaIds(state, collection);
  return records.filter((record) => existing.has(record.id));
}

function labelsOfWord(state: ReceiptState, metadata: VectorRecord['metadata'] | null) {
  return state.labels.filter((l) => l.line_id === metadata?.line_id && l.word_id === metadata.word_id);
}

function labelsOfRow(state: ReceiptState, metadata: VectorRecord['metadata'] | null) {
  const lines = new Set(rowLineIds(metadata ?? null));
  return state.labels.filter((l) => lines.has(l.line_id));
}
