import { describe, expect, it } from 'vitest';
import { awsClientConfigFromEnv } from '../../src/adapters/aws/awsConfig.js';
import { createS3Client, createSqsClient } from '../../src/adapters/aws/clients.js';

describe('client configuration from the environment', () => {
  it('takes the service endpoint before the general one, and AWS_REGION before AWS_DEFAULT_REGION', () => {
    const env = { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'us-east-1', AWS_ENDPOINT_URL: 'http://all', AWS_ENDPOINT_URL_S3: 'http://s3' };
    expect(awsClientConfigFromEnv('s3', env)).toEqual({ region: 'eu-west-1', endpoint: 'http://s3' });
    expect(awsClientConfigFromEnv('sqs', env)).toEqual({ region: 'eu-west-1', endpoint: 'http://all' });
    expect(awsClientConfigFromEnv('dynamodb', { AWS_DEFAULT_REGION: 'us-east-1', AWS_ENDPOINT_URL_DYNAMODB: '' })).toEqual({ region: 'us-east-1' });
  });

  it('leaves credentials to the default chain: nothing from the environment ends up in the config', () => {
    const config = awsClientConfigFromEnv('s3', { AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' });
    expect(config).toEqual({});
  });
});

describe('clients', () => {
  it('an S3 client for a local endpoint uses path-style addressing and checksums only when required, with no SDK retries', async () => {
    const client = createS3Client({ region: 'us-east-1', endpoint: 'http://127.0.0.1:4568' });
    expect(client.config.forcePathStyle).toBe(true);
    expect(await client.config.requestChecksumCalculation()).toBe('WHEN_REQUIRED');
    expect(await client.config.responseChecksumValidation()).toBe('WHEN_REQUIRED');
    expect(await client.config.maxAttempts()).toBe(1);
    expect(createS3Client({ region: 'us-east-1' }).config.forcePathStyle).toBe(false);
  });

  it('an SQS client takes the region and endpoint it is given', async () => {
    const client = createSqsClient({ region: 'eu-central-1', endpoint: 'http://127.0.0.1:9324' });
    expect(await client.config.region()).toBe('eu-central-1');
    expect((await client.config.endpoint?.())?.hostname).toBe('127.0.0.1');
    expect(await client.config.maxAttempts()).toBe(1);
  });
});
