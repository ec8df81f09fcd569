import type { Clock } from '../../../ports/clock.js';
import type { FileSystem } from '../../../ports/fileSystem.js';
import type { ObjectStore } from '../../../ports/objectStore.js';
import type { Table } from '../../../ports/table.js';
import type { Tasks } from '../../../ports/tasks.js';
import type { VectorStoreProvider } from '../../../ports/vectorStore.js';
import type { Log, Metrics } from '../../observability.js';

/**
 * What the compaction update steps (spec §3.5–§3.9) run on: the DynamoDB table, `CHROMADB_BUCKET`, the
 * file system the work directory lives on (the container's `/tmp`), the host's clock, the Chroma client
 * factory (delta stores are opened read-only through it), background tasks, and the log and metrics sinks.
 */
export interface CompactionPorts {
  readonly table: Table;
  readonly store: ObjectStore;
  readonly fs: FileSystem;
  readonly clock: Clock;
  readonly vectorStores: VectorStoreProvider;
  readonly tasks: Tasks;
  readonly log: Log;
  readonly metrics: Metrics;
}

/** Which era's behaviour an update step follows (spec §8.3 lists the seed-era differences). */
export interface EraOption {
  readonly era: 'seed' | 'head';
}
