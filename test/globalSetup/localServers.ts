import type { TestProject } from 'vitest/node';
import { startLocalAwsServers } from '../../src/adapters/local/localAwsServers.js';

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
 * Starts the local AWS servers once per `vitest run` (the same ones `soak --target local` starts, on
 * ephemeral ports of 127.0.0.1 only: CI has no other network). Test files reach them with
 * `inject('s3Endpoint')` and friends, and isolate themselves by unique bucket, table and queue names.
 */
export default async function startLocalServers(project: TestProject): Promise<() => Promise<void>> {
  // The pinned SDK (toolchain.md) warns in every worker that its later releases need Node 22.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
  const servers = await startLocalAwsServers();
  project.provide('s3Endpoint', servers.s3Endpoint);
  project.provide('dynamodbEndpoint', servers.dynamodbEndpoint);
  project.provide('sqsEndpoint', servers.sqsEndpoint);
  return () => servers.stop();
}
