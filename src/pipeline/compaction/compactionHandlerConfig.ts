import type { Clock } from '../../ports/clock.js';
import type { FileSystem } from '../../ports/fileSystem.js';
import type { ObjectStore } from '../../ports/objectStore.js';
import type { Queue } from '../../ports/queue.js';
import type { Random } from '../../ports/random.js';
import type { Table } from '../../ports/table.js';
import type { Tasks } from '../../ports/tasks.js';
import type { VectorStoreProvider } from '../../ports/vectorStore.js';
import type { Era, PipelineFlags } from '../config/flags.js';
import type { LockPorts } from '../lock/lockPorts.js';
import type { Log, Metrics } from '../observability.js';
import { errorText } from '../snapshot/errorText.js';
import type { SnapshotPorts } from '../snapshot/snapshotPorts.js';
import type { CompactionPorts } from './operations/compactionPorts.js';

/**
 * What the compaction Lambda runs on. The local file system is not here: each invocation works in its
 * container's `/tmp` (`InvocationContext.container.tmp`). `efs` is the seed era's shared mount (§8.3).
 */
export interface CompactionHandlerPorts {
  readonly table: Table;
  readonly store: ObjectStore;
  readonly queue: Queue;
  readonly clock: Clock;
  readonly random: Random;
  readonly tasks: Tasks;
  readonly vectorStores: VectorStoreProvider;
  readonly efs?: FileSystem;
  readonly log: Log;
  readonly metrics: Metrics;
}

/**
 * The Lambda environment (§3.1, §8.3), as strings. The lock settings fall back to the code's values when
 * absent (§4.2: 60 s / 5 min / 3 for head; §8.4: the two-phase handler's 120 s / 1 min / 2 for seed).
 */
export type CompactionEnvironment = {
  readonly CHROMADB_BUCKET: string;
  readonly LINES_QUEUE_URL: string;
  readonly WORDS_QUEUE_URL: string;
  readonly HEARTBEAT_INTERVAL_SECONDS?: string;
  readonly LOCK_DURATION_MINUTES?: string;
  readonly MAX_HEARTBEAT_FAILURES?: string;
  /** §3.1: 1000 in production, 500 when absent. */
  readonly MAX_MESSAGES_PER_COMPACTION?: string;
  /** §8.3: `/mnt/chroma` in the seed era. */
  readonly CHROMA_ROOT?: string;
  /** §5.4: `s3|efs|auto`; the seed era sets `auto`. */
  readonly CHROMADB_STORAGE_MODE?: string;
};

/** The flags the handler reads; the hardened ones (`snapshotRetention`, `leaseTiming`, `chromaReconcile`) take the spec's value when absent. */
export type CompactionFlags = Pick<PipelineFlags, 'lockMode' | 'pointerPromotion' | 'closeBeforeTar' | 'efsCache' | 'postUploadValidation'> &
  Partial<Pick<PipelineFlags, 'snapshotRetention' | 'leaseTiming' | 'chromaReconcile'>>;

export interface CompactionHandlerConfig {
  readonly era: Era;
  readonly flags: CompactionFlags;
  readonly environment: CompactionEnvironment;
}

/** The deployed compaction function's configuration (§3.1, §8.3) for a profile's flags, bucket and queues. */
export function deployedCompactionConfig(flags: PipelineFlags, bucket: string, linesQueueUrl: string, wordsQueueUrl: string): CompactionHandlerConfig {
  return {
    era: flags.era,
    flags: {
      lockMode: flags.lockMode,
      pointerPromotion: flags.pointerPromotion,
      closeBeforeTar: flags.closeBeforeTar,
      efsCache: flags.efsCache,
      postUploadValidation: flags.postUploadValidation,
      snapshotRetention: flags.snapshotRetention,
      leaseTiming: flags.leaseTiming,
      chromaReconcile: flags.chromaReconcile,
    },
    environment: {
      CHROMADB_BUCKET: bucket,
      LINES_QUEUE_URL: linesQueueUrl,
      WORDS_QUEUE_URL: wordsQueueUrl,
      HEARTBEAT_INTERVAL_SECONDS: '30',
      LOCK_DURATION_MINUTES: '3',
      MAX_HEARTBEAT_FAILURES: '3',
      MAX_MESSAGES_PER_COMPACTION: '1000',
      ...(flags.era === 'seed' ? { CHROMA_ROOT: defaultChromaRoot, CHROMADB_STORAGE_MODE: 'auto' } : {}),
    },
  };
}

