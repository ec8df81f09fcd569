import { equals, or } from '../../ports/expressions.js';
import { type Table, queryAll } from '../../ports/table.js';
import { imagePk, receiptSk } from '../entities/keys.js';
import { type ReceiptLine, receiptLineFromItem, receiptLineType } from '../entities/receiptLine.js';
import { type ReceiptWord, receiptWordFromItem, receiptWordType } from '../entities/receiptWord.js';
import { type ReceiptWordLabel, receiptWordLabelFromItem, receiptWordLabelType } from '../entities/receiptWordLabel.js';

export interface ReceiptChildren {
  readonly lines: readonly ReceiptLine[];
  readonly words: readonly ReceiptWord[];
  readonly labels: readonly ReceiptWordLabel[];
}

/**
 * A receipt's lines, words and labels from one strongly consistent Query of the base table
 * (`PK = IMAGE#{img}`, `begins_with(SK, RECEIPT#{rid5}#LINE#)`, filtered on TYPE), followed to the end: it
 * sees every write acknowledged before it, which a GSI3 read (always eventually consistent) does not.
 */
export async function receiptChildrenStrongly(table: Table, imageId: string, receiptId: number): Promise<ReceiptChildren> {
  const items = await queryAll(table, {
    key: {
      partitionKey: { name: 'PK', value: imagePk(imageId) },
      sortKey: { name: 'SK', condition: { op: 'beginsWith', prefix: `${receiptSk(receiptId)}#LINE#` } },
    },
    filter: or(equals('TYPE', receiptLineType), equals('TYPE', receiptWordType), equals('TYPE', receiptWordLabelType)),
    consistentRead: true,
  });
  const ofType = (type: string) => items.filter((item) => item.TYPE === type);
  return {
    lines: ofType(receiptLineType).map(receiptLineFromItem),
    words: ofType(receiptWordType).map(receiptWordFromItem),
    labels: ofType(receiptWordLabelType).map(receiptWordLabelFromItem),
  };
}
