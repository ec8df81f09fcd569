import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { UsageError } from '../../sim/errors.js';

/**
 * The local stand-ins for AWS that `soak --target local` starts on ephemeral ports of 127.0.0.1: s3rver
 * 3.7.1 in a child process (paged ListObjectsV2 needs `--openssl-legacy-provider`, toolchain.md) with a
 * temporary data folder (on tmpfs when there is one), dynalite 4.0.0 and local-aws-sqs 2.0.2 in this
 * process, in memory; the test global setup (test/globalSetup/localServers.ts) starts them too. The child
 * removes its data folder and exits when its stdin closes, so neither outlives this process even when it
 * is killed before `stop()`. They are devDependencies: when one cannot be loaded the start fails with a
 * UsageError (exit 2) saying so.
 */
export interface LocalAwsServers {
  readonly s3Endpoint: string;
  readonly dynamodbEndpoint: string;
  readonly sqsEndpoint: string;
  stop(): Promise<void>;
}

type DynaliteFactory = (options: { createTableMs: number; deleteTableMs: number; updateTableMs: number }) => Server;
type SqsServerFactory = (options: { port: number; hostname: string; emulateQueueCreationLifecycle: boolean }) => Promise<Server>;

const s3rverScript = `
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

export async function startLocalAwsServers(): Promise<LocalAwsServers> {
  const s3rverPath = resolvable('s3rver');
  const dynalite = await importServer<{ default: DynaliteFactory }>('dynalite');
  const sqs = await importServer<{ createSqsServer: SqsServerFactory }>('local-aws-sqs');
  const directory = await dataDirectory();
  const started: { stop(): Promise<void> }[] = [];
  try {
    const s3 = await startS3rver(directory, s3rverPath);
    started.push(s3);
    const dynamodb = await listening(dynalite.default({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }));
    started.push({ stop: () => close(dynamodb) });
    const queues = await sqs.createSqsServer({ port: 0, hostname: '127.0.0.1', emulateQueueCreationLifecycle: false });
    started.push({ stop: () => close(queues) });
    return {
      s3Endpoint: s3.endpoint,
      dynamodbEndpoint: endpointOf(dynamodb),
      sqsEndpoint: endpointOf(queues),
      async stop() {
        await Promise.all(started.map((server) => server.stop()));
        await rm(directory, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await Promise.all(started.map((server) => server.stop()));
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
}

/** s3rver keeps every object in files; on tmpfs a put takes about half as long as on disk. */
async function dataDirectory(): Promise<string> {
  try {
    return await mkdtemp('/dev/shm/receipt-sim-s3rver-');
  } catch {
    return await mkdtemp(join(tmpdir(), 'receipt-sim-s3rver-'));
  }
}

function resolvable(name: string): string {
  try {
    return createRequire(import.meta.url).resolve(name);
  } catch {
    throw new UsageError(`--target local needs the devDependency ${name}, which cannot be loaded; run npm ci (with dev dependencies) first`);
  }
}

async function importServer<T>(name: string): Promise<T> {
  resolvable(name);
  return (await import(name)) as T;
}

async function startS3rver(directory: string, modulePath: string): Promise<{ readonly endpoint: string; stop(): Promise<void> }> {
  const cwd = modulePath.slice(0, modulePath.lastIndexOf('/node_modules/') + 1) || process.cwd();
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', s3rverScript, directory], { cwd, stdio: ['pipe', 'pipe', 'inherit'] });
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

async function listening(server: Server): Promise<Server> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return server;
}

function endpointOf(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
