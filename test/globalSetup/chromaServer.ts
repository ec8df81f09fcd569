import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startChroma } from '../chroma/chromaProcess.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A real Chroma server (chromadb 3.5.0, `chroma run`) on `127.0.0.1:chromaPort`, shared by the test files. */
    chromaPort: number;
  }
}

/**
 * Starts one real Chroma server per `vitest run` with a temporary data folder (on tmpfs when there is one:
 * Chroma syncs its SQLite file on every write, about 60 ms on disk and 5 ms on tmpfs). Test files isolate
 * themselves by collection names. The teardown stops it with SIGTERM and removes the folder.
 */
export default async function startChromaServer(project: TestProject): Promise<() => Promise<void>> {
  const directory = await dataDirectory();
  try {
    const server = await startChroma(join(directory, 'data'));
    project.provide('chromaPort', server.port);
    return async () => {
      await server.stop();
      await rm(directory, { recursive: true, force: true });
    };
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
}

async function dataDirectory(): Promise<string> {
  try {
    return await mkdtemp('/dev/shm/receipt-sim-chroma-');
  } catch {
    return await mkdtemp(join(tmpdir(), 'receipt-sim-chroma-'));
  }
}
