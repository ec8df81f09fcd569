import { SqliteVectorStoreProvider } from '../../../../src/adapters/chroma/sqliteVectorStore.js';
import { SimulatedClock } from '../../../../src/adapters/memory/clock.js';
import { MemoryTable } from '../../../../src/adapters/memory/dynamodb/memoryTable.js';
import { type MemoryFileSystem, createEfs, createLambdaTmp } from '../../../../src/adapters/memory/fs/memoryFileSystem.js';
import { SeededRandom } from '../../../../src/adapters/memory/random.js';
import { MemoryObjectStore } from '../../../../src/adapters/memory/s3/memoryObjectStore.js';
import { MemoryQueues } from '../../../../src/adapters/memory/sqs/memoryQueues.js';
import { SimulatedTasks } from '../../../../src/adapters/memory/tasks.js';
import type { ObjectStore } from '../../../../src/ports/objectStore.js';
import type { InvocationContext } from '../../../../src/ports/lambda.js';
import type { QueueConfig, SqsBatch, SqsRecord } from '../../../../src/ports/queue.js';
import type { GetRequest, QueryRequest, Table } from '../../../../src/ports/table.js';
import type { Era } from '../../../../src/pipeline/config/flags.js';
import type { CompactionCollection } from '../../../../src/pipeline/compaction/compactionMessage.js';
import { type CompactionHandler, compactionHandler } from '../../../../src/pipeline/compaction/compactionHandler.js';
import type {
  CompactionEnvironment,
  CompactionFlags,
  CompactionHandlerConfig,
  CompactionHandlerPorts,
} from '../../../../src/pipeline/compaction/compactionHandlerConfig.js';
import type { Simulation } from '../../../../src/sim/simulation.js';
import type { Log, LogLevel, Metrics } from '../../../../src/pipeline/observability.js';

/**
 * The compaction half of the pipeline on the fakes: the table, the bucket, the LINES and WORDS queues
 * (with DLQs), the EFS mount, the Chroma-like store, and a recorder for metrics and logs. Handlers are
 * built per test with `handler(era, flags)`; `context(name)` is a container with its own `/tmp`.
 */
export interface CompactionWorld {
  readonly sim: Simulation;
  readonly table: MemoryTable;
  readonly bucket: MemoryObjectStore;
  readonly queues: MemoryQueues;
  readonly urls: Readonly<Record<CompactionCollection, string>>;
  readonly efs: MemoryFileSystem;
  readonly recorder: Recorder;
  readonly ports: CompactionHandlerPorts;
  /** The `/tmp` of the client host that builds deltas and reads snapshots back. */
  readonly clientTmp: MemoryFileSystem;
  config(era: Era, flags?: Partial<CompactionFlags>, environment?: Partial<CompactionEnvironment>): CompactionHandlerConfig;
  handler(era: Era, flags?: Partial<CompactionFlags>, environment?: Partial<CompactionEnvironment>): CompactionHandler;
  context(containerName: string): InvocationContext;
}

export interface CompactionWorldOptions {
  /** The bucket the ports see, built around the memory bucket (e.g. a ScriptedStore). */
  readonly wrapStore?: (store: MemoryObjectStore) => ObjectStore;
  /**
   * Point reads (GetItem) strongly consistent: for tests whose expectations must not depend on a stale
   * read of the lock row right after it was written (§1.1 allows one within the staleness window).
   */
  readonly consistentReads?: boolean;
  readonly queue?: Partial<QueueConfig>;
  /** The seed era's FIFO queues (§8.2): content-based dedup, visibility 1200 s, maxReceiveCount 3. */
  readonly fifo?: boolean;
}

export const headFlags: CompactionFlags = {
  lockMode: 'singleHeartbeat',
  pointerPromotion: 'blindPut',
  closeBeforeTar: true,
  efsCache: false,
  postUploadValidation: false,
};

export const seedFlags: CompactionFlags = {
  lockMode: 'twoPhase',
  pointerPromotion: 'blindPut',
  closeBeforeTar: false,
  efsCache: true,
  postUploadValidation: false,
};

/** Metrics and log lines, with their fields. */
export class Recorder implements Metrics {
  readonly counts = new Map<string, number>();
  readonly lines: { readonly level: LogLevel; readonly message: string; readonly fields: Readonly<Record<string, unknown>> }[] = [];
  readonly log: Log = (level, message, fields = {}) => {
    this.lines.push({ level, message, fields });
  };
  count(name: string, value = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + value);
  }
  /** The log lines with this message. */
  named(message: string): Readonly<Record<string, unknown>>[] {
    return this.lines.filter((l) => l.message === message).map((l) => l.fields);
  }
}

const tmpBytes = 10 * 1024 * 1024 * 1024;

