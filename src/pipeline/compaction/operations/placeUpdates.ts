import type { Collection, Metadata, MetadataValue } from '../../../ports/vectorStore.js';
import { errorText } from '../../snapshot/errorText.js';
import type { CompactionCollection, CompactionMessage } from '../compactionMessage.js';
import type { ReceiptUpdateResult } from '../results.js';
import { copyMetadata, metadataValue, omitKeys } from './chromaRecords.js';
import type { CompactionPorts, EraOption } from './compactionPorts.js';
import { receiptChromaIds } from './dynamoReads.js';
import { type ReceiptRef, receiptOf } from './messageFields.js';

/**
 * (b) Place updates (spec §3.6; the seed era's RECEIPT_METADATA variant, §8.3). Per message the exact Chroma
 * ids come from DynamoDB (the receipt's words or lines through GSI3); the records found get the existing
 * metadata with the message's changes applied. A `new` value that is null is removed from the outgoing
 * object, so under Chroma's merging update (§3.12) the stored value stays. DynamoDB and Chroma errors are
 * logged and count 0 updates without an error flag, so the message is acknowledged.
 */

/** The keys a REMOVE clears: null in the head era, dropped from the outgoing object in the seed era. */
export const merchantKeys = ['canonical_merchant_name', 'merchant_name', 'merchant_category', 'address', 'phone_number', 'place_id'] as const;

export async function applyPlaceUpdates(
  ports: CompactionPorts,
  snapshot: Collection,
  collectionName: CompactionCollection,
  messages: readonly CompactionMessage[],
  options: EraOption,
): Promise<ReceiptUpdateResult[]> {
  const results: ReceiptUpdateResult[] = [];
  for (const message of messages) {
    const receipt = receiptOf(message);
    const updated = await updateReceipt(ports, snapshot, collectionName, message, receipt, options.era);
    results.push({ kind: 'place', ...receipt, updated, error: null });
  }
  return results;
}

async function updateReceipt(
  ports: CompactionPorts,
  snapshot: Collection,
  collectionName: CompactionCollection,
  message: CompactionMessage,
  receipt: ReceiptRef,
  era: EraOption['era'],
): Promise<number> {
  try {
    const ids = await receiptChromaIds(ports.table, collectionName, receipt);
    if (ids.length === 0) return 0;
    const got = await snapshot.get({ ids, include: ['metadatas'] });
    if (got.ids.length === 0) return 0;
    const now = ports.clock.nowIso();
    const metadatas = got.ids.map((_, i) => outgoingMetadata(got.metadatas?.[i], message, era, now));
    await snapshot.update({ ids: got.ids, metadatas });
    return got.ids.length;
  } catch (error) {
    ports.log('error', 'Metadata update failed; counted as 0 updates', { ...receipt, error: errorText(error) });
    return 0;
  }
}

function outgoingMetadata(existing: Metadata | null | undefined, message: CompactionMessage, era: EraOption['era'], now: string): Metadata {
  const metadata = copyMetadata(existing);
  const dropped = new Set<string>();
  if (message.event_name === 'REMOVE') {
    for (const key of merchantKeys) {
      if (!Object.hasOwn(metadata, key)) continue;
      if (era === 'head') metadata[key] = null;
      else dropped.add(key);
    }
    metadata[era === 'head' ? 'place_removed_at' : 'metadata_removed_at'] = now;
    return omitKeys(metadata, dropped);
  }
  for (const [field, change] of Object.entries(message.changes)) {
    // Head: ReceiptPlace's `formatted_address` is stored under `address`; seed fields keep their names.
    const key = era === 'head' && field === 'formatted_address' ? 'address' : field;
    const value: MetadataValue = metadataValue(change.new ?? null);
    if (value === null) dropped.add(key);
    else metadata[key] = value;
  }
  metadata[era === 'head' ? 'last_place_update' : 'last_metadata_update'] = now;
  return omitKeys(metadata, dropped);
}
