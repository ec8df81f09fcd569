import type { TableKey } from '../../ports/table.js';
import type { Item } from '../../ports/values.js';
import { checkIsoTimestamp, checkPositiveInteger, checkUuid } from './fieldChecks.js';
import { ItemReader } from './itemReader.js';
import { imagePk, imageReceiptKey, receiptSk } from './keys.js';

/**
 * The ReceiptSummary record (`RECEIPT_SUMMARY`, spec §1.2, §2.5): SK `RECEIPT#{rid5}#SUMMARY`, GSI2
 * `RECEIPT_SUMMARY` / `IMAGE#{img}#RECEIPT#{rid5}`. The stream watches `timestamp_computed` only; the
 * summary's totals have an ack-only consumer, so they are not modelled.
 */
export const receiptSummaryType = 'RECEIPT_SUMMARY';

export type ReceiptSummary = {
  readonly image_id: string;
  readonly receipt_id: number;
  readonly timestamp_computed: string;
};

const type = receiptSummaryType;

export function createReceiptSummary(input: ReceiptSummary): ReceiptSummary {
  return {
    image_id: checkUuid(type, 'image_id', input.image_id),
    receipt_id: checkPositiveInteger(type, 'receipt_id', input.receipt_id),
    timestamp_computed: checkIsoTimestamp(type, 'timestamp_computed', input.timestamp_computed),
  };
}

export function receiptSummaryKey(imageId: string, receiptId: number): TableKey {
  return { PK: imagePk(imageId), SK: `${receiptSk(receiptId)}#SUMMARY` };
}

export function receiptSummaryToItem(summary: ReceiptSummary): Item {
  return {
    ...receiptSummaryKey(summary.image_id, summary.receipt_id),
    GSI2PK: 'RECEIPT_SUMMARY',
    GSI2SK: imageReceiptKey(summary.image_id, summary.receipt_id),
    TYPE: type,
    timestamp_computed: summary.timestamp_computed,
  };
}

export function receiptSummaryFromItem(item: Item): ReceiptSummary {
  const reader = new ItemReader(item, type);
  const [imageId] = reader.key('PK', /^IMAGE#(.+)$/);
  const [receiptId] = reader.key('SK', /^RECEIPT#(\d+)#SUMMARY$/);
  return createReceiptSummary({ image_id: imageId!, receipt_id: Number(receiptId), timestamp_computed: reader.string('timestamp_computed') });
}
