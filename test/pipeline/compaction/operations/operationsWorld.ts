import { SqliteVectorStoreProvider } from '../../../../src/adapters/chroma/sqliteVectorStore.js';
import { SimulatedClock } from '../../../../src/adapters/memory/clock.js';
import { MemoryTable } from '../../../../src/adapters/memory/dynamodb/memoryTable.js';
import { type MemoryFileSystem, createLambdaTmp } from '../../../../src/adapters/memory/fs/memoryFileSystem.js';
import { MemoryObjectStore } from '../../../../src/adapters/memory/s3/memoryObjectStore.js';
import { SimulatedTasks } from '../../../../src/adapters/memory/tasks.js';
import type { Table } from '../../../../src/ports/table.js';
import type { Item } from '../../../../src/ports/values.js';
import type { Collection, VectorRecord } from '../../../../src/ports/vectorStore.js';
import { readDirectory } from '../../../../src/pipeline/archive/directoryArchive.js';
import { type ArchiveEntry, buildTarGz } from '../../../../src/pipeline/archive/tarGz.js';
import type { CompactionCollection, CompactionMessage, FieldChangeValue } from '../../../../src/pipeline/compaction/compactionMessage.js';
import type { CompactionPorts } from '../../../../src/pipeline/compaction/operations/compactionPorts.js';
import { deltaKey, deltaPrefix } from '../../../../src/pipeline/delta/deltaLocation.js';
import { deterministicEmbedding } from '../../../../src/pipeline/embedding/deterministicEmbedding.js';
import type { LogLevel } from '../../../../src/pipeline/observability.js';
import type { StreamEventName } from '../../../../src/ports/stream.js';
import type { Simulation } from '../../../../src/sim/simulation.js';

/**
 * The ports of one compaction host on the fakes: the table, the bucket, the host's `/tmp`, the SQLite
 * Chroma store, and recorded logs. `table` can be wrapped to make chosen requests fail.
 */
export interface LogLine {
  readonly level: LogLevel;
  readonly message: string;
}

export interface OperationsWorld {
  readonly sim: Simulation;
  readonly table: MemoryTable;
  readonly store: MemoryObjectStore;
  readonly tmp: MemoryFileSystem;
  readonly ports: CompactionPorts;
  readonly logs: LogLine[];
  /** Opens (or creates) the snapshot store at `/tmp/snapshot` and its collection. */
  snapshot(collection: CompactionCollection): Promise<Collection>;
  /** Puts items and lets the eventual-consistency window (1 s) pass. */
  seed(items: readonly Item[]): Promise<void>;
}

export interface WorldOptions {
  readonly bucket?: string;
  readonly wrapTable?: (table: Table) => Table;
}

export function operationsWorld(sim: Simulation, options: WorldOptions = {}): OperationsWorld {
  const table = new MemoryTable(sim, { name: 'receipts' });
  const store = new MemoryObjectStore(sim, { bucket: options.bucket ?? 'chroma' });
  const tmp = createLambdaTmp(sim, 'compactor', 1024 * 1024 * 1024);
  const clock = new SimulatedClock(sim);
  const tasks = new SimulatedTasks(sim);
  const vectorStores = new SqliteVectorStoreProvider({ tasks, clock });
  const logs: LogLine[] = [];
  const ports: CompactionPorts = {
    table: options.wrapTable?.(table) ?? table,
    store,
    fs: tmp,
    clock,
    vectorStores,
    tasks,
    log: (level, message) => logs.push({ level, message }),
    metrics: { count: () => undefined },
  };
  return {
    sim,
    table,
    store,
    tmp,
    ports,
    logs,
    async snapshot(collection) {
      const chroma = await vectorStores.open(tmp, '/tmp/snapshot');
      return chroma.getOrCreateCollection(collection);
    },
    async seed(items) {
      for (const item of items) await table.putItem({ item });
      await clock.sleep(1_500);
    },
  };
}

/** A table whose queries fail when `failQuery` says so (others pass through). */
export function failingQueries(inner: Table, failQuery: (request: Parameters<Table['query']>[0]) => Error | undefined): Table {
  return {
    name: inner.name,
    putItem: (r) => inner.putItem(r),
    getItem: (r) => inner.getItem(r),
    updateItem: (r) => inner.updateItem(r),
    deleteItem: (r) => inner.deleteItem(r),
    query: (r) => {
      const error = failQuery(r);
      return error === undefined ? inner.query(r) : Promise.reject(error);
    },
    transactWriteItems: (a) => inner.transactWriteItems(a),
    batchWriteItem: (r) => inner.batchWriteItem(r),
  };
}

