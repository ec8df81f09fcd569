import { type FileSystem, listFilesRecursive } from '../../ports/fileSystem.js';

/**
 * Copies every file under `from` (on `source`) to the same relative path under `to` (on `target`), file
 * by file and page by page through the ports, like `shutil.copytree`. Nothing is atomic: a writer
 * changing the source meanwhile, or a second copy into the same target, tears the result.
 * Returns the relative paths copied.
 */
export async function copyDirectory(source: FileSystem, from: string, target: FileSystem, to: string): Promise<string[]> {
  const paths = await listFilesRecursive(source, from);
  await target.mkdir(to);
  const folders = new Set<string>();
  for (const path of paths) {
    const slash = path.lastIndexOf('/');
    if (slash > 0 && !folders.has(path.slice(0, slash))) {
      folders.add(path.slice(0, slash));
      await target.mkdir(`${to}/${path.slice(0, slash)}`);
    }
    await target.writeFile(`${to}/${path}`, await source.readFile(`${from}/${path}`));
  }
  return paths;
}
