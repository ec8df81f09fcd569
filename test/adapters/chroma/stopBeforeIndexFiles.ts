import type { FileStat, FileSystem } from '../../../src/ports/fileSystem.js';
import type { Scope } from '../../../src/sim/actor.js';
import type { Simulation } from '../../../src/sim/simulation.js';

/**
 * A file system that, once armed, kills a host the moment anything starts writing an index file: the
 * store's flusher has then written every database page of its round and none of the index files.
 */
export class StopBeforeIndexFiles implements FileSystem {
  readonly name: string;
  private armed: Scope | undefined;

  constructor(
    private readonly inner: FileSystem,
    private readonly sim: Simulation,
  ) {
    this.name = inner.name;
  }

  stopAtNextIndexFile(host: Scope): void {
    this.armed = host;
  }

  writeFile(path: string, data: Uint8Array): Promise<void> {
    if (this.armed !== undefined && path.endsWith('/index.bin')) {
      this.sim.kill(this.armed, 'stopped before the index files');
      this.armed = undefined;
      return new Promise<void>(() => undefined);
    }
    return this.inner.writeFile(path, data);
  }

  readFile(path: string): Promise<Uint8Array> {
    return this.inner.readFile(path);
  }

  writeAt(path: string, offset: number, data: Uint8Array): Promise<void> {
    return this.inner.writeAt(path, offset, data);
  }

  mkdir(path: string): Promise<void> {
    return this.inner.mkdir(path);
  }

  readdir(path: string): Promise<string[]> {
    return this.inner.readdir(path);
  }

  stat(path: string): Promise<FileStat | undefined> {
    return this.inner.stat(path);
  }

  rename(from: string, to: string): Promise<void> {
    return this.inner.rename(from, to);
  }

  remove(path: string): Promise<void> {
    return this.inner.remove(path);
  }

  usage(): Promise<{ readonly usedBytes: number; readonly limitBytes: number }> {
    return this.inner.usage();
  }
}
