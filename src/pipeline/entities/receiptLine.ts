import type { TableKey } from '../../ports/table.js';
import type { Item } from '../../ports/values.js';
import { checkNonNegativeInteger, checkPositiveInteger, checkUuid } from './fieldChecks.js';
import { ItemReader } from './itemReader.js';
import { imagePk, imageReceiptKey, pad5, receiptSk } from './keys.js';
import { type OcrElement, type OcrElementInput, checkOcrElement, ocrElementAttributes, readOcrElement } from './ocrElement.js';

/**
 * ReceiptLine (`RECEIPT_LINE`, spec §1.2, §1.3): SK `RECEIPT#{rid5}#LINE#{lid5}`; GSI1
 * `EMBEDDING_STATUS#{status}` / `LINE#IMAGE#{img}#RECEIPT#{rid5}#LINE#{lid5}`; GSI3
 * `IMAGE#{img}#RECEIPT#{rid5}` / `LINE`; GSI4 `IMAGE#{img}#RECEIPT#{rid5}` / `2_LINE#{lid5}`.
 * `line_id` is an integer >= 0. Only its REMOVE matters to the stream.
 */
export const receiptLineType = 'RECEIPT_LINE';

type LineIdentity = { readonly image_id: string; readonly receipt_id: number; readonly line_id: number };
export type ReceiptLine = LineIdentity & OcrElement;
export type ReceiptLineInput = LineIdentity & OcrElementInput;

export function createReceiptLine(input: ReceiptLineInput): ReceiptLine {
  return {
    image_id: checkUuid(receiptLineType, 'image_id', input.image_id),
    receipt_id: checkPositiveInteger(receiptLineType, 'receipt_id', input.receipt_id),
    line_id: checkNonNegativeInteger(receiptLineType, 'line_id', input.line_id),
    ...checkOcrElement(receiptLineType, input),
  };
}

export function receiptLineKey(imageId: string, receiptId: number, lineId: number): TableKey {
  return { PK: imagePk(imageId), SK: `${receiptSk(receiptId)}#LINE#${pad5(lineId)}` };
}

export function receiptLineToItem(line: ReceiptLine): Item {
  const receipt = imageReceiptKey(line.image_id, line.receipt_id);
  return {
    ...receiptLineKey(line.image_id, line.receipt_id, line.line_id),
    GSI1PK: `EMBEDDING_STATUS#${line.embedding_status}`,
    GSI1SK: `LINE#${receipt}#LINE#${pad5(line.line_id)}`,
    GSI3PK: receipt,
    GSI3SK: 'LINE',
    GSI4PK: receipt,
    GSI4SK: `2_LINE#${pad5(line.line_id)}`,
    TYPE: receiptLineType,
    ...ocrElementAttributes(line),
  };
}

export function receiptLineFromItem(item: Item): ReceiptLine {
  const reader = new ItemReader(item, receiptLineType);
  const [imageId] = reader.key('PK', /^IMAGE#(.+)$/);
  const [receiptId, lineId] = reader.key('SK', /^RECEIPT#(\d+)#LINE#(\d+)$/);
  return createReceiptLine({ image_id: imageId!, receipt_id: Number(receiptId), line_id: Number(lineId), ...readOcrElement(reader) });
}
