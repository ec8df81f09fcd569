import { type Table, queryAll } from '../../../ports/table.js';
import { lineChromaId, wordChromaId } from '../../entities/chromaIds.js';
import type { ChromaCollection } from '../../entities/compactionLock.js';
import { imagePk, receiptSk } from '../../entities/keys.js';
import { receiptType } from '../../entities/receipt.js';
import { type ReceiptLine, receiptLineFromItem, receiptLineType } from '../../entities/receiptLine.js';
import { type ReceiptPlace, receiptPlaceFromItem, receiptPlaceType } from '../../entities/receiptPlace.js';
import { type ReceiptWord, receiptWordFromItem, receiptWordType } from '../../entities/receiptWord.js';
import { type ReceiptWordLabel, receiptWordLabelFromItem, receiptWordLabelType } from '../../entities/receiptWordLabel.js';
import type { ReceiptRef } from '../operations/messageFields.js';

/**
 * What DynamoDB holds now for one receipt, as `chromaReconcile` (ours) reads it: one strongly consistent
 * Query of the base table, `PK = IMAGE#{img}` and `begins_with(SK, RECEIPT#{rid5})`, followed to the end,
 * so the receipt, lines, words, labels and place come from one read that sees every write acknowledged
 * before it (GSI reads, which §3.6 and §3.8 use, are always eventually consistent).
 */
export interface ReceiptState {
  readonly receipt: ReceiptRef;
  /** Whether the Receipt item itself exists: without it no vector of the receipt may (§3.8 RECEIPT REMOVE). */
  readonly exists: boolean;
  readonly lines: readonly ReceiptLine[];
  readonly words: readonly ReceiptWord[];
  readonly labels: readonly ReceiptWordLabel[];
  readonly place: ReceiptPlace | undefined;
}

export async function readReceiptState(table: Table, receipt: ReceiptRef): Promise<ReceiptState> {
  const items = await queryAll(table, {
    key: {
      partitionKey: { name: 'PK', value: imagePk(receipt.image_id) },
      sortKey: { name: 'SK', condition: { op: 'beginsWith', prefix: receiptSk(receipt.receipt_id) } },
    },
    consistentRead: true,
  });
  const sk = receiptSk(receipt.receipt_id);
  // The prefix also matches a longer receipt id (RECEIPT#10000 vs RECEIPT#100000): keep this receipt's items.
  const own = items.filter((item) => item.SK === sk || String(item.SK).startsWith(`${sk}#`));
  const ofType = (type: string) => own.filter((item) => item.TYPE === type);
  return {
    receipt,
    exists: ofType(receiptType).length > 0,
    lines: ofType(receiptLineType).map(receiptLineFromItem),
    words: ofType(receiptWordType).map(receiptWordFromItem),
    labels: ofType(receiptWordLabelType).map(receiptWordLabelFromItem),
    place: ofType(receiptPlaceType).map(receiptPlaceFromItem)[0],
  };
}

/**
 * The Chroma ids whose entity exists: a word's id per ReceiptWord (WORDS); a row's id is its primary
 * line's id, so a row may exist while that line exists (LINES, §3.11); none when the Receipt is gone (a
 * deletion that left some children behind still removes the receipt from Chroma, as §3.8 does).
 */
export function existingChromaIds(state: ReceiptState, collection: ChromaCollection): Set<string> {
  const { image_id, receipt_id } = state.receipt;
  if (!state.exists) return new Set();
  return new Set(
    collection === 'words'
      ? state.words.map((w) => wordChromaId(image_id, receipt_id, w.line_id, w.word_id))
      : state.lines.map((l) => lineChromaId(image_id, receipt_id, l.line_id)),
  );
}
