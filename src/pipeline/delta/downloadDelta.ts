import { NoSuchKey } from '../../ports/errors.js';
import { listAllObjects } from '../../ports/objectStore.js';
import { extractArchive, writeEntries } from '../archive/directoryArchive.js';
import { readTarGz } from '../archive/tarGz.js';
import { errorText } from '../snapshot/errorText.js';
import { relativeKey, writeObjectFile } from '../snapshot/objectTransfer.js';
import { deltaArchiveName, normaliseDeltaPrefix, unsafeRelativePath } from './deltaLocation.js';
import type { DeltaPorts } from './uploadDelta.js';

/**
 * - `head` (§3.5 step 2): into `{workDir}/delta_{run_id}`: the tarball when `HEAD` finds it (extracted
 *   aside and swapped in; an archive with a member outside the directory is refused whole), else every
 *   object under the prefix (directory layout) skipping unsafe paths; nothing found is an error.
 * - `seed` (§8.3): only the tarball, saved to `{workDir}/delta.tar.gz` and extracted into
 *   `{workDir}/delta`, one directory shared by every run of the batch and not emptied between them, so
 *   files of an earlier delta that this one lacks stay.
 */
export type DeltaDownloadVariant = 'head' | 'seed';

export type DeltaDownloadResult =
  | { readonly status: 'downloaded'; readonly path: string; readonly files: readonly string[] }
  | { readonly status: 'failed'; readonly error: string };

export async function downloadDelta(
  ports: DeltaPorts,
  prefix: string,
  workDir: string,
  runId: string,
  variant: DeltaDownloadVariant,
): Promise<DeltaDownloadResult> {
  const base = normaliseDeltaPrefix(prefix);
  try {
    if (variant === 'seed') return await downloadSharedTarball(ports, base, workDir);
    const target = `${workDir}/delta_${runId}`;
    const key = `${base}/${deltaArchiveName}`;
    let hasTarball = true;
    try {
      await ports.store.headObject(key);
    } catch (error) {
      if (!(error instanceof NoSuchKey)) throw error;
      hasTarball = false;
    }
    if (hasTarball) {
      const { body } = await ports.store.getObject(key);
      return { status: 'downloaded', path: target, files: await extractArchive(ports.fs, body, target) };
    }
    return await downloadDirectoryLayout(ports, `${base}/`, target);
  } catch (error) {
    return { status: 'failed', error: `delta download failed: ${errorText(error)}` };
  }
}

async function downloadDirectoryLayout(ports: DeltaPorts, listPrefix: string, target: string): Promise<DeltaDownloadResult> {
  const files: string[] = [];
  for (const object of await listAllObjects(ports.store, listPrefix)) {
    const relative = relativeKey(listPrefix, object.key);
    if (relative === undefined || unsafeRelativePath(relative)) continue;
    const { body } = await ports.store.getObject(object.key);
    await writeObjectFile(ports.fs, target, relative, body);
    files.push(relative);
  }
  if (files.length === 0) return { status: 'failed', error: `delta download failed: no delta objects under ${listPrefix}` };
  return { status: 'downloaded', path: target, files };
}

async function downloadSharedTarball(ports: DeltaPorts, base: string, workDir: string): Promise<DeltaDownloadResult> {
  const { body } = await ports.store.getObject(`${base}/${deltaArchiveName}`);
  await ports.fs.mkdir(workDir);
  await ports.fs.writeFile(`${workDir}/${deltaArchiveName}`, body);
  const entries = readTarGz(body);
  const target = `${workDir}/delta`;
  await writeEntries(ports.fs, target, entries);
  return { status: 'downloaded', path: target, files: entries.map((e) => e.path) };
}