export interface MessageInput {
  readonly entity_type: string;
  readonly entity_data: Readonly<Record<string, Item[string]>>;
  readonly event_name?: StreamEventName;
  readonly changes?: Readonly<Record<string, FieldChangeValue>>;
  readonly collection?: CompactionCollection;
  readonly record_id?: string;
  readonly timestamp?: string;
}

let messageCount = 0;

export function message(input: MessageInput): CompactionMessage {
  messageCount++;
  return {
    source: 'dynamodb_stream',
    entity_type: input.entity_type,
    entity_data: input.entity_data,
    changes: input.changes ?? {},
    event_name: input.event_name ?? 'MODIFY',
    collection: input.collection ?? 'words',
    context: { record_id: input.record_id ?? `msg-${messageCount}`, receipt_handle: `handle-${messageCount}`, timestamp: input.timestamp ?? '2025-11-14T12:00:00.000Z' },
  };
}

export function runMessage(runId: string, imageId: string, receiptId: number, collection: CompactionCollection, prefix: string | null = deltaPrefix(collection, runId)): CompactionMessage {
  return message({
    entity_type: 'COMPACTION_RUN',
    entity_data: { run_id: runId, image_id: imageId, receipt_id: receiptId, delta_s3_prefix: prefix },
    event_name: 'INSERT',
    collection,
    record_id: `run-msg-${runId}`,
  });
}

export function vector(id: string, metadata: VectorRecord['metadata'] = { text: id }, version = 0): VectorRecord {
  return { id, embedding: deterministicEmbedding(`${id}/${version}`), document: `doc ${id}`, metadata };
}

/** Writes `records` into a fresh Chroma store through the port, closes it and returns its files. */
export async function deltaFiles(world: OperationsWorld, collection: CompactionCollection, records: readonly VectorRecord[], dir: string): Promise<ArchiveEntry[]> {
  const chroma = await world.ports.vectorStores.open(world.tmp, dir);
  const target = await chroma.getOrCreateCollection(collection);
  if (records.length > 0) await target.upsert(records);
  await chroma.close();
  return readDirectory(world.tmp, dir);
}

/** Uploads a delta of `records` for a run at `{c}/delta/{run_id}/delta.tar.gz`; `keep` filters the archived files. */
export async function uploadDeltaOf(
  world: OperationsWorld,
  collection: CompactionCollection,
  runId: string,
  records: readonly VectorRecord[],
  keep: (path: string) => boolean = () => true,
): Promise<void> {
  const files = await deltaFiles(world, collection, records, `/tmp/build-${runId}`);
  await world.store.putObject({ key: deltaKey(collection, runId), body: buildTarGz(files.filter((f) => keep(f.path)), world.sim.epochMs) });
}

/** Every record of a collection: id → metadata. */
export async function metadataById(collection: Collection): Promise<Record<string, unknown>> {
  const got = await collection.get({ include: ['metadatas'] });
  return Object.fromEntries(got.ids.map((id, i) => [id, got.metadatas?.[i]]));
}

/** A collection that records the calls made on it and can hide ids from `get` or fail chosen calls. */
export class ScriptedCollection implements Collection {
  readonly calls: { op: string; ids: readonly string[] }[] = [];

  constructor(
    private readonly inner: Collection,
    private readonly script: {
      readonly hide?: (ids: readonly string[], getCall: number) => ReadonlySet<string>;
      readonly fail?: (op: string) => Error | undefined;
    } = {},
  ) {}

  get name(): string {
    return this.inner.name;
  }

  private record(op: string, ids: readonly string[] = []): void {
    this.calls.push({ op, ids });
    const error = this.script.fail?.(op);
    if (error !== undefined) throw error;
  }

  count(): Promise<number> {
    return this.inner.count();
  }

  async upsert(records: readonly VectorRecord[]): Promise<void> {
    this.record('upsert', records.map((r) => r.id));
    await this.inner.upsert(records);
  }

  async update(request: Parameters<Collection['update']>[0]): Promise<void> {
    this.record('update', request.ids);
    await this.inner.update(request);
  }

  async get(request: Parameters<Collection['get']>[0]): ReturnType<Collection['get']> {
    this.record('get', request.ids);
    const result = await this.inner.get(request);
    const hidden = this.script.hide?.(request.ids ?? [], this.calls.filter((c) => c.op === 'get').length) ?? new Set<string>();
    const keep = result.ids.map((id) => !hidden.has(id));
    return { ...result, ids: result.ids.filter((_, i) => keep[i]), metadatas: result.metadatas?.filter((_, i) => keep[i]) };
  }

  async delete(request: Parameters<Collection['delete']>[0]): Promise<void> {
    this.record('delete', request.ids);
    await this.inner.delete(request);
  }
}
