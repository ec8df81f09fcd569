import type { FileSystem } from '../../../../src/ports/fileSystem.js';
import type { VectorStore, VectorStoreProvider } from '../../../../src/ports/vectorStore.js';

/**
 * A provider that records every open and close of a write-mode store (`open {dir}`, `close {dir}`) into a
 * shared event list, and can run a hook when a directory is opened (to act as another host at that moment).
 */
export class SpyingVectorStores implements VectorStoreProvider {
  constructor(
    private readonly inner: VectorStoreProvider,
    readonly events: string[],
    private readonly onOpen: (directory: string) => Promise<void> = () => Promise.resolve(),
  ) {}

  async open(fs: FileSystem, directory: string, options?: { readonly readOnly?: boolean }): Promise<VectorStore> {
    const store = await this.inner.open(fs, directory, options);
    if (options?.readOnly === true) return store;
    this.events.push(`open ${directory}`);
    await this.onOpen(directory);
    return {
      listCollections: () => store.listCollections(),
      getCollection: (name) => store.getCollection(name),
      getOrCreateCollection: (name, metadata) => store.getOrCreateCollection(name, metadata),
      close: () => {
        this.events.push(`close ${directory}`);
        return store.close();
      },
    };
  }
}
