import { errorText } from './errorText.js';
import { fetchVersion } from './fetchVersion.js';
import type { SnapshotPorts } from './snapshotPorts.js';

/**
 * §5.2, Historical (Nov 2025 → 2026-02-19/20), between steps 3 and 4: download the version just
 * uploaded into a scratch directory, open it, list its collections and `count()` each. Returns the
 * problem, or undefined when the version opened and counted. The scratch directory is removed after.
 */
export async function validateUploadedVersion(
  ports: SnapshotPorts,
  collection: string,
  versionId: string,
  scratchDir: string,
): Promise<string | undefined> {
  try {
    await fetchVersion(ports, collection, versionId, scratchDir, true);
    const store = await ports.vectorStores.open(ports.fs, scratchDir, { readOnly: true });
    try {
      for (const name of await store.listCollections()) {
        const opened = await store.getCollection(name);
        if (opened === undefined) return `collection ${name} is listed but cannot be opened`;
        await opened.count();
      }
    } finally {
      await store.close();
    }
    return undefined;
  } catch (error) {
    return errorText(error);
  } finally {
    await ports.fs.remove(scratchDir);
  }
}
