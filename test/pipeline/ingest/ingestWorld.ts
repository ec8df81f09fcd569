import { SqliteVectorStoreProvider } from '../../../src/adapters/chroma/sqliteVectorStore.js';
import { SimulatedClock } from '../../../src/adapters/memory/clock.js';
import { MemoryStream } from '../../../src/adapters/memory/dynamodb/memoryStream.js';
import { MemoryTable } from '../../../src/adapters/memory/dynamodb/memoryTable.js';
import { type MemoryFileSystem, createLambdaTmp } from '../../../src/adapters/memory/fs/memoryFileSystem.js';
import { SeededRandom } from '../../../src/adapters/memory/random.js';
import { MemoryObjectStore } from '../../../src/adapters/memory/s3/memoryObjectStore.js';
import { MemoryQueues } from '../../../src/adapters/memory/sqs/memoryQueues.js';
import { SimulatedTasks } from '../../../src/adapters/memory/tasks.js';
import type { InvocationContext } from '../../../src/ports/lambda.js';
import type { StreamEventName } from '../../../src/ports/stream.js';
import type { Item } from '../../../src/ports/values.js';
import type { Metadata } from '../../../src/ports/vectorStore.js';
import { readTarGz } from '../../../src/pipeline/archive/tarGz.js';
import { writeEntries } from '../../../src/pipeline/archive/directoryArchive.js';
import { type Draw } from '../../../src/pipeline/ingest/draw.js';
import { generateOcrReceipt } from '../../../src/pipeline/ingest/generateOcrReceipt.js';
import type { UploadReceiptPorts } from '../../../src/pipeline/ingest/ingestPorts.js';
import { DeterministicMerchantResolver } from '../../../src/pipeline/ingest/merchantResolution.js';
import type { OcrReceipt } from '../../../src/pipeline/ingest/ocrReceipt.js';
import { DeterministicLlm, type LlmRates } from '../../../src/pipeline/validation/deterministicLlm.js';
import type { Simulation } from '../../../src/sim/simulation.js';
import { Recorder } from '../stream/fixtures.js';

/**
 * The upload Lambda's surroundings on the fakes: the table with its stream (every change recorded), the
 * vectors bucket, an LLM validation queue, a container `/tmp`, the SQLite-backed Chroma provider, and the
 * two stand-ins drawing from the simulation's `service` choices.
 */
export interface StreamChange {
  readonly t: number;
  readonly event: StreamEventName;
  readonly sk: string;
  readonly oldImage?: Item;
  readonly newImage?: Item;
}

export interface IngestWorld {
  readonly sim: Simulation;
  readonly table: MemoryTable;
  readonly store: MemoryObjectStore;
  readonly queues: MemoryQueues;
  readonly llmQueueUrl: string;
  readonly tmp: MemoryFileSystem;
  readonly provider: SqliteVectorStoreProvider;
  readonly llm: DeterministicLlm;
  readonly recorder: Recorder;
  readonly changes: StreamChange[];
  readonly ports: UploadReceiptPorts;
  readonly context: InvocationContext;
}

export interface IngestWorldOptions {
  readonly llmRates?: Partial<LlmRates>;
  readonly llmLatencyMs?: { readonly analyze?: number; readonly validate?: number };
  readonly merchantFailureRate?: number;
  readonly withQueue?: boolean;
}

