import type { MessageAttributes } from '../../ports/queue.js';
import type { StreamEventName } from '../../ports/stream.js';
import type { Changes } from './changeDetector.js';
import type { StreamEntityType } from './parsers.js';
import type { EntityData, QueueCollection } from './routing.js';

/**
 * One message the stream processor publishes (spec §2.7), sent separately to each of its `collections`.
 * The production message also carries a `record_snapshot`, but it is never serialised into the body, so
 * it is not modelled.
 */
export interface StreamMessage {
  readonly entity_type: StreamEntityType;
  readonly entity_data: EntityData;
  readonly changes: Changes;
  readonly event_name: StreamEventName;
  /** The processor's wall clock (ISO-8601 UTC) when it built the message. */
  readonly timestamp: string;
  readonly stream_record_id: string;
  readonly aws_region: string;
  readonly collections: readonly QueueCollection[];
}

export const messageSource = 'dynamodb_stream';

/** The JSON body, keys in the order of §2.7. */
export function messageBody(message: StreamMessage): string {
  return JSON.stringify({
    source: messageSource,
    entity_type: message.entity_type,
    entity_data: message.entity_data,
    changes: message.changes,
    event_name: message.event_name,
    timestamp: message.timestamp,
    stream_record_id: message.stream_record_id,
    aws_region: message.aws_region,
  });
}

export function messageAttributes(message: StreamMessage, collection: QueueCollection): MessageAttributes {
  return { source: messageSource, entity_type: message.entity_type, event_name: message.event_name, collection };
}
