import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/**
 * s3rver runs in a child process because paged ListObjectsV2 needs Node's `--openssl-legacy-provider`
 * (toolchain.md), which the test workers must not get. The child binds an ephemeral port on 127.0.0.1,
 * prints it as its first line, and when its stdin closes it removes its data folder and exits, so
 * neither it nor the folder outlives the test run, even when vitest is killed before its teardown.
 */
const childScript = `
const S3rver = require('s3rver');
const { rmSync } = require('node:fs');
const directory = process.argv[1];
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, allowMismatchedSignatures: true });
server.run().then((address) => process.stdout.write(JSON.stringify({ port: address.port }) + '\\n'));
const stop = () => server.close().finally(() => {
  rmSync(directory, { recursive: true, force: true });
  process.exit(0);
});
process.stdin.on('end', stop).resume();
process.on('SIGTERM', stop);
`;

export interface LocalS3rver {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export async function startS3rver(directory: string, cwd: string): Promise<LocalS3rver> {
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', childScript, directory], {
    cwd,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await firstLinePort(child);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.stdin?.end();
      await exited;
    },
  };
}

async function firstLinePort(child: ChildProcess): Promise<number> {
  const lines = createInterface({ input: child.stdout! });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`s3rver exited with code ${String(code)} before it listened`);
  });
  const first = once(lines, 'line').then(([line]) => (JSON.parse(String(line)) as { port: number }).port);
  try {
    return await Promise.race([first, exited]);
  } finally {
    lines.close();
  }
}
