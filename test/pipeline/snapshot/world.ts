import { SimulatedClock } from '../../../src/adapters/memory/clock.js';
import { MemoryFileSystem, createLambdaTmp } from '../../../src/adapters/memory/fs/memoryFileSystem.js';
import { SeededRandom } from '../../../src/adapters/memory/random.js';
import { MemoryObjectStore } from '../../../src/adapters/memory/s3/memoryObjectStore.js';
import { SimulatedTasks } from '../../../src/adapters/memory/tasks.js';
import type { ObjectStore } from '../../../src/ports/objectStore.js';
import type { VectorStoreProvider } from '../../../src/ports/vectorStore.js';
import { writeEntries } from '../../../src/pipeline/archive/directoryArchive.js';
import type { ArchiveEntry } from '../../../src/pipeline/archive/tarGz.js';
import type { EmptySnapshotUploadSettings } from '../../../src/pipeline/snapshot/emptySnapshot.js';
import type { SnapshotPorts } from '../../../src/pipeline/snapshot/snapshotPorts.js';
import type { UploadSnapshotOptions } from '../../../src/pipeline/snapshot/uploadSnapshotAtomic.js';
import type { Simulation } from '../../../src/sim/simulation.js';

/** A bucket and a host's `/tmp`, with the ports the snapshot protocols run on. */
export interface SnapshotWorld {
  readonly sim: Simulation;
  readonly store: MemoryObjectStore;
  readonly tmp: MemoryFileSystem;
  readonly ports: SnapshotPorts;
  /** Ports of another host: its own `/tmp`, the same bucket. */
  host(name: string): SnapshotPorts & { readonly fs: MemoryFileSystem };
}

/** For tests whose protocol paths never open a Chroma directory. */
export const noVectorStores: VectorStoreProvider = {
  open: () => Promise.reject(new Error('this test opens no vector store')),
};

export interface SnapshotWorldOptions {
  readonly vectorStores?: VectorStoreProvider;
  /** The bucket the ports see, built around the memory bucket (e.g. a ScriptedStore). */
  readonly wrapStore?: (store: MemoryObjectStore) => ObjectStore;
}

export function snapshotWorld(sim: Simulation, options: SnapshotWorldOptions = {}): SnapshotWorld {
  const memoryStore = new MemoryObjectStore(sim, { bucket: 'chroma' });
  const store = options.wrapStore?.(memoryStore) ?? memoryStore;
  const vectorStores = options.vectorStores ?? noVectorStores;
  const clock = new SimulatedClock(sim);
  const random = new SeededRandom(sim.seed);
  const tasks = new SimulatedTasks(sim);
  const host = (name: string): SnapshotPorts & { readonly fs: MemoryFileSystem } => ({
    store,
    fs: createLambdaTmp(sim, name, 512 * 1024 * 1024),
    clock,
    random,
    tasks,
    vectorStores,
  });
  const ports = host('tmp');
  return { sim, store: memoryStore, tmp: ports.fs, ports, host };
}

export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
export const text = (data: Uint8Array | undefined): string | undefined => (data === undefined ? undefined : new TextDecoder().decode(data));

/** A Chroma-like directory: a database file of a few pages and an index folder. */
export function chromaFiles(tag: string, databasePages = 3): ArchiveEntry[] {
  return [
    { path: 'chroma.sqlite3', data: new Uint8Array(databasePages * 4096).fill(tag.charCodeAt(0)) },
    { path: 'index-0001/data_level0.bin', data: bytes(`vectors of ${tag}`) },
    { path: 'index-0001/header.bin', data: bytes(`header of ${tag}`) },
  ];
}

export async function writeDirectory(ports: SnapshotPorts, dir: string, entries: readonly ArchiveEntry[]): Promise<void> {
  await writeEntries(ports.fs, dir, entries);
}

/** Files of a directory on a memory file system, by relative path, as text. */
export function filesOf(fs: MemoryFileSystem, dir: string): Record<string, string> {
  return Object.fromEntries([...fs.snapshotFiles(dir)].map(([path, data]) => [path, new TextDecoder().decode(data)]));
}

