import type { Clock } from '../../ports/clock.js';
import type { FileSystem } from '../../ports/fileSystem.js';
import type { ObjectStore } from '../../ports/objectStore.js';
import { packDirectory } from '../archive/directoryArchive.js';
import { errorText } from '../snapshot/errorText.js';
import { deltaKey, deltaPrefix } from './deltaLocation.js';

export interface DeltaPorts {
  readonly store: ObjectStore;
  readonly fs: FileSystem;
  readonly clock: Clock;
}

export interface UploadDeltaOptions {
  readonly localDir: string;
  readonly collection: string;
  readonly runId: string;
  /**
   * Head: a failed upload throws, so no CompactionRun is created for it. Seed era (§8.6 step 4): the
   * upload status is not checked: the failure comes back as a `failed` result nobody reads.
   */
  readonly checkStatus: boolean;
}

export type DeltaUploadResult =
  | { readonly status: 'uploaded'; readonly delta_key: string; readonly delta_prefix: string }
  | { readonly status: 'failed'; readonly error: string; readonly delta_key: string };

export class DeltaUploadFailed extends Error {
  override readonly name = 'DeltaUploadFailed';
}

/**
 * `upload_bundled_delta_to_s3` (§6.1, §8.6 step 4): tar+gzip the delta directory with archive root `.`
 * (files read through the port: a Chroma client still open and flushing is captured mid-write) and put
 * it at `{c}/delta/{run_id}/delta.tar.gz`.
 */
export async function uploadDelta(ports: DeltaPorts, options: UploadDeltaOptions): Promise<DeltaUploadResult> {
  const key = deltaKey(options.collection, options.runId);
  try {
    const tarball = await packDirectory(ports.fs, options.localDir, ports.clock.now());
    await ports.store.putObject({ key, body: tarball, contentType: 'application/gzip' });
    return { status: 'uploaded', delta_key: key, delta_prefix: deltaPrefix(options.collection, options.runId) };
  } catch (error) {
    if (options.checkStatus) throw new DeltaUploadFailed(`delta upload to ${key} failed: ${errorText(error)}`, { cause: error });
    return { status: 'failed', error: errorText(error), delta_key: key };
  }
}
