import type { Clock } from '../../ports/clock.js';
import type { FileSystem } from '../../ports/fileSystem.js';
import type { ObjectStore } from '../../ports/objectStore.js';
import type { Random } from '../../ports/random.js';
import type { Tasks } from '../../ports/tasks.js';
import type { VectorStoreProvider } from '../../ports/vectorStore.js';

/**
 * What the snapshot protocols run on. `fs` is the file system the local directories live on (a Lambda's
 * `/tmp`, or the EFS mount for the cache); `store` is `CHROMADB_BUCKET`; `vectorStores` opens Chroma
 * directories (empty-snapshot initialisation and post-upload validation).
 */
export interface SnapshotPorts {
  readonly store: ObjectStore;
  readonly fs: FileSystem;
  readonly clock: Clock;
  readonly random: Random;
  readonly tasks: Tasks;
  readonly vectorStores: VectorStoreProvider;
}

/**
 * The part of the lock manager (spec §4.3) the upload uses: `validate_ownership()`, called before the
 * upload and again before promotion (§5.2 steps 1 and 4).
 */
export interface OwnershipValidator {
  validateOwnership(): Promise<boolean>;
}
