import type { Era } from '../config/flags.js';
import type { CompactionCollection, CompactionMessage } from './compactionMessage.js';
import { applyCollectionUpdates } from './operations/collectionUpdates.js';
import type { CompactionPorts } from './operations/compactionPorts.js';
import { applyReconciledUpdates } from './reconcile/reconciledUpdates.js';
import type { CollectionUpdateResults } from './results.js';

export interface LocalApplyOptions {
  readonly workDir: string;
  readonly era: Era;
  /** §3.12: close the client (flush its files) before the directory is archived or copied. */
  readonly closeBeforeTar: boolean;
  /** `chromaReconcile` (ours, head era): the updates are rebuilt from DynamoDB (reconcile/reconciledUpdates.ts). */
  readonly reconcile?: boolean;
}

/**
 * §3.4 step 5 (and §8.3 step 3): open a write-mode Chroma client on the downloaded directory, apply the
 * collection's updates in the order of §3.3, and close the client only when `closeBeforeTar`. Left open,
 * its flusher keeps writing the directory in the background while the caller uploads or copies it (the
 * seed era's client has no close operation at all). The collection is opened with get-or-create, so a
 * snapshot without it (the seed era's empty `latest-direct`) gets it created.
 */
export async function applyUpdatesLocally(
  ports: CompactionPorts,
  collection: CompactionCollection,
  messages: readonly CompactionMessage[],
  options: LocalApplyOptions,
): Promise<CollectionUpdateResults> {
  const client = await ports.vectorStores.open(ports.fs, options.workDir);
  const snapshot = await client.getOrCreateCollection(collection);
  const results =
    options.reconcile === true && options.era === 'head'
      ? await applyReconciledUpdates(ports, snapshot, collection, messages, options.workDir)
      : await applyCollectionUpdates(ports, snapshot, collection, [...messages], { workDir: options.workDir, era: options.era });
  if (options.closeBeforeTar) await client.close();
  return results;
}
