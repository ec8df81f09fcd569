import type { StreamEventName } from '../../ports/stream.js';
import type { AttributeValue } from '../../ports/values.js';

/**
 * A stream message as the compaction handler sees it after parsing an SQS record (spec §3.2 step 2): the
 * JSON body, the `collection` message attribute (default `lines`), and a context whose `record_id` is the
 * SQS messageId (not the stream eventID) and whose `timestamp` is the body's `timestamp`.
 */
export type CompactionCollection = 'lines' | 'words';

export interface FieldChangeValue {
  readonly old: AttributeValue;
  readonly new: AttributeValue;
}

export interface CompactionMessage {
  readonly source: string;
  readonly entity_type: string;
  readonly entity_data: Readonly<Record<string, AttributeValue>>;
  readonly changes: Readonly<Record<string, FieldChangeValue>>;
  readonly event_name: StreamEventName;
  readonly collection: CompactionCollection;
  readonly context: {
    /** The SQS messageId; the seed era reports failures by receipt handle instead (§8.3). */
    readonly record_id: string;
    readonly receipt_handle: string;
    readonly timestamp: string;
  };
}
