import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import { createS3Client, createSqsClient } from '../../src/adapters/aws/clients.js';

/**
 * Clients for the local servers the global setup started (test/globalSetup/localServers.ts). Every
 * test file and every case gets names of its own (buckets, queues), so files running in parallel
 * workers against the same servers never see each other's state.
 */
const localCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const region = 'us-east-1';

export function localS3Client(): S3Client {
  return createS3Client({ region, endpoint: inject('s3Endpoint'), credentials: localCredentials });
}

export function localSqsClient(): SQSClient {
  return createSqsClient({ region, endpoint: inject('sqsEndpoint'), credentials: localCredentials });
}

/** A name no other case of this run uses: `<prefix>-<random hex>`, within S3's and SQS's name rules. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

export async function createLocalBucket(client: S3Client, prefix: string): Promise<string> {
  const bucket = uniqueName(prefix);
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}
