import type { TableKey } from '../../ports/table.js';
import type { Item } from '../../ports/values.js';
import { checkIsoTimestamp, checkPositiveInteger, checkUuid } from './fieldChecks.js';
import { ItemReader } from './itemReader.js';
import { imagePk, imageReceiptKey, receiptSk } from './keys.js';

/**
 * ReceiptMetadata (`RECEIPT_METADATA`, legacy, the seed era's merchant record; spec §1.2, §1.3, §8.1).
 * SK `RECEIPT#{rid5}#METADATA`; GSI1 `MERCHANT#{canonical merchant name, or merchant name, upper-cased,
 * spaces→_}` / `IMAGE#{img}#RECEIPT#{rid5}#METADATA`; GSI2 `PLACE#{place_id}`; GSI3
 * `MERCHANT_VALIDATION` / `STATUS#{validation_status}`. Every string field but `timestamp` is optional:
 * an empty string is stored as NULL and NULL reads back as `""`. `validation_status` is re-derived from
 * `matched_fields` whenever the entity is built (MATCHED >= 2, UNSURE >= 1, else NO_MATCH), so a stored
 * value is ignored on read.
 */
export const receiptMetadataType = 'RECEIPT_METADATA';

export const merchantValidationStatuses = ['MATCHED', 'UNSURE', 'NO_MATCH'] as const;
export type MerchantValidationStatus = (typeof merchantValidationStatuses)[number];

const optionalStrings = [
  'place_id',
  'merchant_name',
  'merchant_category',
  'address',
  'phone_number',
  'validated_by',
  'reasoning',
  'canonical_place_id',
  'canonical_merchant_name',
  'canonical_address',
  'canonical_phone_number',
] as const;
type OptionalString = (typeof optionalStrings)[number];

export type ReceiptMetadata = {
  readonly image_id: string;
  readonly receipt_id: number;
  readonly matched_fields: readonly string[];
  readonly timestamp: string;
  readonly validation_status: MerchantValidationStatus;
} & { readonly [field in OptionalString]: string };

export type ReceiptMetadataInput = Omit<ReceiptMetadata, 'validation_status' | OptionalString | 'matched_fields'> & {
  readonly [field in OptionalString]?: string;
} & { readonly matched_fields?: readonly string[] };

const type = receiptMetadataType;

export function deriveMerchantValidationStatus(matchedFields: readonly string[]): MerchantValidationStatus {
  if (matchedFields.length >= 2) return 'MATCHED';
  return matchedFields.length >= 1 ? 'UNSURE' : 'NO_MATCH';
}

export function createReceiptMetadata(input: ReceiptMetadataInput): ReceiptMetadata {
  const matchedFields = [...(input.matched_fields ?? [])];
  const strings = Object.fromEntries(optionalStrings.map((field) => [field, input[field] ?? ''])) as Record<OptionalString, string>;
  return {
    image_id: checkUuid(type, 'image_id', input.image_id),
    receipt_id: checkPositiveInteger(type, 'receipt_id', input.receipt_id),
    ...strings,
    matched_fields: matchedFields,
    timestamp: checkIsoTimestamp(type, 'timestamp', input.timestamp),
    validation_status: deriveMerchantValidationStatus(matchedFields),
  };
}

export function receiptMetadataKey(imageId: string, receiptId: number): TableKey {
  return { PK: imagePk(imageId), SK: `${receiptSk(receiptId)}#METADATA` };
}

export function receiptMetadataToItem(metadata: ReceiptMetadata): Item {
  const merchant = (metadata.canonical_merchant_name || metadata.merchant_name).toUpperCase().replaceAll(' ', '_');
  const indexSk = `${imageReceiptKey(metadata.image_id, metadata.receipt_id)}#METADATA`;
  const strings = Object.fromEntries(optionalStrings.map((field) => [field, metadata[field] === '' ? null : metadata[field]]));
  return {
    ...receiptMetadataKey(metadata.image_id, metadata.receipt_id),
    GSI1PK: `MERCHANT#${merchant}`,
    GSI1SK: indexSk,
    GSI2PK: `PLACE#${metadata.place_id}`,
    GSI2SK: indexSk,
    GSI3PK: 'MERCHANT_VALIDATION',
    GSI3SK: `STATUS#${metadata.validation_status}`,
    TYPE: type,
    ...strings,
    matched_fields: [...metadata.matched_fields],
    timestamp: metadata.timestamp,
    validation_status: metadata.validation_status,
  };
}

export function receiptMetadataFromItem(item: Item): ReceiptMetadata {
  const reader = new ItemReader(item, type);
  const [imageId] = reader.key('PK', /^IMAGE#(.+)$/);
  const [receiptId] = reader.key('SK', /^RECEIPT#(\d+)#METADATA$/);
  const strings = Object.fromEntries(optionalStrings.map((field) => [field, reader.nullableString(field) ?? '']));
  return createReceiptMetadata({
    image_id: imageId!,
    receipt_id: Number(receiptId),
    ...strings,
    matched_fields: reader.stringList('matched_fields'),
    timestamp: reader.string('timestamp'),
  });
}
