import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { headProfile } from '../../src/harness/profiles.js';
import { runSoak } from '../../src/soak/soakRun.js';
import { captureCli } from '../cli/cliHarness.js';

const s3 = mockClient(S3Client);
const sqs = mockClient(SQSClient);
const dynamodb = mockClient(DynamoDBDocumentClient);
const allMocks = [s3, sqs, dynamodb];
const awsEnv = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'mock', AWS_SECRET_ACCESS_KEY: 'mock' };

beforeEach(() => allMocks.forEach((m) => m.reset()));
afterEach(() => vi.unstubAllEnvs());

describe('soak --target aws guards', () => {
  const cli = captureCli();

  it('refuses to start without --yes: exit 2, one line, nothing created', async () => {
    for (const [name, value] of Object.entries(awsEnv)) vi.stubEnv(name, value);
    const code = await main(['soak', '--target', 'aws', '--create-resources', '--duration', '1m']);
    expect(code).toBe(2);
    expect(cli.stderr().trim().split('\n')).toEqual(['receipt-sim: soak --target aws creates AWS resources and costs money; add --yes to confirm']);
    for (const mock of allMocks) expect(mock.calls()).toHaveLength(0);
  });

  it('refuses to start without a region: exit 2, one line, nothing sent', async () => {
    vi.stubEnv('AWS_REGION', '');
    vi.stubEnv('AWS_DEFAULT_REGION', '');
    const code = await main(['soak', '--target', 'aws', '--create-resources', '--yes', '--duration', '1m', '--out', cli.dir()]);
    expect(code).toBe(2);
    expect(cli.stderr()).toMatch(/^receipt-sim: --target aws needs a region: set AWS_REGION/m);
    for (const mock of allMocks) expect(mock.calls()).toHaveLength(0);
  });
});

describe('soak cleanup on SIGINT', () => {
  it('deletes the objects under its prefix, its queues, its table and its bucket through the clients', async () => {
    for (const [name, value] of Object.entries(awsEnv)) vi.stubEnv(name, value);
    const runId = 'sigint-test';
    const prefix = `rsim-soak-${runId}`;
    s3.on(CreateBucketCommand).resolves({});
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: `${prefix}/lines/snapshot/latest-pointer.txt`, Size: 1, ETag: '"e"' }] });
    s3.on(DeleteObjectCommand).resolves({});
    s3.on(DeleteBucketCommand).resolves({});
    dynamodb.on(CreateTableCommand).resolves({});
    dynamodb.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE' } });
    dynamodb.on(DeleteTableCommand).resolves({});
    sqs.on(CreateQueueCommand).callsFake((input: { QueueName: string }) => ({ QueueUrl: `https://sqs.us-east-1.amazonaws.com/123456789012/${input.QueueName}` }));
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { QueueArn: 'arn:aws:sqs:us-east-1:123456789012:q' } });
    sqs.on(DeleteQueueCommand).resolves({});
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

    const { summary } = await runSoak(
      {
        target: 'aws',
        profile: headProfile,
        durationMs: 600_000,
        ratePerMinute: 10,
        seed: 1,
        createResources: true,
        maxRequests: Infinity,
        checkpointMs: 60_000,
        drainTimeoutMs: 60_000,
        concurrency: { compactors: 1, validators: 1, waitTimeSeconds: 1, retryDelaySeconds: 1 },
        names: {},
        runId,
        env: awsEnv,
      },
      { progress: () => undefined, log: () => undefined, provisioned: () => void process.emit('SIGINT') },
    );

    expect(summary.stoppedBy).toBe('interrupted');
    expect(summary.exitCode).toBe(3);
    const createdQueues = sqs.commandCalls(CreateQueueCommand).map((c) => c.returnValue);
    expect(createdQueues).toHaveLength(10);
    expect(sqs.commandCalls(DeleteQueueCommand)).toHaveLength(10);
    expect(dynamodb.commandCalls(DeleteTableCommand).map((c) => c.args[0].input.TableName)).toEqual([prefix]);
    expect(s3.commandCalls(ListObjectsV2Command)[0]!.args[0].input).toMatchObject({ Bucket: prefix, Prefix: `${prefix}/` });
    expect(s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input.Key)).toEqual([`${prefix}/lines/snapshot/latest-pointer.txt`]);
    expect(s3.commandCalls(DeleteBucketCommand).map((c) => c.args[0].input.Bucket)).toEqual([prefix]);
    expect(summary.cleanup?.failures).toEqual([]);
  });
});
