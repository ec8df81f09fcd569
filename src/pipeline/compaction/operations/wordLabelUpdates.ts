import type { Collection, Metadata } from '../../../ports/vectorStore.js';
import type { Era } from '../../config/flags.js';
import { wordChromaId } from '../../entities/chromaIds.js';
import { errorText } from '../../snapshot/errorText.js';
import type { CompactionMessage } from '../compactionMessage.js';
import type { LabelUpdateResult } from '../results.js';
import { copyMetadata, omitKeys } from './chromaRecords.js';
import type { CompactionPorts } from './compactionPorts.js';
import { listLabelsForWord } from './dynamoReads.js';
import { reconstructLabelMetadata, removedLabelKeys } from './labelMetadata.js';
import { type WordRef, wordOf } from './messageFields.js';

/**
 * (c) Label updates on the WORDS collection (spec §3.7 first half, §8.3 labels bullet), one word per
 * message. REMOVE → `remove_word_labels` (no DynamoDB read); INSERT/MODIFY → `update_word_labels`, which
 * rebuilds the label keys from all the word's labels in DynamoDB. A word without a Chroma record counts 0
 * (no error). An exception is the result's error, which fails the image's label messages (§3.10).
 */
export async function updateWordLabels(
  ports: CompactionPorts,
  snapshot: Collection,
  messages: readonly CompactionMessage[],
  era: Era,
): Promise<LabelUpdateResult[]> {
  const results: LabelUpdateResult[] = [];
  for (const message of messages) {
    const word = wordOf(message);
    const chromaId = wordChromaId(word.image_id, word.receipt_id, word.line_id, word.word_id);
    try {
      const updated =
        message.event_name === 'REMOVE' ? await removeWordLabels(ports, snapshot, chromaId, era) : await rebuildWordLabels(ports, snapshot, chromaId, word, era);
      results.push({ chroma_id: chromaId, updated, error: null });
    } catch (error) {
      ports.log('error', 'Label update failed', { chroma_id: chromaId, error: errorText(error) });
      results.push({ chroma_id: chromaId, updated: 0, error: errorText(error) });
    }
  }
  return results;
}

/**
 * Head: the label keys present, and every other non-null `label_*` key, set to null. Seed: the same keys
 * dropped from the outgoing object (so under Chroma's merging update their stored values stay). Both add
 * `labels_removed_at`.
 */
async function removeWordLabels(ports: CompactionPorts, snapshot: Collection, chromaId: string, era: Era): Promise<number> {
  const existing = await existingMetadata(snapshot, chromaId);
  if (existing === undefined) return 0;
  const metadata = copyMetadata(existing);
  const named = new Set(removedLabelKeys(era));
  const cleared = new Set(Object.entries(metadata).flatMap(([key, value]) => (named.has(key) || (key.startsWith('label_') && value !== null) ? [key] : [])));
  if (era === 'head') for (const key of cleared) metadata[key] = null;
  const outgoing = era === 'head' ? metadata : omitKeys(metadata, cleared);
  outgoing.labels_removed_at = ports.clock.nowIso();
  await snapshot.update({ ids: [chromaId], metadatas: [outgoing] });
  return 1;
}

async function rebuildWordLabels(ports: CompactionPorts, snapshot: Collection, chromaId: string, word: WordRef, era: Era): Promise<number> {
  const existing = await existingMetadata(snapshot, chromaId);
  if (existing === undefined) return 0;
  const labels = await listLabelsForWord(ports.table, word);
  const metadata = { ...copyMetadata(existing), ...reconstructLabelMetadata(labels, era), last_label_update: ports.clock.nowIso() };
  await snapshot.update({ ids: [chromaId], metadatas: [metadata] });
  return 1;
}

/** The record's metadata, or undefined when the record does not exist. */
async function existingMetadata(snapshot: Collection, chromaId: string): Promise<Metadata | null | undefined> {
  const got = await snapshot.get({ ids: [chromaId], include: ['metadatas'] });
  return got.ids.length === 0 ? undefined : (got.metadatas?.[0] ?? null);
}
