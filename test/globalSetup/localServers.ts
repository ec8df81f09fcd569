import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dynalite from 'dynalite';
import { createSqsServer } from 'local-aws-sqs';
import type { TestProject } from 'vitest/node';
import { type LocalS3rver, startS3rver } from './s3rverProcess.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** s3rver 3.7.1 (`http://127.0.0.1:PORT`); signatures are not checked. */
    s3Endpoint: string;
    /** dynalite 4.0.0, in memory, tables ACTIVE at once. */
    dynamodbEndpoint: string;
    /** local-aws-sqs 2.0.2 (JSON protocol). */
    sqsEndpoint: string;
  }
}

/**
 * Starts the local AWS servers once per `vitest run`, on ephemeral ports of 127.0.0.1 only (CI has no
 * other network): s3rver in a child process with a temporary data folder (on tmpfs when there is one),
 * dynalite and local-aws-sqs in this process, in memory. Test files reach them with `inject('s3Endpoint')`
 * and friends, and isolate themselves by unique bucket, table and queue names. The teardown stops them
 * and removes the folder; so does a start that fails half-way.
 */
export default async function startLocalServers(project: TestProject): Promise<() => Promise<void>> {
  // The pinned SDK (toolchain.md) warns in every worker that its later releases need Node 22.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
  const directory = await dataDirectory();
  const started = await Promise.allSettled([
    startS3rver(directory, project.config.root),
    listening(dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })),
    createSqsServer({ port: 0, hostname: '127.0.0.1', emulateQueueCreationLifecycle: false }),
  ]);
  const [s3, dynamodb, sqs] = started;
  if (s3.status === 'rejected' || dynamodb.status === 'rejected' || sqs.status === 'rejected') {
    await Promise.all([
      s3.status === 'fulfilled' ? s3.value.stop() : undefined,
      dynamodb.status === 'fulfilled' ? close(dynamodb.value) : undefined,
      sqs.status === 'fulfilled' ? close(sqs.value) : undefined,
    ]);
    await rm(directory, { recursive: true, force: true });
    throw started.find((result) => result.status === 'rejected')?.reason;
  }
  return provideAndTeardown(project, directory, s3.value, dynamodb.value, sqs.value);
}

function provideAndTeardown(project: TestProject, directory: string, s3: LocalS3rver, dynamodb: Server, sqs: Server): () => Promise<void> {
  project.provide('s3Endpoint', s3.endpoint);
  project.provide('dynamodbEndpoint', endpointOf(dynamodb));
  project.provide('sqsEndpoint', endpointOf(sqs));
  return async () => {
    await Promise.all([s3.stop(), close(dynamodb), close(sqs)]);
    await rm(directory, { recursive: true, force: true });
  };
}

/** s3rver keeps every object in files; on tmpfs a put takes about half as long as on disk. */
async function dataDirectory(): Promise<string> {
  try {
    return await mkdtemp('/dev/shm/receipt-sim-s3rver-');
  } catch {
    return await mkdtemp(join(tmpdir(), 'receipt-sim-s3rver-'));
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
