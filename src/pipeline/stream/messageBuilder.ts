import type { Clock } from '../../ports/clock.js';
import type { StreamRecord } from '../../ports/stream.js';
import type { ChromaCollection } from '../entities/compactionLock.js';
import { type Changes, detectChanges } from './changeDetector.js';
import { compactionRunEntityData, compactionRunIdentity, isCompactionRunCompleted } from './compactionRunRecords.js';
import type { Log, Metrics } from '../observability.js';
import type { StreamProcessorOptions } from './options.js';
import { type ParsedStreamRecord, parseStreamRecord } from './parsers.js';
import { type EntityData, entityData, targetCollections } from './routing.js';
import type { StreamMessage } from './streamMessage.js';

/**
 * `build_messages_from_records` (spec §2.3–§2.6, §8.2): parse each record, apply the event rules of §2.4
 * and route. In the seed era a record that raises is logged and skipped; in the head era the exception
 * fails the invocation.
 */
export interface MessageContext {
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly log: Log;
}

const bothCollections: readonly ChromaCollection[] = ['lines', 'words'];

export function buildMessages(records: readonly StreamRecord[], context: MessageContext, options: StreamProcessorOptions): StreamMessage[] {
  const messages: StreamMessage[] = [];
  for (const record of records) {
    try {
      messages.push(...messagesForRecord(record, context, options));
    } catch (error) {
      if (options.era === 'head') throw error;
      context.metrics.count('StreamRecordProcessingError');
      context.log('error', 'Failed to process stream record; skipped', { eventID: record.eventID, error: String(error) });
    }
  }
  return messages;
}

function messagesForRecord(record: StreamRecord, context: MessageContext, options: StreamProcessorOptions): StreamMessage[] {
  const parsed = parseStreamRecord(record, options, context.log);
  if (parsed === null) return [];
  if (parsed.entityType === 'COMPACTION_RUN') return compactionRunMessages(record, context, options);
  const { entityType, oldEntity, newEntity } = parsed;
  const changes = detectChanges(entityType, oldEntity, newEntity);
  if (!wantsMessage(parsed, changes, options)) return [];
  const entity = newEntity ?? oldEntity;
  if (entity === null) {
    context.log('warning', `No parseable image for ${record.eventName} of ${entityType}; no message`, { eventID: record.eventID });
    return [];
  }
  return [message(record, context, entityType, entityData(entityType, entity), changes, targetCollections(entityType, entity, options))];
}

/** Types whose INSERT sends a message with `insertMessages` (ours). */
const insertTypes: ReadonlySet<string> = new Set(['RECEIPT_PLACE', 'RECEIPT_METADATA', 'RECEIPT_WORD_LABEL']);

/** The §2.4 table for every type but COMPACTION_RUN (plus, with `insertMessages`, place and label INSERTs). */
function wantsMessage(parsed: ParsedStreamRecord, changes: Changes, options: StreamProcessorOptions): boolean {
  const changed = Object.keys(changes).length > 0;
  switch (parsed.record.eventName) {
    case 'INSERT':
      if (options.insertMessages && insertTypes.has(parsed.entityType)) return changed;
      return (parsed.entityType === 'RECEIPT_SECTION' || parsed.entityType === 'RECEIPT_SUMMARY') && changed;
    case 'MODIFY':
      return changed;
    case 'REMOVE':
      return true;
  }
}

/** INSERT: one message per collection, always; MODIFY: per `compactionRunModify`; REMOVE: none. */
function compactionRunMessages(record: StreamRecord, context: MessageContext, options: StreamProcessorOptions): StreamMessage[] {
  if (record.eventName === 'INSERT') {
    return bothCollections.map((c) => message(record, context, 'COMPACTION_RUN', compactionRunEntityData(record, c), {}, [c]));
  }
  if (record.eventName === 'REMOVE' || options.compactionRunModify === 'none' || !isCompactionRunCompleted(record.newImage)) return [];
  if (options.compactionRunModify === 'buildError') {
    // §8.2: the completion message passes fields its type does not define; the raise is caught here.
    context.metrics.count('CompactionRunCompletionMessageBuildError');
    context.log('error', 'Failed to build compaction run completion message', { eventID: record.eventID });
    return [];
  }
  const data = compactionRunIdentity(record);
  return bothCollections.map((c) => message(record, context, 'COMPACTION_RUN', data, {}, [c]));
}

function message(
  record: StreamRecord,
  context: MessageContext,
  entityType: StreamMessage['entity_type'],
  data: EntityData,
  changes: Changes,
  collections: StreamMessage['collections'],
): StreamMessage {
  return {
    entity_type: entityType,
    entity_data: data,
    changes,
    event_name: record.eventName,
    timestamp: context.clock.nowIso(),
    stream_record_id: record.eventID,
    aws_region: record.awsRegion,
    collections,
  };
}
