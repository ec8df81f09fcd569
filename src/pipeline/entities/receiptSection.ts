import type { TableKey } from '../../ports/table.js';
import type { Item } from '../../ports/values.js';
import { checkNonEmpty, checkNonNegativeInteger, checkOneOf, checkPositiveInteger, checkRange, checkUuid } from './fieldChecks.js';
import { ItemReader } from './itemReader.js';
import { imagePk, receiptSk } from './keys.js';
import { type ValidationStatus, validationStatuses } from './validationStatus.js';

/**
 * ReceiptSection (spec §1.2, §1.3, §3.9): SK `RECEIPT#{rid5}#SECTION#{SECTION_TYPE}` (the type
 * upper-cased), no GSIs. `section_type` is also stored as given, since the stream's routing upper-cases
 * it again (§2.6). Its `line_ids`, `confidence` and `validation_status` drive `section_label` on LINES rows.
 */
export const receiptSectionType = 'RECEIPT_SECTION';

export type ReceiptSection = {
  readonly image_id: string;
  readonly receipt_id: number;
  readonly section_type: string;
  readonly line_ids: readonly number[];
  readonly confidence: number;
  readonly validation_status: ValidationStatus;
};

const type = receiptSectionType;

export function createReceiptSection(input: ReceiptSection): ReceiptSection {
  return {
    image_id: checkUuid(type, 'image_id', input.image_id),
    receipt_id: checkPositiveInteger(type, 'receipt_id', input.receipt_id),
    section_type: checkNonEmpty(type, 'section_type', input.section_type),
    line_ids: input.line_ids.map((id) => checkNonNegativeInteger(type, 'line_ids[]', id)),
    confidence: checkRange(type, 'confidence', input.confidence, 0, 1),
    validation_status: checkOneOf(type, 'validation_status', input.validation_status, validationStatuses),
  };
}

export function receiptSectionKey(imageId: string, receiptId: number, sectionType: string): TableKey {
  return { PK: imagePk(imageId), SK: `${receiptSk(receiptId)}#SECTION#${sectionType.toUpperCase()}` };
}

export function receiptSectionToItem(section: ReceiptSection): Item {
  return {
    ...receiptSectionKey(section.image_id, section.receipt_id, section.section_type),
    TYPE: type,
    section_type: section.section_type,
    line_ids: [...section.line_ids],
    confidence: section.confidence,
    validation_status: section.validation_status,
  };
}

export function receiptSectionFromItem(item: Item): ReceiptSection {
  const reader = new ItemReader(item, type);
  const [imageId] = reader.key('PK', /^IMAGE#(.+)$/);
  const [receiptId] = reader.key('SK', /^RECEIPT#(\d+)#SECTION#.+$/s);
  return createReceiptSection({
    image_id: imageId!,
    receipt_id: Number(receiptId),
    section_type: reader.string('section_type'),
    line_ids: reader.numberList('line_ids'),
    confidence: reader.number('confidence'),
    validation_status: checkOneOf(type, 'validation_status', reader.string('validation_status'), validationStatuses),
  });
}
