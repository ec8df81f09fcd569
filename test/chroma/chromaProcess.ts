import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

/**
 * A real Chroma server (the `chroma run` CLI of the chromadb package, toolchain.md: bindings 1.0.5) in a
 * child process on 127.0.0.1, persisting to `directory`. `stop()` sends SIGTERM, Chroma's clean shutdown,
 * and resolves once the process has exited.
 */
export interface ChromaServer {
  readonly port: number;
  readonly directory: string;
  stop(): Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
}

const cli = join(dirname(createRequire(import.meta.url).resolve('chromadb')), '..', 'cli.mjs');
const startDeadlineMs = 30_000;

export async function startChroma(directory: string): Promise<ChromaServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [cli, 'run', '--path', directory, '--host', '127.0.0.1', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  try {
    await Promise.race([
      heartbeat(port),
      exited.then(({ code, signal }) => {
        throw new Error(`chroma run exited (${code ?? signal}) before serving:\n${output}`);
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    port,
    directory,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Polls the heartbeat endpoint until the server answers. */
async function heartbeat(port: number): Promise<void> {
  const deadline = Date.now() + startDeadlineMs;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/v2/heartbeat`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`chroma run did not answer on port ${port} within ${startDeadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** An ephemeral port of 127.0.0.1 that was free a moment ago (Chroma takes a port number, not 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
