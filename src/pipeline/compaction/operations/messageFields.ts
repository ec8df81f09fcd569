import type { AttributeValue } from '../../../ports/values.js';
import { InvalidEntity } from '../../entities/invalidEntity.js';
import type { CompactionMessage } from '../compactionMessage.js';

/**
 * The identifying fields of a message's `entity_data` (spec §2.6), read as the handler does: `image_id`
 * as a string, the numeric ids through `int(...)`, so a numeric string is accepted and anything else raises.
 */
export interface ReceiptRef {
  readonly image_id: string;
  readonly receipt_id: number;
}

export interface WordRef extends ReceiptRef {
  readonly line_id: number;
  readonly word_id: number;
}

export function receiptOf(message: CompactionMessage): ReceiptRef {
  const imageId = message.entity_data.image_id;
  if (typeof imageId !== 'string' || imageId === '') throw new InvalidEntity(message.entity_type, `entity_data has no image_id`);
  return { image_id: imageId, receipt_id: integerField(message, 'receipt_id') };
}

export function lineIdOf(message: CompactionMessage): number {
  return integerField(message, 'line_id');
}

export function wordOf(message: CompactionMessage): WordRef {
  return { ...receiptOf(message), line_id: lineIdOf(message), word_id: integerField(message, 'word_id') };
}

/** A field of `entity_data` that is a non-empty string, else undefined. */
export function stringField(message: CompactionMessage, field: string): string | undefined {
  const value = message.entity_data[field];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The `(image_id, receipt_id)` of a receipt as one map key. */
export function receiptKeyOf(receipt: ReceiptRef): string {
  return `${receipt.image_id}#${receipt.receipt_id}`;
}

function integerField(message: CompactionMessage, field: string): number {
  const value: AttributeValue | undefined = message.entity_data[field];
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(number)) throw new InvalidEntity(message.entity_type, `entity_data.${field} is not an integer: ${JSON.stringify(value ?? null)}`);
  return number;
}