export function ingestWorld(sim: Simulation, options: IngestWorldOptions = {}): IngestWorld {
  const stream = new MemoryStream(sim);
  const table = new MemoryTable(sim, { name: 'receipts', streams: stream });
  const changes: StreamChange[] = [];
  stream.subscribe(({ record, appendedAt }) =>
    changes.push({ t: appendedAt, event: record.eventName, sk: record.keys.SK, oldImage: record.oldImage, newImage: record.newImage }),
  );
  const store = new MemoryObjectStore(sim, { bucket: 'chromadb-vectors' });
  const queues = new MemoryQueues(sim);
  const llmQueueUrl = queues.createQueue({
    name: 'receipts-llm-validation-queue',
    fifo: false,
    contentBasedDeduplication: false,
    visibilityTimeoutSeconds: 960,
    messageRetentionSeconds: 345_600,
    receiveWaitTimeSeconds: 20,
    delaySeconds: 0,
  });
  const clock = new SimulatedClock(sim);
  const tasks = new SimulatedTasks(sim);
  const tmp = createLambdaTmp(sim, 'upload-ocr/container-1', 2048 * 1024 * 1024);
  const provider = new SqliteVectorStoreProvider({ tasks, clock });
  const draw: Draw = (arity) => sim.choices.draw('service', arity);
  const llm = new DeterministicLlm({ draw, rates: options.llmRates, clock, latencyMs: options.llmLatencyMs });
  const recorder = new Recorder();
  const ports: UploadReceiptPorts = {
    table,
    store,
    clock,
    random: new SeededRandom(sim.seed),
    tasks,
    vectorStores: provider,
    merchants: new DeterministicMerchantResolver({ draw, failureRate: options.merchantFailureRate ?? 0 }),
    llm,
    ...(options.withQueue === false ? {} : { queue: queues }),
    metrics: recorder,
    log: recorder.log,
  };
  const context: InvocationContext = {
    invocationId: 'invocation-1',
    functionName: 'upload-ocr',
    container: { id: 'upload-ocr/container-1', moduleState: new Map(), tmp },
    deadlineMs: sim.epochMs + 600_000,
    remainingTimeMs: () => sim.epochMs + 600_000 - sim.wallClock(),
  };
  return { sim, table, store, queues, llmQueueUrl, tmp, provider, llm, recorder, changes, ports, context };
}

export const imageId = '3f52804b-2fad-4e00-92c8-b593da3a8ed3';

/** A draw from a fixed list of values (modulo the arity), then 0: like a fast-check choice array. */
export function listDraw(values: readonly number[]): Draw {
  let next = 0;
  return (arity) => (next < values.length ? values[next++]! % arity : 0);
}

/** A small xorshift stream: reproducible pseudo-random draws for picking example receipts. */
export function seededDraw(seed: number): Draw {
  let state = seed >>> 0 || 1;
  return (arity) => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state % arity;
  };
}

/** The first generated receipt (seeds 1, 2, …) that satisfies `wanted`. */
export function receiptWhere(wanted: (receipt: OcrReceipt) => boolean, receiptId = 1): OcrReceipt {
  for (let seed = 1; seed < 10_000; seed++) {
    const receipt = generateOcrReceipt(seededDraw(seed), { imageId, receiptId });
    if (wanted(receipt)) return receipt;
  }
  throw new Error('no generated receipt has the wanted shape');
}

export const nonNoiseLines = (receipt: OcrReceipt) => receipt.lines.filter((l) => !l.is_noise);
export const nonNoiseWords = (receipt: OcrReceipt) => receipt.lines.flatMap((l) => l.words.filter((w) => !w.is_noise).map((w) => ({ ...w, line_id: l.line_id })));

/** The records of a delta tarball in the bucket, read back through a fresh folder (inside the simulation). */
export async function deltaRecords(world: IngestWorld, key: string, collection: string): Promise<{ id: string; metadata: Metadata; document: string | null }[]> {
  const object = world.store.peek(key);
  if (object === undefined) throw new Error(`no delta at ${key}`);
  const folder = `/tmp/check-${key.replaceAll('/', '_')}`;
  await writeEntries(world.tmp, folder, readTarGz(object.body));
  const client = await world.provider.open(world.tmp, folder, { readOnly: true });
  const result = await (await client.getCollection(collection))!.get({ include: ['metadatas', 'documents'] });
  await client.close();
  return result.ids.map((id, i) => ({ id, metadata: result.metadatas![i]!, document: result.documents![i]! }));
}

/** Items of the table by TYPE. */
export const itemsOfType = (world: IngestWorld, type: string): Item[] => world.table.currentItems().filter((item) => item.TYPE === type);

/** Index of the first successful trace step with op `op` touching an entity that contains `fragment`. */
export function firstStep(sim: Simulation, op: string, fragment: string): number {
  return sim.trace.steps.findIndex((s) => s.op === op && s.outcome === 'ok' && s.entities.some((e) => e.includes(fragment)));
}
