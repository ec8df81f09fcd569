import type { Collection } from '../../../ports/vectorStore.js';
import type { CompactionCollection, CompactionMessage } from '../compactionMessage.js';
import type { LabelUpdateResult } from '../results.js';
import type { CompactionPorts, EraOption } from './compactionPorts.js';
import { updateRowLabels } from './rowLabelUpdates.js';
import { updateWordLabels } from './wordLabelUpdates.js';

/**
 * (c) RECEIPT_WORD_LABEL messages (spec §3.7): word records on WORDS, row records on LINES. The seed era
 * updates WORDS only (§8.3).
 */
export async function applyLabelUpdates(
  ports: CompactionPorts,
  snapshot: Collection,
  collectionName: CompactionCollection,
  messages: readonly CompactionMessage[],
  options: EraOption,
): Promise<LabelUpdateResult[]> {
  if (messages.length === 0) return [];
  if (collectionName === 'words') return updateWordLabels(ports, snapshot, messages, options.era);
  if (options.era === 'head') return updateRowLabels(ports, snapshot, messages);
  return [];
}