export function compactionWorld(sim: Simulation, options: CompactionWorldOptions = {}): CompactionWorld {
  const table = new MemoryTable(sim, { name: 'receipts' });
  const bucket = new MemoryObjectStore(sim, { bucket: 'chromadb-vectors' });
  const queues = new MemoryQueues(sim);
  const urls = {
    lines: createQueueWithDlq(queues, 'lines', options.fifo === true, options.queue),
    words: createQueueWithDlq(queues, 'words', options.fifo === true, options.queue),
  };
  const clock = new SimulatedClock(sim);
  const tasks = new SimulatedTasks(sim);
  const recorder = new Recorder();
  const efs = createEfs(sim, 'efs');
  const ports: CompactionHandlerPorts = {
    table: options.consistentReads === true ? new ConsistentPointReads(table) : table,
    store: options.wrapStore?.(bucket) ?? bucket,
    queue: queues,
    clock,
    random: new SeededRandom(sim.seed),
    tasks,
    vectorStores: new SqliteVectorStoreProvider({ tasks, clock }),
    efs,
    log: recorder.log,
    metrics: recorder,
  };
  const config = (era: Era, flags: Partial<CompactionFlags> = {}, environment: Partial<CompactionEnvironment> = {}): CompactionHandlerConfig => ({
    era,
    flags: { ...(era === 'head' ? headFlags : seedFlags), ...flags },
    environment: {
      CHROMADB_BUCKET: bucket.bucket,
      LINES_QUEUE_URL: urls.lines,
      WORDS_QUEUE_URL: urls.words,
      HEARTBEAT_INTERVAL_SECONDS: '30',
      LOCK_DURATION_MINUTES: '3',
      MAX_HEARTBEAT_FAILURES: '3',
      MAX_MESSAGES_PER_COMPACTION: '1000',
      ...(era === 'seed' ? { CHROMA_ROOT: '/mnt/chroma', CHROMADB_STORAGE_MODE: 'auto' } : {}),
      ...environment,
    },
  });
  return {
    sim,
    table,
    bucket,
    queues,
    urls,
    efs,
    recorder,
    ports,
    clientTmp: createLambdaTmp(sim, 'client', tmpBytes),
    config,
    handler: (era, flags, environment) => compactionHandler(ports, config(era, flags, environment)),
    context: (containerName) => invocationContext(sim, containerName),
  };
}

function createQueueWithDlq(queues: MemoryQueues, name: string, fifo: boolean, overrides: Partial<QueueConfig> = {}): string {
  const base = { fifo, contentBasedDeduplication: fifo, messageRetentionSeconds: 345_600, receiveWaitTimeSeconds: 20, delaySeconds: 0 };
  const suffix = fifo ? '.fifo' : '';
  const dlq = queues.createQueue({ ...base, name: `${name}-dlq${suffix}`, messageRetentionSeconds: 1_209_600, visibilityTimeoutSeconds: 300, receiveWaitTimeSeconds: 0 });
  return queues.createQueue({
    ...base,
    name: `${name}${suffix}`,
    visibilityTimeoutSeconds: fifo ? 1_200 : 900,
    redrive: { deadLetterQueueUrl: dlq, maxReceiveCount: fifo ? 3 : 100 },
    ...overrides,
  });
}

/** A container for direct invocations: its own `/tmp`, a 900 s deadline. */
export function invocationContext(sim: Simulation, containerName: string): InvocationContext {
  const deadlineMs = sim.epochMs + sim.now + 900_000;
  return {
    invocationId: `${containerName}-invocation`,
    functionName: 'compaction',
    container: { id: containerName, moduleState: new Map(), tmp: createLambdaTmp(sim, containerName, tmpBytes) },
    deadlineMs,
    remainingTimeMs: () => deadlineMs - sim.wallClock(),
  };
}

/** Receives up to `max` messages (10 per call) and shapes them as the event source mapping does. */
export async function receiveBatch(world: CompactionWorld, collection: CompactionCollection, max = 10): Promise<SqsBatch> {
  const url = world.urls[collection];
  const records: SqsRecord[] = [];
  while (records.length < max) {
    const received = await world.queues.receiveMessage(url, { maxMessages: Math.min(10, max - records.length) });
    if (received.length === 0) break;
    for (const m of received) {
      records.push({
        messageId: m.messageId,
        receiptHandle: m.receiptHandle,
        body: m.body,
        attributes: m.attributes,
        receiveCount: m.receiveCount,
        sentTimestamp: m.sentTimestamp,
        eventSourceARN: world.queues.queueArn(url),
      });
    }
  }
  return { records };
}

/** The table with strongly consistent GetItem (Query unchanged: GSI reads cannot be consistent). */
class ConsistentPointReads implements Table {
  constructor(private readonly inner: Table) {}
  get name(): string {
    return this.inner.name;
  }
  getItem(request: GetRequest): ReturnType<Table['getItem']> {
    return this.inner.getItem({ ...request, consistentRead: true });
  }
  query(request: QueryRequest): ReturnType<Table['query']> {
    return this.inner.query(request);
  }
  putItem(...args: Parameters<Table['putItem']>): ReturnType<Table['putItem']> {
    return this.inner.putItem(...args);
  }
  updateItem(...args: Parameters<Table['updateItem']>): ReturnType<Table['updateItem']> {
    return this.inner.updateItem(...args);
  }
  deleteItem(...args: Parameters<Table['deleteItem']>): ReturnType<Table['deleteItem']> {
    return this.inner.deleteItem(...args);
  }
  transactWriteItems(...args: Parameters<Table['transactWriteItems']>): ReturnType<Table['transactWriteItems']> {
    return this.inner.transactWriteItems(...args);
  }
  batchWriteItem(...args: Parameters<Table['batchWriteItem']>): ReturnType<Table['batchWriteItem']> {
    return this.inner.batchWriteItem(...args);
  }
}
