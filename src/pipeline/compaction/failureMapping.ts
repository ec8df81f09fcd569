import type { AttributeValue } from '../../ports/values.js';
import type { CompactionMessage } from './compactionMessage.js';
import type { CollectionUpdateResults } from './results.js';

/**
 * §3.10: which messages of a collection the errors of its update results fail (head era). Lock, download,
 * upload and unexpected failures fail every message of the collection; they are handled by the caller.
 * - a failed delta merge → its own `record_id`;
 * - a place or section result with an error → every message whose `entity_data` `(image_id, receipt_id)`
 *   matches;
 * - a label result with an error → every message that has a `word_id` and whose `IMAGE#{image_id}` is a
 *   prefix of the failing Chroma id (so, in effect, all label messages of that image);
 * - deletion errors fail nothing (those messages are acknowledged).
 * Ids come back once each, in the order of first failure.
 */
export function failedRecordIds(results: CollectionUpdateResults, messages: readonly CompactionMessage[]): string[] {
  const failed = new Set<string>();
  for (const merge of results.deltaMerges) if (merge.error !== null) failed.add(merge.record_id);
  for (const result of [...results.placeUpdates, ...results.sectionUpdates]) {
    if (result.error === null) continue;
    for (const m of messages) {
      if (sameId(m.entity_data.image_id, result.image_id) && sameId(m.entity_data.receipt_id, result.receipt_id)) failed.add(m.context.record_id);
    }
  }
  for (const result of results.labelUpdates) {
    if (result.error === null) continue;
    for (const m of messages) {
      const wordId = m.entity_data.word_id;
      if (wordId === undefined || wordId === null) continue;
      if (result.chroma_id.startsWith(`IMAGE#${String(m.entity_data.image_id)}`)) failed.add(m.context.record_id);
    }
  }
  return [...failed];
}

/** Python compares the values as they came out of JSON; ids are strings or integers there. */
function sameId(value: AttributeValue | undefined, expected: string | number): boolean {
  return value !== undefined && value !== null && String(value) === String(expected);
}

/** Every record id of a collection's messages (a collection-level failure). */
export function allRecordIds(messages: readonly CompactionMessage[]): string[] {
  return [...new Set(messages.map((m) => m.context.record_id))];
}
