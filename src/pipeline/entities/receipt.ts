import type { TableKey } from '../../ports/table.js';
import type { Item } from '../../ports/values.js';
import { checkIsoTimestamp, checkPositiveInteger, checkUuid } from './fieldChecks.js';
import { ItemReader } from './itemReader.js';
import { imagePk, receiptSk } from './keys.js';

/**
 * Receipt (`RECEIPT`, spec §1.2, §1.3): PK `IMAGE#{img}`, SK `RECEIPT#{rid5}`, GSI1 `IMAGE#{img}` /
 * `RECEIPT#{rid5}`. Only its REMOVE matters to Chroma (it deletes every embedding of the receipt).
 * The image and receipt ids live in the keys only.
 */
export const receiptType = 'RECEIPT';

export type Receipt = {
  readonly image_id: string;
  readonly receipt_id: number;
  readonly timestamp_added: string;
};

export function createReceipt(input: Receipt): Receipt {
  return {
    image_id: checkUuid(receiptType, 'image_id', input.image_id),
    receipt_id: checkPositiveInteger(receiptType, 'receipt_id', input.receipt_id),
    timestamp_added: checkIsoTimestamp(receiptType, 'timestamp_added', input.timestamp_added),
  };
}

export function receiptKey(imageId: string, receiptId: number): TableKey {
  return { PK: imagePk(imageId), SK: receiptSk(receiptId) };
}

export function receiptToItem(receipt: Receipt): Item {
  return {
    ...receiptKey(receipt.image_id, receipt.receipt_id),
    GSI1PK: imagePk(receipt.image_id),
    GSI1SK: receiptSk(receipt.receipt_id),
    TYPE: receiptType,
    timestamp_added: receipt.timestamp_added,
  };
}

export function receiptFromItem(item: Item): Receipt {
  const reader = new ItemReader(item, receiptType);
  const [imageId] = reader.key('PK', /^IMAGE#(.+)$/);
  const [receiptId] = reader.key('SK', /^RECEIPT#(\d+)$/);
  return createReceipt({ image_id: imageId!, receipt_id: Number(receiptId), timestamp_added: reader.string('timestamp_added') });
}
