import type { SendEntry } from '../../../../src/ports/queue.js';
import type { VectorRecord } from '../../../../src/ports/vectorStore.js';
import { type FileSystem, listFilesRecursive } from '../../../../src/ports/fileSystem.js';
import type { CompactionCollection } from '../../../../src/pipeline/compaction/compactionMessage.js';
import { uploadDelta } from '../../../../src/pipeline/delta/uploadDelta.js';
import { deltaPrefix } from '../../../../src/pipeline/delta/deltaLocation.js';
import { deterministicEmbedding } from '../../../../src/pipeline/embedding/deterministicEmbedding.js';
import { lineChromaId, wordChromaId } from '../../../../src/pipeline/entities/chromaIds.js';
import { type CompactionRun, compactionRunFromItem, compactionRunKey, compactionRunToItem, createCompactionRun } from '../../../../src/pipeline/entities/compactionRun.js';
import { fetchVersion } from '../../../../src/pipeline/snapshot/fetchVersion.js';
import { readPointer } from '../../../../src/pipeline/snapshot/pointer.js';
import { messageAttributes, messageBody } from '../../../../src/pipeline/stream/streamMessage.js';
import { attributeNotExists } from '../../../../src/ports/expressions.js';
import { createLambdaTmp } from '../../../../src/adapters/memory/fs/memoryFileSystem.js';
import type { CompactionWorld } from './compactionWorld.js';

/** One receipt's ingest output: a CompactionRun row and one delta per collection in S3 (§6.1). */
export interface IngestedRun {
  readonly runId: string;
  readonly imageId: string;
  readonly receiptId: number;
  /** The Chroma ids each delta holds. */
  readonly ids: Readonly<Record<CompactionCollection, readonly string[]>>;
}

/** UUIDs built from a number, so runs and images are easy to tell apart in failures. */
export const runIdOf = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const imageIdOf = (n: number): string => `11111111-1111-4111-8111-${String(n).padStart(12, '0')}`;

function deltaRecords(collection: CompactionCollection, imageId: string, receiptId: number, count: number): VectorRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const lineId = i + 1;
    const id = collection === 'words' ? wordChromaId(imageId, receiptId, lineId, 1) : lineChromaId(imageId, receiptId, lineId);
    const text = `${collection} ${imageId} ${receiptId} ${lineId}`;
    return {
      id,
      embedding: deterministicEmbedding(text),
      document: text,
      metadata: { image_id: imageId, receipt_id: receiptId, line_id: lineId, text, merchant_name: '' },
    };
  });
}

/**
 * Builds the delta of each collection with the store on the client host, closes it, uploads it to
 * `{c}/delta/{run_id}/delta.tar.gz`, then creates the PENDING/PENDING CompactionRun. Must run in an actor.
 */
export async function ingestRun(world: CompactionWorld, n: number, vectorsPerCollection = 3): Promise<IngestedRun> {
  const runId = runIdOf(n);
  const imageId = imageIdOf(n);
  const receiptId = 1;
  const ids: Record<CompactionCollection, string[]> = { lines: [], words: [] };
  for (const collection of ['lines', 'words'] as const) {
    const localDir = `/tmp/${collection}_${runId}`;
    const store = await world.ports.vectorStores.open(world.clientTmp, localDir);
    const records = deltaRecords(collection, imageId, receiptId, vectorsPerCollection);
    await (await store.getOrCreateCollection(collection)).upsert(records);
    await store.close();
    await uploadDelta({ store: world.bucket, fs: world.clientTmp, clock: world.ports.clock }, { localDir, collection, runId, checkStatus: true });
    ids[collection] = records.map((r) => r.id);
  }
  const run = createCompactionRun({
    run_id: runId,
    image_id: imageId,
    receipt_id: receiptId,
    lines_delta_prefix: deltaPrefix('lines', runId),
    words_delta_prefix: deltaPrefix('words', runId),
    created_at: world.ports.clock.nowIso(),
  });
  await world.table.putItem({ item: compactionRunToItem(run), condition: attributeNotExists('PK') });
  return { runId, imageId, receiptId, ids };
}

