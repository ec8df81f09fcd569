import type { Clock } from '../../ports/clock.js';
import { ConditionalCheckFailed } from '../../ports/errors.js';
import { attributeExists, attributeNotExists } from '../../ports/expressions.js';
import type { Table } from '../../ports/table.js';
import { type ReceiptMetadata, createReceiptMetadata, receiptMetadataToItem } from '../entities/receiptMetadata.js';
import { type ReceiptPlace, createReceiptPlace, receiptPlaceToItem } from '../entities/receiptPlace.js';
import type { ResolvedMerchant } from './merchantResolution.js';
import { batchWriteAll } from './tableWrites.js';

/** The merchant records a resolution produces: ReceiptMetadata (seed, §8.1, §8.6) or ReceiptPlace (head, §6.1). */
export interface MerchantRecordPorts {
  readonly table: Table;
  readonly clock: Clock;
}

interface ReceiptIds {
  readonly image_id: string;
  readonly receipt_id: number;
}

/** §8.1: ReceiptMetadata is written by unconditional batch puts. */
export async function writeReceiptMetadata(ports: MerchantRecordPorts, ids: ReceiptIds, merchant: ResolvedMerchant): Promise<ReceiptMetadata> {
  const metadata = createReceiptMetadata({
    ...ids,
    place_id: merchant.place_id,
    merchant_name: merchant.merchant_name,
    merchant_category: merchant.merchant_category,
    address: merchant.address,
    phone_number: merchant.phone_number,
    matched_fields: merchant.matched_fields,
    validated_by: merchant.validated_by,
    reasoning: merchant.reasoning,
    timestamp: ports.clock.nowIso(),
  });
  await batchWriteAll(ports, [{ kind: 'put', item: receiptMetadataToItem(metadata) }]);
  return metadata;
}

/**
 * §6.1 phase 4, "add/update the ReceiptPlace": a create-only put (`attribute_not_exists(PK)`); when the
 * place exists already, a full put under `attribute_exists(PK)` replaces it.
 */
export async function addOrUpdateReceiptPlace(ports: MerchantRecordPorts, ids: ReceiptIds, merchant: ResolvedMerchant): Promise<ReceiptPlace> {
  const place = createReceiptPlace({
    ...ids,
    place_id: merchant.place_id,
    merchant_name: merchant.merchant_name,
    merchant_category: merchant.merchant_category,
    formatted_address: merchant.address,
    phone_number: merchant.phone_number,
    matched_fields: merchant.matched_fields,
    validated_by: merchant.validated_by,
    validation_status: merchant.matched_fields.length >= 2 ? 'MATCHED' : 'UNSURE',
    reasoning: merchant.reasoning,
    confidence: merchant.confidence,
    timestamp: ports.clock.nowIso(),
  });
  const item = receiptPlaceToItem(place);
  try {
    await ports.table.putItem({ item, condition: attributeNotExists('PK') });
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailed)) throw error;
    await ports.table.putItem({ item, condition: attributeExists('PK') });
  }
  return place;
}
