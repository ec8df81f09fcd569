import { FileSystemError } from '../../ports/errors.js';
import type { FileSystem } from '../../ports/fileSystem.js';

/** The file's bytes, or undefined when it does not exist. */
export async function readIfExists(fs: FileSystem, path: string): Promise<Uint8Array | undefined> {
  try {
    return await fs.readFile(path);
  } catch (error) {
    if (error instanceof FileSystemError && error.code === 'ENOENT') return undefined;
    throw error;
  }
}
