import { type EmptySnapshotUploadSettings, initializeEmptySnapshot } from './emptySnapshot.js';
import { errorText } from './errorText.js';
import { fetchVersion } from './fetchVersion.js';
import { versionedPrefix } from './layout.js';
import { type PointerState, readPointer } from './pointer.js';
import type { SnapshotDownloadResult } from './results.js';
import { downloadSnapshotSeedEra } from './downloadSnapshotSeedEra.js';
import type { SnapshotPorts } from './snapshotPorts.js';

/** The era's download behaviour (and, for head, how an empty snapshot would be uploaded). */
export type DownloadVariant =
  | {
      readonly variant: 'head';
      /** Check sizes and presence of a directory-layout download. */
      readonly verifyIntegrity: boolean;
      readonly emptySnapshot: EmptySnapshotUploadSettings;
    }
  | {
      readonly variant: 'seed';
      /** Report (log) size mismatches. */
      readonly verifyIntegrity: boolean;
    };

export type DownloadSnapshotOptions = {
  readonly collection: string;
  /** A fresh local directory; files are written into it (tarballs are swapped in whole). */
  readonly localDir: string;
} & DownloadVariant;

/** §5.3 step 3: the errors after which an empty snapshot is created. */
const initialisesOn = /NoSuchKey|does not exist/;

/**
 * `download_snapshot_atomic` (spec §5.3; the seed-era variant of §8.5 is in downloadSnapshotSeedEra.ts).
 * The pointer is read once; the version it names is then fetched without looking at the pointer again,
 * so a version deleted by another upload's cleanup meanwhile fails (or half-fails) the download.
 */
export async function downloadSnapshotAtomic(ports: SnapshotPorts, options: DownloadSnapshotOptions): Promise<SnapshotDownloadResult> {
  if (options.variant === 'seed') return downloadSnapshotSeedEra(ports, options.collection, options.localDir, options.verifyIntegrity);
  const { collection, localDir } = options;
  // 1.
  let pointer: PointerState | undefined;
  try {
    pointer = await readPointer(ports.store, collection);
  } catch (error) {
    return { status: 'failed', error: `reading the pointer failed: ${errorText(error)}`, version_id: null };
  }
  // 2.
  let failure = 'no snapshot pointer';
  if (pointer !== undefined) {
    try {
      await fetchVersion(ports, collection, pointer.versionId, localDir, options.verifyIntegrity);
      return {
        status: 'downloaded',
        version_id: pointer.versionId,
        versioned_key: versionedPrefix(collection, pointer.versionId),
        local_path: localDir,
        initialized: false,
        pointer_etag: pointer.etag,
        promotion_history: pointer.history,
        warnings: [],
      };
    } catch (error) {
      failure = errorText(error);
    }
  }
  // 3.
  if (pointer !== undefined && !initialisesOn.test(failure)) {
    return { status: 'failed', error: `snapshot download failed: ${failure}`, version_id: pointer.versionId };
  }
  try {
    const upload = await initializeEmptySnapshot(ports, collection, localDir, options.emptySnapshot, pointer);
    if (upload.status === 'error') {
      return { status: 'failed', error: `empty snapshot initialisation failed: ${upload.error} (after: ${failure})`, version_id: null };
    }
    return {
      status: 'downloaded',
      version_id: upload.version_id,
      versioned_key: upload.versioned_key,
      local_path: localDir,
      initialized: true,
      pointer_etag: upload.pointer_etag,
      promotion_history: upload.promotion_history,
      warnings: [],
    };
  } catch (error) {
    return { status: 'failed', error: `empty snapshot initialisation failed: ${errorText(error)} (after: ${failure})`, version_id: null };
  }
}
