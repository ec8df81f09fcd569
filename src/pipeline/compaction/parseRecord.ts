import type { SqsRecord } from '../../ports/queue.js';
import type { StreamEventName } from '../../ports/stream.js';
import type { AttributeValue } from '../../ports/values.js';
import { messageSource } from '../stream/streamMessage.js';
import type { CompactionCollection, CompactionMessage, FieldChangeValue } from './compactionMessage.js';

/**
 * Turning SQS records into compaction messages (§3.2 step 2; §8.3 for the seed era). The body is the
 * stream processor's JSON (§2.7); a body that is not JSON, or lacks what the message type needs
 * (`entity_type`, an `entity_data` object, a known `event_name`, `changes` of `{old, new}` objects), cannot
 * be parsed.
 */
export type RecordParse =
  | { readonly kind: 'message'; readonly message: CompactionMessage }
  | { readonly kind: 'skipped'; readonly reason: string }
  /** Seed era only: a record that is not a stream message is reported failed (§8.3). */
  | { readonly kind: 'failed'; readonly reason: string };

const eventNames: readonly StreamEventName[] = ['INSERT', 'MODIFY', 'REMOVE'];

type JsonObject = { readonly [key: string]: AttributeValue };

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

const isCollection = (value: string | undefined): value is CompactionCollection => value === 'lines' || value === 'words';

type ParsedBody = Omit<CompactionMessage, 'collection' | 'context'> & { readonly timestamp: string };

function parseBody(body: string): ParsedBody | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'body is not JSON';
  }
  if (!isObject(parsed)) return 'body is not a JSON object';
  const { entity_type, entity_data, event_name, source, timestamp } = parsed;
  const changes = parsed.changes ?? {};
  if (typeof entity_type !== 'string') return 'entity_type missing';
  if (!isObject(entity_data)) return 'entity_data is not an object';
  const eventName = eventNames.find((name) => name === event_name);
  if (eventName === undefined) return `unknown event_name ${JSON.stringify(event_name)}`;
  if (!isObject(changes)) return 'changes is not an object';
  const fieldChanges: Record<string, FieldChangeValue> = {};
  for (const [field, change] of Object.entries(changes)) {
    if (!isObject(change)) return `change of ${field} is not an object`;
    fieldChanges[field] = { old: change.old ?? null, new: change.new ?? null };
  }
  return {
    source: typeof source === 'string' ? source : messageSource,
    entity_type,
    entity_data,
    changes: fieldChanges,
    event_name: eventName,
    timestamp: typeof timestamp === 'string' ? timestamp : '',
  };
}

function message(record: SqsRecord, body: ParsedBody, collection: CompactionCollection): CompactionMessage {
  const { timestamp, ...fields } = body;
  return { ...fields, collection, context: { record_id: record.messageId, receipt_handle: record.receiptHandle, timestamp } };
}

/**
 * Head (§3.2 step 2): the `collection` attribute defaults to `lines`; a value that is no collection makes
 * the record unparseable, like a bad body. Unparseable records are skipped, so they are acknowledged.
 */
export function parseHeadRecord(record: SqsRecord): RecordParse {
  const body = parseBody(record.body);
  if (typeof body === 'string') return { kind: 'skipped', reason: body };
  const collection = record.attributes.collection ?? 'lines';
  if (!isCollection(collection)) return { kind: 'skipped', reason: `invalid collection attribute ${JSON.stringify(collection)}` };
  return { kind: 'message', message: message(record, body, collection) };
}

/**
 * Seed era (§8.3): a record whose `source` attribute is not `dynamodb_stream` is reported failed; a
 * stream record with an unparseable body or a missing or invalid `collection` attribute is skipped.
 */
export function parseSeedRecord(record: SqsRecord): RecordParse {
  const source = record.attributes.source;
  if (source !== messageSource) return { kind: 'failed', reason: `source ${JSON.stringify(source ?? null)} is not ${messageSource}` };
  const body = parseBody(record.body);
  if (typeof body === 'string') return { kind: 'skipped', reason: body };
  const collection = record.attributes.collection;
  if (!isCollection(collection)) return { kind: 'skipped', reason: `missing or invalid collection attribute ${JSON.stringify(collection ?? null)}` };
  return { kind: 'message', message: message(record, body, collection) };
}

/** Messages by collection, in order of first appearance (§3.2 step 4). */
export function groupByCollection(messages: readonly CompactionMessage[]): Map<CompactionCollection, CompactionMessage[]> {
  const groups = new Map<CompactionCollection, CompactionMessage[]>();
  for (const m of messages) {
    const group = groups.get(m.collection);
    if (group === undefined) groups.set(m.collection, [m]);
    else group.push(m);
  }
  return groups;
}
