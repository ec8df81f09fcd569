import type { Collection } from '../../../ports/vectorStore.js';
import { lineChromaId, wordChromaId } from '../../entities/chromaIds.js';
import { errorText } from '../../snapshot/errorText.js';
import type { CompactionCollection, CompactionMessage } from '../compactionMessage.js';
import type { DeletionResult } from '../results.js';
import { receiptWhere } from './chromaRecords.js';
import type { CompactionPorts } from './compactionPorts.js';
import { receiptChromaIds } from './dynamoReads.js';
import { type ReceiptRef, lineIdOf, receiptOf, wordOf } from './messageFields.js';

/**
 * (d) Deletions (spec §3.8), REMOVE events only, ids as §3.11:
 * - RECEIPT_WORD (WORDS only) and RECEIPT_LINE (LINES only; it matches a row only when the line is the row's
 *   primary line): `delete(ids=[id])`; a Chroma error is logged and counts 0 deletions.
 * - RECEIPT: the receipt's word or line ids from DynamoDB (GSI3); when that returns nothing or fails, the
 *   ids of `get(where $and image_id/receipt_id)`; all of them deleted. A failure of that metadata query
 *   (or of the delete) is the result's error. Deletion errors never fail messages (§3.10).
 */
export async function applyDeletions(
  ports: CompactionPorts,
  snapshot: Collection,
  collectionName: CompactionCollection,
  messages: readonly CompactionMessage[],
): Promise<DeletionResult[]> {
  const results: DeletionResult[] = [];
  for (const message of messages) {
    if (message.event_name !== 'REMOVE') continue;
    if (message.entity_type === 'RECEIPT') {
      results.push(await deleteReceipt(ports, snapshot, collectionName, receiptOf(message)));
    } else if (message.entity_type === 'RECEIPT_WORD' && collectionName === 'words') {
      const word = wordOf(message);
      const deleted = await deleteOne(ports, snapshot, wordChromaId(word.image_id, word.receipt_id, word.line_id, word.word_id));
      results.push({ entity_type: message.entity_type, image_id: word.image_id, receipt_id: word.receipt_id, deleted, error: null });
    } else if (message.entity_type === 'RECEIPT_LINE' && collectionName === 'lines') {
      const receipt = receiptOf(message);
      const deleted = await deleteOne(ports, snapshot, lineChromaId(receipt.image_id, receipt.receipt_id, lineIdOf(message)));
      results.push({ entity_type: message.entity_type, ...receipt, deleted, error: null });
    }
  }
  return results;
}

async function deleteOne(ports: CompactionPorts, snapshot: Collection, chromaId: string): Promise<number> {
  try {
    await snapshot.delete({ ids: [chromaId] });
    return 1;
  } catch (error) {
    ports.log('error', 'Delete failed; counted as 0 deletions', { chroma_id: chromaId, error: errorText(error) });
    return 0;
  }
}

async function deleteReceipt(ports: CompactionPorts, snapshot: Collection, collectionName: CompactionCollection, receipt: ReceiptRef): Promise<DeletionResult> {
  const base = { entity_type: 'RECEIPT', ...receipt };
  let ids: string[] = [];
  try {
    ids = await receiptChromaIds(ports.table, collectionName, receipt);
  } catch (error) {
    ports.log('warning', 'Could not list the receipt\'s ids from DynamoDB; falling back to a metadata query', { ...receipt, error: errorText(error) });
  }
  try {
    if (ids.length === 0) ids = [...(await snapshot.get({ where: receiptWhere(receipt), include: [] })).ids];
    if (ids.length > 0) await snapshot.delete({ ids });
    return { ...base, deleted: ids.length, error: null };
  } catch (error) {
    ports.log('error', 'Receipt deletion failed', { ...receipt, error: errorText(error) });
    return { ...base, deleted: 0, error: errorText(error) };
  }
}
