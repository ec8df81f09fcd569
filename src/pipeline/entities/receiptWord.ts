import type { TableKey } from '../../ports/table.js';
import type { Item } from '../../ports/values.js';
import { checkNonNegativeInteger, checkPositiveInteger, checkUuid } from './fieldChecks.js';
import { ItemReader } from './itemReader.js';
import { imagePk, imageReceiptKey, pad5, receiptSk, wordPath } from './keys.js';
import { type OcrElement, type OcrElementInput, checkOcrElement, ocrElementAttributes, readOcrElement } from './ocrElement.js';

/**
 * ReceiptWord (`RECEIPT_WORD`, spec §1.2, §1.3): SK `RECEIPT#{rid5}#LINE#{lid5}#WORD#{wid5}`; GSI1
 * `EMBEDDING_STATUS#{status}` / `WORD#IMAGE#...#WORD#{wid5}`; GSI2 `RECEIPT` / `IMAGE#...#WORD#{wid5}`;
 * GSI3 `IMAGE#{img}#RECEIPT#{rid5}` / `WORD`; GSI4 `IMAGE#{img}#RECEIPT#{rid5}` / `3_WORD#{lid5}#{wid5}`.
 * `extracted_data` is the on-device NLP extraction (phone/address/url) or NULL. Only REMOVE matters to
 * the stream.
 */
export const receiptWordType = 'RECEIPT_WORD';

type WordIdentity = {
  readonly image_id: string;
  readonly receipt_id: number;
  readonly line_id: number;
  readonly word_id: number;
  readonly extracted_data: { readonly [key: string]: string } | null;
};
export type ReceiptWord = WordIdentity & OcrElement;
export type ReceiptWordInput = WordIdentity & OcrElementInput;

export function createReceiptWord(input: ReceiptWordInput): ReceiptWord {
  return {
    image_id: checkUuid(receiptWordType, 'image_id', input.image_id),
    receipt_id: checkPositiveInteger(receiptWordType, 'receipt_id', input.receipt_id),
    line_id: checkNonNegativeInteger(receiptWordType, 'line_id', input.line_id),
    word_id: checkNonNegativeInteger(receiptWordType, 'word_id', input.word_id),
    extracted_data: input.extracted_data === null ? null : { ...input.extracted_data },
    ...checkOcrElement(receiptWordType, input),
  };
}

export function receiptWordKey(imageId: string, receiptId: number, lineId: number, wordId: number): TableKey {
  return { PK: imagePk(imageId), SK: `${receiptSk(receiptId)}#LINE#${pad5(lineId)}#WORD#${pad5(wordId)}` };
}

export function receiptWordToItem(word: ReceiptWord): Item {
  const receipt = imageReceiptKey(word.image_id, word.receipt_id);
  const path = wordPath(word.image_id, word.receipt_id, word.line_id, word.word_id);
  return {
    ...receiptWordKey(word.image_id, word.receipt_id, word.line_id, word.word_id),
    GSI1PK: `EMBEDDING_STATUS#${word.embedding_status}`,
    GSI1SK: `WORD#${path}`,
    GSI2PK: 'RECEIPT',
    GSI2SK: path,
    GSI3PK: receipt,
    GSI3SK: 'WORD',
    GSI4PK: receipt,
    GSI4SK: `3_WORD#${pad5(word.line_id)}#${pad5(word.word_id)}`,
    TYPE: receiptWordType,
    ...ocrElementAttributes(word),
    extracted_data: word.extracted_data,
  };
}

export function receiptWordFromItem(item: Item): ReceiptWord {
  const reader = new ItemReader(item, receiptWordType);
  const [imageId] = reader.key('PK', /^IMAGE#(.+)$/);
  const [receiptId, lineId, wordId] = reader.key('SK', /^RECEIPT#(\d+)#LINE#(\d+)#WORD#(\d+)$/);
  return createReceiptWord({
    image_id: imageId!,
    receipt_id: Number(receiptId),
    line_id: Number(lineId),
    word_id: Number(wordId),
    extracted_data: reader.nullableStringMap('extracted_data'),
    ...readOcrElement(reader),
  });
}