/** §3.1: the code default of `MAX_MESSAGES_PER_COMPACTION`. */
export const defaultMaxMessagesPerCompaction = 500;

export function maxMessagesPerCompaction(environment: CompactionEnvironment): number {
  const raw = environment.MAX_MESSAGES_PER_COMPACTION;
  if (raw === undefined) return defaultMaxMessagesPerCompaction;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`MAX_MESSAGES_PER_COMPACTION must be a positive integer, got ${raw}`);
  return value;
}

/** §5.4 and §8.3: the EFS mount point of the seed era. */
export const defaultChromaRoot = '/mnt/chroma';

export type StorageMode = { readonly kind: 's3' } | { readonly kind: 'efs'; readonly root: string; readonly efs: FileSystem };

/**
 * §5.4: `CHROMADB_STORAGE_MODE` `s3|efs|auto`, auto = EFS when `CHROMA_ROOT` is set and is not
 * `/tmp/chroma`. The flag `efsCache` says whether the deployment has the mount at all: without it the
 * handler runs in S3-only mode whatever the environment says. With it, `CHROMA_ROOT` defaults to
 * `/mnt/chroma` (the seed deployment always sets it).
 */
export function storageMode(config: CompactionHandlerConfig, efs: FileSystem | undefined): StorageMode {
  if (!config.flags.efsCache) return { kind: 's3' };
  const root = config.environment.CHROMA_ROOT ?? defaultChromaRoot;
  const mode = config.environment.CHROMADB_STORAGE_MODE ?? 'auto';
  const useEfs = mode === 'efs' || (mode === 'auto' && root !== '/tmp/chroma');
  if (!useEfs) return { kind: 's3' };
  if (efs === undefined) throw new RangeError('efsCache needs the EFS file system in the compaction ports');
  return { kind: 'efs', root, efs };
}

/** The ports of the helpers a cycle calls, on the invocation's `/tmp`. */
export function lockPortsOf(ports: CompactionHandlerPorts): LockPorts {
  return { table: ports.table, clock: ports.clock, random: ports.random, tasks: ports.tasks, log: (event, fields) => ports.log('info', event, fields) };
}

export function snapshotPortsOf(ports: CompactionHandlerPorts, tmp: FileSystem): SnapshotPorts {
  return { store: ports.store, fs: tmp, clock: ports.clock, random: ports.random, tasks: ports.tasks, vectorStores: ports.vectorStores };
}

export function operationPortsOf(ports: CompactionHandlerPorts, tmp: FileSystem): CompactionPorts {
  return {
    table: ports.table,
    store: ports.store,
    fs: tmp,
    clock: ports.clock,
    vectorStores: ports.vectorStores,
    tasks: ports.tasks,
    log: ports.log,
    metrics: ports.metrics,
  };
}

/** A fresh temporary directory in `/tmp`, as `tempfile.mkdtemp(prefix=...)` names it. */
export function temporaryDirectory(random: Random, prefix: string): string {
  return `/tmp/${prefix}${random.hex(8)}`;
}

/** Removes a `/tmp` work directory (§3.4 step 9, §8.3 step 5); a failure is only logged. */
export async function removeTemporaryDirectory(ports: CompactionHandlerPorts, tmp: FileSystem, workDir: string): Promise<void> {
  try {
    await tmp.remove(workDir);
  } catch (error) {
    ports.log('warning', 'Failed to remove the temporary directory', { workDir, error: errorText(error) });
  }
}
