import { equals } from '../../ports/expressions.js';
import { type Table, queryAll } from '../../ports/table.js';
import { imagePk, imageReceiptKey, receiptSk } from '../entities/keys.js';
import { type ReceiptLine, receiptLineFromItem } from '../entities/receiptLine.js';
import { type ReceiptMetadata, receiptMetadataFromItem, receiptMetadataKey } from '../entities/receiptMetadata.js';
import { type ReceiptWord, receiptWordFromItem } from '../entities/receiptWord.js';
import { type ReceiptWordLabel, receiptWordLabelFromItem, receiptWordLabelType } from '../entities/receiptWordLabel.js';

/**
 * The receipt reads validation makes, all eventually consistent as the client's accessors are (§1.1):
 * lines and words through GSI3 (`IMAGE#{img}#RECEIPT#{rid5}` / `LINE` or `WORD`), all labels of a
 * receipt through the table (`PK`, `SK` beginning `RECEIPT#{rid5}#LINE#`, filtered on TYPE), following
 * every page, and the ReceiptMetadata by key.
 */
export async function listReceiptLines(table: Table, imageId: string, receiptId: number): Promise<ReceiptLine[]> {
  const items = await queryAll(table, {
    index: 'GSI3',
    key: {
      partitionKey: { name: 'GSI3PK', value: imageReceiptKey(imageId, receiptId) },
      sortKey: { name: 'GSI3SK', condition: { op: '=', value: 'LINE' } },
    },
  });
  return items.map(receiptLineFromItem);
}

export async function listReceiptWords(table: Table, imageId: string, receiptId: number): Promise<ReceiptWord[]> {
  const items = await queryAll(table, {
    index: 'GSI3',
    key: {
      partitionKey: { name: 'GSI3PK', value: imageReceiptKey(imageId, receiptId) },
      sortKey: { name: 'GSI3SK', condition: { op: '=', value: 'WORD' } },
    },
  });
  return items.map(receiptWordFromItem);
}

export async function listReceiptWordLabels(table: Table, imageId: string, receiptId: number): Promise<ReceiptWordLabel[]> {
  const items = await queryAll(table, {
    key: {
      partitionKey: { name: 'PK', value: imagePk(imageId) },
      sortKey: { name: 'SK', condition: { op: 'beginsWith', prefix: `${receiptSk(receiptId)}#LINE#` } },
    },
    filter: equals('TYPE', receiptWordLabelType),
  });
  return items.map(receiptWordLabelFromItem);
}

export async function getReceiptMetadata(table: Table, imageId: string, receiptId: number): Promise<ReceiptMetadata | undefined> {
  const item = await table.getItem({ key: receiptMetadataKey(imageId, receiptId) });
  return item === undefined ? undefined : receiptMetadataFromItem(item);
}
