import type { StreamRecord } from '../../ports/stream.js';
import type { Item } from '../../ports/values.js';
import type { ChromaCollection } from '../entities/compactionLock.js';
import type { EntityData } from './routing.js';
import { StreamProcessorError } from './streamProcessorError.js';

/**
 * COMPACTION_RUN records, read from the raw keys and NewImage rather than the parsed entity (spec §2.6):
 * `run_id` from NewImage `run_id`, else the last SK segment; `image_id` = the PK after the first `#`;
 * `receipt_id` from the SK's `RECEIPT#{rid5}` part, else NewImage `receipt_id`.
 */
export function compactionRunIdentity(record: StreamRecord): { run_id: string; image_id: string; receipt_id: number } {
  const { PK, SK } = record.keys;
  const image = record.newImage;
  const runId = typeof image?.run_id === 'string' ? image.run_id : SK.split('#').at(-1)!;
  const fromSk = /RECEIPT#(\d+)/.exec(SK);
  const receiptId = fromSk !== null ? Number(fromSk[1]) : image?.receipt_id;
  if (typeof receiptId !== 'number') {
    throw new StreamProcessorError('InvalidCompactionRunRecord', `no receipt id in SK ${SK} or NewImage of ${record.eventID}`);
  }
  return { run_id: runId, image_id: PK.slice(PK.indexOf('#') + 1), receipt_id: receiptId };
}

/** The INSERT message's `entity_data` for one target collection; `delta_s3_prefix` is that collection's prefix. */
export function compactionRunEntityData(record: StreamRecord, collection: ChromaCollection): EntityData {
  const prefix = (name: string): string | null => {
    const value = record.newImage?.[name];
    return typeof value === 'string' ? value : null;
  };
  return {
    ...compactionRunIdentity(record),
    lines_delta_prefix: prefix('lines_delta_prefix'),
    words_delta_prefix: prefix('words_delta_prefix'),
    delta_s3_prefix: prefix(`${collection}_delta_prefix`),
  };
}

/** §8.2: both states COMPLETED, or both `*_finished_at` strings, in the NewImage. */
export function isCompactionRunCompleted(newImage: Item | undefined): boolean {
  if (newImage === undefined) return false;
  const bothCompleted = newImage.lines_state === 'COMPLETED' && newImage.words_state === 'COMPLETED';
  const bothFinished = typeof newImage.lines_finished_at === 'string' && typeof newImage.words_finished_at === 'string';
  return bothCompleted || bothFinished;
}
