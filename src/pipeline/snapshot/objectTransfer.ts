import { FileSystemError, NoSuchKey, PortError } from '../../ports/errors.js';
import type { FileSystem } from '../../ports/fileSystem.js';
import type { ObjectStore } from '../../ports/objectStore.js';
import type { SnapshotPorts } from './snapshotPorts.js';
import { errorText } from './errorText.js';

/**
 * Downloading the objects of a directory-layout version into a local directory, file by file (writes go
 * straight into the directory: a failure leaves the files fetched so far).
 */
export interface ListedObject {
  readonly key: string;
  readonly size: number;
}

/** §5.3 step 2: 8 workers, 3 attempts with backoff 1/2/4 s; NoSuchKey and AccessDenied are not retried. */
export const parallelDownload = { workers: 8, attempts: 3, backoffSeconds: [1, 2, 4] } as const;

/** Writes an object's body at `{localDir}/{relative}`, creating its folder. */
export async function writeObjectFile(fs: FileSystem, localDir: string, relative: string, body: Uint8Array): Promise<void> {
  const slash = relative.lastIndexOf('/');
  await fs.mkdir(slash === -1 ? localDir : `${localDir}/${relative.slice(0, slash)}`);
  await fs.writeFile(`${localDir}/${relative}`, body);
}

/** The path of an object relative to the prefix it was listed under; undefined for folder markers. */
export function relativeKey(prefix: string, key: string): string | undefined {
  const relative = key.slice(prefix.length);
  return relative === '' || relative.endsWith('/') ? undefined : relative;
}

function retried(error: unknown): boolean {
  if (error instanceof NoSuchKey || error instanceof FileSystemError) return false;
  return !(error instanceof PortError && error.code === 'AccessDenied');
}

async function downloadOne(ports: SnapshotPorts, prefix: string, localDir: string, object: ListedObject): Promise<void> {
  const relative = relativeKey(prefix, object.key);
  if (relative === undefined) return;
  for (let attempt = 0; ; attempt++) {
    try {
      const { body } = await ports.store.getObject(object.key);
      await writeObjectFile(ports.fs, localDir, relative, body);
      return;
    } catch (error) {
      if (!retried(error) || attempt + 1 >= parallelDownload.attempts) throw error;
      await ports.clock.sleep(parallelDownload.backoffSeconds[attempt]! * 1000);
    }
  }
}

/**
 * §5.3 step 2 (no tarball): every listed object by 8 parallel workers (Tasks). All objects are tried; the
 * download fails with the first error in listing order. With `verifyIntegrity`, every listed object must
 * then exist locally with its listed size.
 */
export async function downloadObjectsInParallel(
  ports: SnapshotPorts,
  prefix: string,
  objects: readonly ListedObject[],
  localDir: string,
  verifyIntegrity: boolean,
): Promise<void> {
  await ports.fs.mkdir(localDir);
  const failures = new Map<number, string>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < objects.length) {
      const index = next++;
      try {
        await downloadOne(ports, prefix, localDir, objects[index]!);
      } catch (error) {
        failures.set(index, `${objects[index]!.key}: ${errorText(error)}`);
      }
    }
  };
  const workers = Math.min(parallelDownload.workers, objects.length);
  const handles = Array.from({ length: workers }, (_, i) => ports.tasks.spawn(`snapshot-download-${i + 1}`, worker));
  for (const handle of handles) await handle.join();
  if (failures.size > 0) {
    const first = [...failures.keys()].sort((a, b) => a - b)[0]!;
    throw new Error(`failed to download ${failures.size} of ${objects.length} objects; first: ${failures.get(first)!}`);
  }
  if (verifyIntegrity) {
    const problems = await integrityProblems(ports.fs, prefix, objects, localDir);
    if (problems.length > 0) throw new Error(`integrity check failed: ${problems.join('; ')}`);
  }
}

/** Listed objects that are missing locally or have another size. */
async function integrityProblems(
  fs: FileSystem,
  prefix: string,
  objects: readonly ListedObject[],
  localDir: string,
): Promise<string[]> {
  const problems: string[] = [];
  for (const object of objects) {
    const relative = relativeKey(prefix, object.key);
    if (relative === undefined) continue;
    const stat = await fs.stat(`${localDir}/${relative}`);
    if (stat === undefined) problems.push(`missing ${relative}`);
    else if (stat.size !== object.size) problems.push(`size mismatch ${relative}: ${stat.size} != ${object.size}`);
  }
  return problems;
}

/**
 * Seed era (§8.5): every object fetched one by one; a local size that differs from the listed size is
 * only reported (returned as warnings), and errors propagate.
 */
export async function downloadObjectsInOrder(
  store: ObjectStore,
  fs: FileSystem,
  prefix: string,
  objects: readonly ListedObject[],
  localDir: string,
): Promise<string[]> {
  await fs.mkdir(localDir);
  const warnings: string[] = [];
  for (const object of objects) {
    const relative = relativeKey(prefix, object.key);
    if (relative === undefined) continue;
    const { body } = await store.getObject(object.key);
    await writeObjectFile(fs, localDir, relative, body);
    const stat = await fs.stat(`${localDir}/${relative}`);
    if (stat?.size !== object.size) warnings.push(`size mismatch ${relative}: ${stat?.size ?? 'missing'} != ${object.size}`);
  }
  return warnings;
}
