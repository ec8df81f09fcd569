import type { TableKey } from '../../ports/table.js';
import type { Item } from '../../ports/values.js';
import { checkFinite, checkIsoTimestamp, checkNonEmpty, checkPositiveInteger, checkRange, checkUuid } from './fieldChecks.js';
import { ItemReader } from './itemReader.js';
import { conf4, imagePk, imageReceiptKey, merchantSlug, receiptSk } from './keys.js';

/**
 * ReceiptPlace (`RECEIPT_PLACE`, Google Places v1; the head era's merchant record, spec §1.2, §1.3).
 * SK `RECEIPT#{rid5}#PLACE`; GSI1 `MERCHANT#{slug}` / `IMAGE#{img}#RECEIPT#{rid5}#PLACE`; GSI2 (sparse,
 * only when `place_id` is set) `PLACE#{place_id}` / same; GSI3 `PLACE_VALIDATION` /
 * `CONFIDENCE#{conf4}#STATUS#{validation_status}#IMAGE#{img}`; GSI4 `IMAGE#{img}#RECEIPT#{rid5}` /
 * `1_PLACE`. `merchant_name` is required; `confidence` is in [0, 1]. An unset string is `""` and an
 * unknown number or flag is NULL. Viewport, opening hours and photos are not modelled (nothing reads them).
 */
export const receiptPlaceType = 'RECEIPT_PLACE';

const stringFields = [
  'place_id',
  'merchant_category',
  'formatted_address',
  'short_address',
  'plus_code',
  'phone_number',
  'phone_intl',
  'website',
  'maps_url',
  'business_status',
  'validated_by',
  'validation_status',
  'reasoning',
  'places_api_version',
] as const;
type StringField = (typeof stringFields)[number];

export type ReceiptPlace = {
  readonly image_id: string;
  readonly receipt_id: number;
  readonly merchant_name: string;
  readonly merchant_types: readonly string[];
  readonly address_components: { readonly [component: string]: string };
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly open_now: boolean | null;
  readonly matched_fields: readonly string[];
  readonly confidence: number;
  readonly timestamp: string;
} & { readonly [field in StringField]: string };

type Defaulted = StringField | 'merchant_types' | 'address_components' | 'latitude' | 'longitude' | 'open_now' | 'matched_fields' | 'confidence';
export type ReceiptPlaceInput = Omit<ReceiptPlace, Defaulted> & Partial<Pick<ReceiptPlace, Defaulted>>;

const type = receiptPlaceType;

function nullableFinite(field: string, value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : checkFinite(type, field, value);
}

export function createReceiptPlace(input: ReceiptPlaceInput): ReceiptPlace {
  const strings = Object.fromEntries(stringFields.map((field) => [field, input[field] ?? ''])) as Record<StringField, string>;
  return {
    image_id: checkUuid(type, 'image_id', input.image_id),
    receipt_id: checkPositiveInteger(type, 'receipt_id', input.receipt_id),
    merchant_name: checkNonEmpty(type, 'merchant_name', input.merchant_name),
    ...strings,
    places_api_version: input.places_api_version ?? 'v1',
    merchant_types: [...(input.merchant_types ?? [])],
    address_components: { ...input.address_components },
    latitude: nullableFinite('latitude', input.latitude),
    longitude: nullableFinite('longitude', input.longitude),
    open_now: input.open_now ?? null,
    matched_fields: [...(input.matched_fields ?? [])],
    confidence: checkRange(type, 'confidence', input.confidence ?? 0, 0, 1),
    timestamp: checkIsoTimestamp(type, 'timestamp', input.timestamp),
  };
}

export function receiptPlaceKey(imageId: string, receiptId: number): TableKey {
  return { PK: imagePk(imageId), SK: `${receiptSk(receiptId)}#PLACE` };
}

export function receiptPlaceToItem(place: ReceiptPlace): Item {
  const indexSk = `${imageReceiptKey(place.image_id, place.receipt_id)}#PLACE`;
  return {
    ...receiptPlaceKey(place.image_id, place.receipt_id),
    GSI1PK: `MERCHANT#${merchantSlug(place.merchant_name)}`,
    GSI1SK: indexSk,
    ...(place.place_id === '' ? {} : { GSI2PK: `PLACE#${place.place_id}`, GSI2SK: indexSk }),
    GSI3PK: 'PLACE_VALIDATION',
    GSI3SK: `CONFIDENCE#${conf4(place.confidence)}#STATUS#${place.validation_status}#IMAGE#${place.image_id}`,
    GSI4PK: imageReceiptKey(place.image_id, place.receipt_id),
    GSI4SK: '1_PLACE',
    TYPE: type,
    merchant_name: place.merchant_name,
    ...Object.fromEntries(stringFields.map((field) => [field, place[field]])),
    merchant_types: [...place.merchant_types],
    address_components: { ...place.address_components },
    latitude: place.latitude,
    longitude: place.longitude,
    open_now: place.open_now,
    matched_fields: [...place.matched_fields],
    confidence: place.confidence,
    timestamp: place.timestamp,
  };
}

export function receiptPlaceFromItem(item: Item): ReceiptPlace {
  const reader = new ItemReader(item, type);
  const [imageId] = reader.key('PK', /^IMAGE#(.+)$/);
  const [receiptId] = reader.key('SK', /^RECEIPT#(\d+)#PLACE$/);
  return createReceiptPlace({
    image_id: imageId!,
    receipt_id: Number(receiptId),
    merchant_name: reader.string('merchant_name'),
    ...Object.fromEntries(stringFields.map((field) => [field, reader.string(field)])),
    merchant_types: reader.stringList('merchant_types'),
    address_components: reader.stringMap('address_components'),
    latitude: reader.nullableNumber('latitude'),
    longitude: reader.nullableNumber('longitude'),
    open_now: reader.nullableBoolean('open_now'),
    matched_fields: reader.stringList('matched_fields'),
    confidence: reader.number('confidence'),
    timestamp: reader.string('timestamp'),
  });
}
