import type { Clock } from '../../ports/clock.js';
import { ConditionalCheckFailed } from '../../ports/errors.js';
import { attributeExists } from '../../ports/expressions.js';
import type { Table } from '../../ports/table.js';
import { receiptKey } from '../entities/receipt.js';
import { receiptLineKey } from '../entities/receiptLine.js';
import { receiptMetadataKey } from '../entities/receiptMetadata.js';
import { receiptPlaceKey } from '../entities/receiptPlace.js';
import { receiptWordKey } from '../entities/receiptWord.js';
import { receiptWordLabelKey } from '../entities/receiptWordLabel.js';
import { listReceiptLines, listReceiptWordLabels, listReceiptWords } from '../validation/receiptReads.js';
import { receiptChildrenStrongly } from './receiptChildren.js';
import { batchWriteAll, chunked } from './tableWrites.js';

/**
 * A receipt deletion as a workload operation (the combine-receipts and resegment flows delete receipts,
 * §6.4). Children first, the parent last, each read eventually consistent just before its deletes:
 * 1. labels: TransactWriteItems deletes under `attribute_exists(PK)` (§1.3) in chunks of 25, falling back
 *    to one conditional delete per label (a label already gone is skipped);
 * 2. words, then 3. lines: BatchWriteItem deletes in chunks of 25;
 * 4. the ReceiptMetadata and the ReceiptPlace (whichever exists; deleting a missing item is a no-op);
 * 5. the Receipt.
 * Each REMOVE reaches the stream (§2.4). CompactionRuns, sections and summaries are left in place: a run
 * REMOVE sends nothing, and ingest creates no section or summary.
 *
 * The flag `deleteReads`: `eventual` lists the children as the accessors do (labels from the base table,
 * words and lines through GSI3, all eventually consistent), so a deletion soon after the upload can miss
 * words and lines and still delete the Receipt, leaving them behind; `strong` (ours) lists them with
 * strongly consistent base-table queries, so the Receipt goes only once every child it had is gone.
 */
export interface DeleteReceiptPorts {
  readonly table: Table;
  readonly clock: Clock;
}

export type DeleteReads = 'eventual' | 'strong';

export interface DeletedCounts {
  readonly labels: number;
  readonly words: number;
  readonly lines: number;
}

export async function deleteReceipt(ports: DeleteReceiptPorts, imageId: string, receiptId: number, reads: DeleteReads = 'eventual'): Promise<DeletedCounts> {
  const strong = reads === 'strong';
  const labels = strong ? (await receiptChildrenStrongly(ports.table, imageId, receiptId)).labels : await listReceiptWordLabels(ports.table, imageId, receiptId);
  const labelKeys = labels.map((l) => receiptWordLabelKey(l.image_id, l.receipt_id, l.line_id, l.word_id, l.label));
  for (const chunk of chunked(labelKeys)) {
    try {
      await ports.table.transactWriteItems(chunk.map((key) => ({ kind: 'delete', key, condition: attributeExists('PK') })));
    } catch {
      for (const key of chunk) {
        try {
          await ports.table.deleteItem({ key, condition: attributeExists('PK') });
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailed)) throw error;
        }
      }
    }
  }
  const words = strong ? (await receiptChildrenStrongly(ports.table, imageId, receiptId)).words : await listReceiptWords(ports.table, imageId, receiptId);
  await batchWriteAll(
    ports,
    words.map((w) => ({ kind: 'delete', key: receiptWordKey(imageId, receiptId, w.line_id, w.word_id) })),
  );
  const lines = strong ? (await receiptChildrenStrongly(ports.table, imageId, receiptId)).lines : await listReceiptLines(ports.table, imageId, receiptId);
  await batchWriteAll(
    ports,
    lines.map((l) => ({ kind: 'delete', key: receiptLineKey(imageId, receiptId, l.line_id) })),
  );
  await ports.table.deleteItem({ key: receiptMetadataKey(imageId, receiptId) });
  await ports.table.deleteItem({ key: receiptPlaceKey(imageId, receiptId) });
  await ports.table.deleteItem({ key: receiptKey(imageId, receiptId) });
  return { labels: labels.length, words: words.length, lines: lines.length };
}
