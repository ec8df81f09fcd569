import { VectorStoreError } from '../../../ports/errors.js';
import type { VectorRecord } from '../../../ports/vectorStore.js';
import type { CompactionPorts } from './compactionPorts.js';

/**
 * §3.5 step 3: open a downloaded delta read-only and read every record of collection `{collection}` with
 * its document, embedding and metadata. A delta archived while its client was still writing can be damaged:
 * the open or the read then throws, and the caller maps that per era. A delta without the collection raises
 * as Chroma's `get_collection` does.
 */
export async function readDeltaRecords(ports: CompactionPorts, directory: string, collectionName: string): Promise<VectorRecord[]> {
  const delta = await ports.vectorStores.open(ports.fs, directory, { readOnly: true });
  try {
    const collection = await delta.getCollection(collectionName);
    if (collection === undefined) throw new VectorStoreError('NotFoundError', `Collection [${collectionName}] does not exist`);
    const got = await collection.get({ include: ['documents', 'embeddings', 'metadatas'] });
    return got.ids.map((id, i) => ({
      id,
      embedding: got.embeddings?.[i] ?? [],
      document: got.documents?.[i] ?? null,
      metadata: got.metadatas?.[i] ?? null,
    }));
  } finally {
    await delta.close();
  }
}
