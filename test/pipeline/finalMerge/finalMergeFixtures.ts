import { createLambdaTmp } from '../../../src/adapters/memory/fs/memoryFileSystem.js';
import { listFilesRecursive } from '../../../src/ports/fileSystem.js';
import { operationPortsOf } from '../../../src/pipeline/compaction/compactionHandlerConfig.js';
import type { CompactionCollection } from '../../../src/pipeline/compaction/compactionMessage.js';
import { deterministicEmbedding } from '../../../src/pipeline/embedding/deterministicEmbedding.js';
import { wordChromaId } from '../../../src/pipeline/entities/chromaIds.js';
import type { FinalMergePorts } from '../../../src/pipeline/finalMerge/finalMerge.js';
import type { CompactionWorld } from '../compaction/handler/compactionWorld.js';
import { imageIdOf } from '../compaction/handler/runFixtures.js';

/** The final merge's host: the compaction world's services and a `/tmp` of its own. */
export function finalMergePorts(world: CompactionWorld, host = 'final-merge'): FinalMergePorts {
  return { ...operationPortsOf(world.ports, createLambdaTmp(world.sim, host, 1024 * 1024 * 1024)), random: world.ports.random };
}

/**
 * A delta as the embedding step functions write it (§5.1): the raw Chroma directory under
 * `{c}/delta/{c}/receipt_{c}/{uuid}/`, one object per file. Returns the prefix and the ids. Runs in an actor.
 */
export async function rawDelta(world: CompactionWorld, collection: CompactionCollection, n: number, count = 2): Promise<{ prefix: string; ids: string[] }> {
  const imageId = imageIdOf(n);
  const dir = `/tmp/raw-delta-${n}`;
  const store = await world.ports.vectorStores.open(world.clientTmp, dir);
  const records = Array.from({ length: count }, (_, i) => {
    const text = `raw ${n} ${i}`;
    return { id: wordChromaId(imageId, 1, i + 1, 1), embedding: deterministicEmbedding(text), document: text, metadata: { image_id: imageId, receipt_id: 1, text } };
  });
  await (await store.getOrCreateCollection(collection)).upsert(records);
  await store.close();
  const prefix = `${collection}/delta/${collection}/receipt_${collection}/${imageId}/`;
  for (const path of await listFilesRecursive(world.clientTmp, dir)) {
    await world.bucket.putObject({ key: `${prefix}${path}`, body: await world.clientTmp.readFile(`${dir}/${path}`) });
  }
  return { prefix, ids: records.map((r) => r.id) };
}
