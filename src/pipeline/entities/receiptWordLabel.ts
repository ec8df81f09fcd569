import type { TableKey } from '../../ports/table.js';
import type { Item } from '../../ports/values.js';
import { checkIsoTimestamp, checkNonEmpty, checkOneOf, checkPositiveInteger, checkRange, checkUuid } from './fieldChecks.js';
import { InvalidEntity } from './invalidEntity.js';
import { ItemReader } from './itemReader.js';
import { imagePk, imageReceiptKey, labelIndexPk, pad5, receiptSk, wordPath } from './keys.js';
import { type ValidationStatus, validationStatuses } from './validationStatus.js';

/**
 * ReceiptWordLabel (`RECEIPT_WORD_LABEL`, spec §1.2, §1.3, §8.1). SK
 * `RECEIPT#{rid5}#LINE#{lid5}#WORD#{wid5}#LABEL#{LABEL}`; GSI1 `LABEL#{LABEL}` padded with `_` to 40
 * characters / the word path; GSI2 `RECEIPT` / the word path; GSI3 `VALIDATION_STATUS#{status}` /
 * the word path `#LABEL#{LABEL}`; GSI4 `IMAGE#{img}#RECEIPT#{rid5}` / `4_LABEL#{lid5}#{wid5}#{LABEL}`.
 * The ids (all positive) and the label live in the keys only; the label is stored upper-cased, so a
 * rename is a REMOVE plus an INSERT. `confidence` is head-era only (the seed era has no such
 * attribute): it is written only when set, and an absent attribute reads as null.
 */
export const receiptWordLabelType = 'RECEIPT_WORD_LABEL';

export type ReceiptWordLabel = {
  readonly image_id: string;
  readonly receipt_id: number;
  readonly line_id: number;
  readonly word_id: number;
  readonly label: string;
  readonly reasoning: string | null;
  readonly timestamp_added: string;
  readonly validation_status: ValidationStatus;
  readonly label_proposed_by: string | null;
  readonly label_consolidated_from: string | null;
  readonly confidence: number | null;
};

type Optional = 'reasoning' | 'validation_status' | 'label_proposed_by' | 'label_consolidated_from' | 'confidence';
export type ReceiptWordLabelInput = Omit<ReceiptWordLabel, Optional> & {
  readonly reasoning?: string | null;
  readonly validation_status?: ValidationStatus | null;
  readonly label_proposed_by?: string | null;
  readonly label_consolidated_from?: string | null;
  readonly confidence?: number | null;
};

const type = receiptWordLabelType;

export function createReceiptWordLabel(input: ReceiptWordLabelInput): ReceiptWordLabel {
  const reasoning = input.reasoning ?? null;
  if (reasoning === '') throw new InvalidEntity(type, 'reasoning must be null or non-empty');
  const confidence = input.confidence ?? null;
  return {
    image_id: checkUuid(type, 'image_id', input.image_id),
    receipt_id: checkPositiveInteger(type, 'receipt_id', input.receipt_id),
    line_id: checkPositiveInteger(type, 'line_id', input.line_id),
    word_id: checkPositiveInteger(type, 'word_id', input.word_id),
    label: checkNonEmpty(type, 'label', input.label).toUpperCase(),
    reasoning,
    timestamp_added: checkIsoTimestamp(type, 'timestamp_added', input.timestamp_added),
    validation_status: checkOneOf(type, 'validation_status', input.validation_status ?? 'NONE', validationStatuses),
    label_proposed_by: input.label_proposed_by ?? null,
    label_consolidated_from: input.label_consolidated_from ?? null,
    confidence: confidence === null ? null : checkRange(type, 'confidence', confidence, 0, 1),
  };
}

export function receiptWordLabelKey(imageId: string, receiptId: number, lineId: number, wordId: number, label: string): TableKey {
  return { PK: imagePk(imageId), SK: `${receiptSk(receiptId)}#LINE#${pad5(lineId)}#WORD#${pad5(wordId)}#LABEL#${label}` };
}

export function receiptWordLabelToItem(label: ReceiptWordLabel): Item {
  const path = wordPath(label.image_id, label.receipt_id, label.line_id, label.word_id);
  return {
    ...receiptWordLabelKey(label.image_id, label.receipt_id, label.line_id, label.word_id, label.label),
    GSI1PK: labelIndexPk(label.label),
    GSI1SK: path,
    GSI2PK: 'RECEIPT',
    GSI2SK: path,
    GSI3PK: `VALIDATION_STATUS#${label.validation_status}`,
    GSI3SK: `${path}#LABEL#${label.label}`,
    GSI4PK: imageReceiptKey(label.image_id, label.receipt_id),
    GSI4SK: `4_LABEL#${pad5(label.line_id)}#${pad5(label.word_id)}#${label.label}`,
    TYPE: type,
    reasoning: label.reasoning,
    timestamp_added: label.timestamp_added,
    validation_status: label.validation_status,
    label_proposed_by: label.label_proposed_by,
    label_consolidated_from: label.label_consolidated_from,
    ...(label.confidence === null ? {} : { confidence: label.confidence }),
  };
}

export function receiptWordLabelFromItem(item: Item): ReceiptWordLabel {
  const reader = new ItemReader(item, type);
  const [imageId] = reader.key('PK', /^IMAGE#(.+)$/);
  const [receiptId, lineId, wordId, label] = reader.key('SK', /^RECEIPT#(\d+)#LINE#(\d+)#WORD#(\d+)#LABEL#(.+)$/s);
  const status = reader.nullableString('validation_status');
  return createReceiptWordLabel({
    image_id: imageId!,
    receipt_id: Number(receiptId),
    line_id: Number(lineId),
    word_id: Number(wordId),
    label: label!,
    reasoning: reader.nullableString('reasoning'),
    timestamp_added: reader.string('timestamp_added'),
    validation_status: status === null ? null : checkOneOf(type, 'validation_status', status, validationStatuses),
    label_proposed_by: reader.nullableString('label_proposed_by'),
    label_consolidated_from: reader.nullableString('label_consolidated_from'),
    confidence: reader.nullableNumber('confidence'),
  });
}