export const headUpload = {
  layout: { kind: 'tarball' },
  versionIdFormat: 'microsecondsUuid',
  postUploadValidation: false,
  pointerPromotion: { mode: 'blindPut' },
} as const satisfies Partial<UploadSnapshotOptions>;

export const seedUpload = {
  layout: { kind: 'directory', hash: 'directoryContent' },
  versionIdFormat: 'seconds',
  postUploadValidation: false,
  pointerPromotion: { mode: 'blindPut' },
} as const satisfies Partial<UploadSnapshotOptions>;

export const headEmptySnapshot: EmptySnapshotUploadSettings = {
  layout: { kind: 'tarball' },
  versionIdFormat: 'microsecondsUuid',
  postUploadValidation: false,
  pointerPromotion: 'blindPut',
};

export type StoreOperation = 'putObject' | 'getObject' | 'headObject' | 'deleteObject' | 'listObjects';

/**
 * A bucket whose requests can be made to fail by the test: `fail(op, key, attempt, phase)` returns the
 * error a request gets before it reaches the bucket (`before`) or after the bucket applied it (`after`);
 * undefined lets it through. Records the requests it sees.
 */
export class ScriptedStore implements ObjectStore {
  readonly requests: { op: StoreOperation; key: string }[] = [];

  constructor(
    private readonly inner: ObjectStore,
    private readonly fail: (op: StoreOperation, key: string, attempt: number, phase: 'before' | 'after') => Error | undefined,
  ) {}

  get bucket(): string {
    return this.inner.bucket;
  }

  private check(op: StoreOperation, key: string): void {
    this.requests.push({ op, key });
    const error = this.fail(op, key, this.attempt(op, key), 'before');
    if (error !== undefined) throw error;
  }

  private attempt(op: StoreOperation, key: string): number {
    return this.requests.filter((r) => r.op === op && r.key === key).length;
  }

  private after<T>(op: StoreOperation, key: string, result: T): T {
    const error = this.fail(op, key, this.attempt(op, key), 'after');
    if (error !== undefined) throw error;
    return result;
  }

  async putObject(request: Parameters<ObjectStore['putObject']>[0]): ReturnType<ObjectStore['putObject']> {
    this.check('putObject', request.key);
    return this.after('putObject', request.key, await this.inner.putObject(request));
  }

  async getObject(key: string): ReturnType<ObjectStore['getObject']> {
    this.check('getObject', key);
    return this.inner.getObject(key);
  }

  async headObject(key: string): ReturnType<ObjectStore['headObject']> {
    this.check('headObject', key);
    return this.inner.headObject(key);
  }

  async deleteObject(key: string): Promise<void> {
    this.check('deleteObject', key);
    await this.inner.deleteObject(key);
    this.after('deleteObject', key, undefined);
  }

  async listObjects(request: Parameters<ObjectStore['listObjects']>[0]): ReturnType<ObjectStore['listObjects']> {
    this.check('listObjects', request.prefix);
    return this.inner.listObjects(request);
  }

  createMultipartUpload(...args: Parameters<ObjectStore['createMultipartUpload']>): ReturnType<ObjectStore['createMultipartUpload']> {
    return this.inner.createMultipartUpload(...args);
  }

  uploadPart(...args: Parameters<ObjectStore['uploadPart']>): ReturnType<ObjectStore['uploadPart']> {
    return this.inner.uploadPart(...args);
  }

  completeMultipartUpload(...args: Parameters<ObjectStore['completeMultipartUpload']>): ReturnType<ObjectStore['completeMultipartUpload']> {
    return this.inner.completeMultipartUpload(...args);
  }

  abortMultipartUpload(...args: Parameters<ObjectStore['abortMultipartUpload']>): ReturnType<ObjectStore['abortMultipartUpload']> {
    return this.inner.abortMultipartUpload(...args);
  }
}
