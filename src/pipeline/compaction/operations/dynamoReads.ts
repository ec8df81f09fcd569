import { type Table, queryAll } from '../../../ports/table.js';
import { equals } from '../../../ports/expressions.js';
import { lineChromaId, wordChromaId } from '../../entities/chromaIds.js';
import type { ChromaCollection } from '../../entities/compactionLock.js';
import { imagePk, imageReceiptKey, pad5, receiptSk } from '../../entities/keys.js';
import { receiptLineFromItem } from '../../entities/receiptLine.js';
import { type ReceiptSection, receiptSectionFromItem } from '../../entities/receiptSection.js';
import { receiptWordFromItem } from '../../entities/receiptWord.js';
import { type ReceiptWordLabel, receiptWordLabelFromItem, receiptWordLabelType } from '../../entities/receiptWordLabel.js';
import type { ReceiptRef, WordRef } from './messageFields.js';

/**
 * The DynamoDB reads of the update steps. Following §1.1, every read but the section query is eventually
 * consistent (GSI reads always are) and follows `LastEvaluatedKey` to the end; items are parsed into
 * entities as the accessors do, so an unparseable item raises.
 */

/**
 * §3.6, §3.8: the exact Chroma ids of a receipt from its ReceiptWords (words) or ReceiptLines (lines),
 * through GSI3 `IMAGE#{img}#RECEIPT#{rid5}` / `WORD` or `LINE`.
 */
export async function receiptChromaIds(table: Table, collection: ChromaCollection, receipt: ReceiptRef): Promise<string[]> {
  const items = await queryAll(table, {
    index: 'GSI3',
    key: {
      partitionKey: { name: 'GSI3PK', value: imageReceiptKey(receipt.image_id, receipt.receipt_id) },
      sortKey: { name: 'GSI3SK', condition: { op: '=', value: collection === 'words' ? 'WORD' : 'LINE' } },
    },
  });
  if (collection === 'words') {
    return items.map(receiptWordFromItem).map((w) => wordChromaId(w.image_id, w.receipt_id, w.line_id, w.word_id));
  }
  return items.map(receiptLineFromItem).map((l) => lineChromaId(l.image_id, l.receipt_id, l.line_id));
}

/** §3.7 `list_receipt_word_labels_for_word`: every label of one word, in SK (label name) order. */
export async function listLabelsForWord(table: Table, word: WordRef): Promise<ReceiptWordLabel[]> {
  const prefix = `${receiptSk(word.receipt_id)}#LINE#${pad5(word.line_id)}#WORD#${pad5(word.word_id)}#LABEL#`;
  const items = await queryAll(table, {
    key: { partitionKey: { name: 'PK', value: imagePk(word.image_id) }, sortKey: { name: 'SK', condition: { op: 'beginsWith', prefix } } },
  });
  return items.map(receiptWordLabelFromItem);
}

/** §3.7 `list_receipt_word_labels_for_receipt`: every label of a receipt (the receipt's items, filtered on TYPE). */
export async function listLabelsForReceipt(table: Table, receipt: ReceiptRef): Promise<ReceiptWordLabel[]> {
  const items = await queryAll(table, {
    key: {
      partitionKey: { name: 'PK', value: imagePk(receipt.image_id) },
      sortKey: { name: 'SK', condition: { op: 'beginsWith', prefix: `${receiptSk(receipt.receipt_id)}#LINE#` } },
    },
    filter: equals('TYPE', receiptWordLabelType),
  });
  return items.map(receiptWordLabelFromItem);
}

/** §3.9: the receipt's ReceiptSections, strongly consistent. */
export async function listSectionsForReceipt(table: Table, receipt: ReceiptRef): Promise<ReceiptSection[]> {
  const items = await queryAll(table, {
    key: {
      partitionKey: { name: 'PK', value: imagePk(receipt.image_id) },
      sortKey: { name: 'SK', condition: { op: 'beginsWith', prefix: `${receiptSk(receipt.receipt_id)}#SECTION#` } },
    },
    consistentRead: true,
  });
  return items.map(receiptSectionFromItem);
}
