import type { StreamRecord } from '../../ports/stream.js';
import type { Item } from '../../ports/values.js';
import { compactionRunFromItem } from '../entities/compactionRun.js';
import { receiptFromItem } from '../entities/receipt.js';
import { receiptLineFromItem } from '../entities/receiptLine.js';
import { receiptMetadataFromItem } from '../entities/receiptMetadata.js';
import { receiptPlaceFromItem } from '../entities/receiptPlace.js';
import { receiptSectionFromItem } from '../entities/receiptSection.js';
import { receiptSummaryFromItem } from '../entities/receiptSummary.js';
import { receiptWordFromItem } from '../entities/receiptWord.js';
import { receiptWordLabelFromItem } from '../entities/receiptWordLabel.js';
import type { Log } from '../observability.js';
import type { StreamProcessorOptions } from './options.js';

/** Stream record parsing (spec §2.3, §8.2): the entity type from the SK, and both images as entities. */
export type StreamEntityType =
  | 'RECEIPT_PLACE'
  | 'RECEIPT_METADATA'
  | 'RECEIPT_WORD_LABEL'
  | 'RECEIPT_SECTION'
  | 'RECEIPT_SUMMARY'
  | 'COMPACTION_RUN'
  | 'RECEIPT_WORD'
  | 'RECEIPT_LINE'
  | 'RECEIPT';

/** A stream entity as a plain record of its fields (spec field names), or null when absent or unparseable. */
export interface ParsedStreamRecord {
  readonly record: StreamRecord;
  readonly entityType: StreamEntityType;
  readonly oldEntity: Item | null;
  readonly newEntity: Item | null;
}

const entityReaders: Readonly<Record<StreamEntityType, (item: Item) => Item>> = {
  RECEIPT_PLACE: receiptPlaceFromItem,
  RECEIPT_METADATA: receiptMetadataFromItem,
  RECEIPT_WORD_LABEL: receiptWordLabelFromItem,
  RECEIPT_SECTION: receiptSectionFromItem,
  RECEIPT_SUMMARY: receiptSummaryFromItem,
  COMPACTION_RUN: compactionRunFromItem,
  RECEIPT_WORD: receiptWordFromItem,
  RECEIPT_LINE: receiptLineFromItem,
  RECEIPT: receiptFromItem,
};

/** The first matching rule wins; undefined means the record is ignored. */
export function detectEntityType(sk: string, options: StreamProcessorOptions): StreamEntityType | undefined {
  if (options.era === 'seed') {
    // §8.2: receipts, lines, words, sections and summaries are ignored.
    if (sk.includes('#METADATA')) return 'RECEIPT_METADATA';
    if (sk.includes('#LABEL#')) return 'RECEIPT_WORD_LABEL';
    if (sk.includes('#COMPACTION_RUN#')) return 'COMPACTION_RUN';
    return undefined;
  }
  // §2.3 rule 1, or its historical form until 2025-12-19.
  if (options.merchantEntity === 'RECEIPT_PLACE' ? sk.includes('#PLACE') : sk.includes('#METADATA')) return options.merchantEntity;
  if (sk.includes('#LABEL#')) return 'RECEIPT_WORD_LABEL';
  if (sk.includes('#SECTION#')) return 'RECEIPT_SECTION';
  if (sk.endsWith('#SUMMARY')) return 'RECEIPT_SUMMARY';
  if (sk.includes('#COMPACTION_RUN#')) return 'COMPACTION_RUN';
  if (sk.includes('#WORD#') && sk.includes('#LINE#')) return 'RECEIPT_WORD';
  if (sk.includes('#LINE#')) return 'RECEIPT_LINE';
  if (sk.startsWith('RECEIPT#') && sk.split('#').length === 2) return 'RECEIPT';
  return undefined;
}

/** Null for a record the processor ignores (PK not `IMAGE#...`, or an SK no rule matches). */
export function parseStreamRecord(record: StreamRecord, options: StreamProcessorOptions, log: Log): ParsedStreamRecord | null {
  const { PK, SK } = record.keys;
  if (!PK.startsWith('IMAGE#')) return null;
  const entityType = detectEntityType(SK, options);
  if (entityType === undefined) return null;
  const parseImage = (image: Item | undefined, which: 'OldImage' | 'NewImage'): Item | null => {
    if (image === undefined) return null;
    try {
      return entityReaders[entityType]({ ...image, PK, SK });
    } catch (error) {
      log('warning', `Failed to parse ${which} as ${entityType}`, { eventID: record.eventID, PK, SK, error: String(error) });
      return null;
    }
  };
  return { record, entityType, oldEntity: parseImage(record.oldImage, 'OldImage'), newEntity: parseImage(record.newImage, 'NewImage') };
}
