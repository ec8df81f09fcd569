import type { AttributeValue, Item } from '../../ports/values.js';
import type { StreamProcessorOptions } from './options.js';
import type { StreamEntityType } from './parsers.js';

/** Routing and `entity_data` of spec §2.6 (COMPACTION_RUN has its own rules: compactionRunRecords.ts). */
export type QueueCollection = 'lines' | 'words' | 'receipt_summary' | 'line_items';

export type EntityData = Readonly<Record<string, AttributeValue>>;

type RoutedEntityType = Exclude<StreamEntityType, 'COMPACTION_RUN'>;

const entityDataFields: Readonly<Record<RoutedEntityType, readonly string[]>> = {
  RECEIPT_PLACE: ['image_id', 'receipt_id'],
  RECEIPT_METADATA: ['image_id', 'receipt_id'],
  RECEIPT_WORD_LABEL: ['image_id', 'receipt_id', 'line_id', 'word_id', 'label'],
  RECEIPT_SECTION: ['image_id', 'receipt_id', 'section_type'],
  RECEIPT_SUMMARY: ['image_id', 'receipt_id'],
  RECEIPT: ['image_id', 'receipt_id'],
  RECEIPT_WORD: ['image_id', 'receipt_id', 'line_id', 'word_id'],
  RECEIPT_LINE: ['image_id', 'receipt_id', 'line_id'],
};

/** `entity_type` first, then the identifying fields in the order of §2.6. */
export function entityData(entityType: RoutedEntityType, entity: Item): EntityData {
  const data: Record<string, AttributeValue> = { entity_type: entityType };
  for (const field of entityDataFields[entityType]) data[field] = entity[field] ?? null;
  return data;
}

/** The target queues, in the order §2.6 lists them. */
export function targetCollections(entityType: RoutedEntityType, entity: Item, options: StreamProcessorOptions): QueueCollection[] {
  const summary: QueueCollection[] = options.summaryTargets ? ['receipt_summary'] : [];
  switch (entityType) {
    case 'RECEIPT_PLACE':
      return ['lines', 'words', ...summary];
    case 'RECEIPT_METADATA':
      // "Metadata/place messages have always gone to LINES and WORDS"; summaries came after metadata.
      return ['lines', 'words'];
    case 'RECEIPT_WORD_LABEL':
      return ['words', ...(options.labelsToLines ? (['lines'] as const) : []), ...summary];
    case 'RECEIPT_SECTION':
      return String(entity.section_type).toUpperCase() === 'ITEMS' ? ['lines', 'line_items'] : ['lines'];
    case 'RECEIPT_SUMMARY':
      return ['line_items'];
    case 'RECEIPT':
      return ['lines', 'words'];
    case 'RECEIPT_WORD':
      return ['words'];
    case 'RECEIPT_LINE':
      return ['lines'];
  }
}