/** The INSERT message the stream processor sends for a run, to one collection (§2.6, §2.7). */
export function runMessage(run: IngestedRun, collection: CompactionCollection, timestamp = '2025-11-14T12:00:00.000000+00:00'): SendEntry {
  const message = {
    entity_type: 'COMPACTION_RUN',
    entity_data: {
      run_id: run.runId,
      image_id: run.imageId,
      receipt_id: run.receiptId,
      lines_delta_prefix: deltaPrefix('lines', run.runId),
      words_delta_prefix: deltaPrefix('words', run.runId),
      delta_s3_prefix: deltaPrefix(collection, run.runId),
    },
    changes: {},
    event_name: 'INSERT',
    timestamp,
    stream_record_id: `stream-${run.runId}`,
    aws_region: 'us-east-1',
    collections: [collection],
  } as const;
  return { id: run.runId, body: messageBody(message), attributes: messageAttributes(message, collection) };
}

/** §8.2: `COMPACTION_RUN:{image_id}:{collection}` for every message type (`unknown` without an image id). */
function seedGroupId(body: string, collection: CompactionCollection): string {
  const parsed = JSON.parse(body) as { entity_data?: { image_id?: unknown } };
  const image = parsed.entity_data?.image_id;
  return `COMPACTION_RUN:${typeof image === 'string' ? image : 'unknown'}:${collection}`;
}

/** Sends entries to a collection's queue (with the seed era's group id on FIFO queues), 10 per request, and returns the messageIds in order. */
export async function send(world: CompactionWorld, collection: CompactionCollection, entries: readonly SendEntry[]): Promise<string[]> {
  const ids: string[] = [];
  const url = world.urls[collection];
  const fifo = world.queues.configOf(url).fifo;
  for (let start = 0; start < entries.length; start += 10) {
    const chunk = entries.slice(start, start + 10).map((e, i) => ({ ...e, id: String(i), ...(fifo ? { messageGroupId: seedGroupId(e.body, collection) } : {}) }));
    const result = await world.queues.sendMessageBatch(url, chunk);
    if (result.failed.length > 0) throw new Error(`send failed: ${JSON.stringify(result.failed)}`);
    for (const ok of [...result.successful].sort((a, b) => Number(a.id) - Number(b.id))) ids.push(ok.messageId);
  }
  return ids;
}

export async function readRun(world: CompactionWorld, run: IngestedRun): Promise<CompactionRun> {
  const item = await world.table.getItem({ key: compactionRunKey(run.imageId, run.receiptId, run.runId), consistentRead: true });
  if (item === undefined) throw new Error(`run ${run.runId} not found`);
  return compactionRunFromItem(item);
}

let scratch = 0;

/**
 * The ids in the snapshot the pointer names now, read on a scratch host (tarball or directory layout);
 * undefined without a pointer. Must run in an actor.
 */
export async function snapshotIds(world: CompactionWorld, collection: CompactionCollection): Promise<string[] | undefined> {
  const pointer = await readPointer(world.bucket, collection);
  if (pointer === undefined) return undefined;
  const fs = createLambdaTmp(world.sim, `reader-${++scratch}`, 1024 * 1024 * 1024);
  const dir = `/tmp/snapshot-${collection}`;
  await fetchVersion({ ...world.ports, store: world.bucket, fs }, collection, pointer.versionId, dir, true);
  const store = await world.ports.vectorStores.open(fs, dir, { readOnly: true });
  try {
    const opened = await store.getCollection(collection);
    return opened === undefined ? [] : [...(await opened.get({ include: [] })).ids].sort();
  } finally {
    await store.close();
  }
}

/** Paths under a directory of a memory file system (empty when it is missing). */
export async function filesUnder(fs: FileSystem, dir: string): Promise<string[]> {
  return (await fs.stat(dir)) === undefined ? [] : listFilesRecursive(fs, dir);
}

/** A RECEIPT_WORD MODIFY message: parsed, then ignored by every update step (§3.3). */
export function ignoredMessage(n: number, collection: CompactionCollection): SendEntry {
  const message = {
    entity_type: 'RECEIPT_WORD',
    entity_data: { entity_type: 'RECEIPT_WORD', image_id: imageIdOf(n), receipt_id: 1, line_id: 1, word_id: n },
    changes: {},
    event_name: 'MODIFY',
    timestamp: '2025-11-14T12:00:00.000000+00:00',
    stream_record_id: `stream-word-${n}`,
    aws_region: 'us-east-1',
    collections: [collection],
  } as const;
  return { id: String(n), body: messageBody(message), attributes: messageAttributes(message, collection) };
}
