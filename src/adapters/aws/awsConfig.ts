import type { S3ClientConfig } from '@aws-sdk/client-s3';

/**
 * Where an AWS client connects. Every field is optional: without them the SDK's standard chains apply
 * (region from AWS_REGION or the profile; credentials from the environment, SSO, the profile or the
 * instance role). Nothing here is ever logged: credentials stay inside the SDK.
 */
export interface AwsClientConfig {
  readonly region?: string;
  /** A local server such as s3rver or local-aws-sqs (`http://127.0.0.1:PORT`), or a VPC endpoint. */
  readonly endpoint?: string;
  readonly credentials?: S3ClientConfig['credentials'];
}

export type AwsService = 's3' | 'sqs' | 'dynamodb';

const serviceEndpointVariable: Readonly<Record<AwsService, string>> = {
  s3: 'AWS_ENDPOINT_URL_S3',
  sqs: 'AWS_ENDPOINT_URL_SQS',
  dynamodb: 'AWS_ENDPOINT_URL_DYNAMODB',
};

/**
 * The client configuration the environment asks for, with the SDK's own variable names: the region
 * from AWS_REGION (or AWS_DEFAULT_REGION) and the endpoint from AWS_ENDPOINT_URL_<SERVICE> or
 * AWS_ENDPOINT_URL. Credentials are left to the default chain.
 */
export function awsClientConfigFromEnv(service: AwsService, env: NodeJS.ProcessEnv = process.env): AwsClientConfig {
  const region = nonEmpty(env['AWS_REGION']) ?? nonEmpty(env['AWS_DEFAULT_REGION']);
  const endpoint = nonEmpty(env[serviceEndpointVariable[service]]) ?? nonEmpty(env['AWS_ENDPOINT_URL']);
  return { ...(region === undefined ? {} : { region }), ...(endpoint === undefined ? {} : { endpoint }) };
}

/** The SDK client options for a config; the SDK's own retries are off because the adapters retry throttling themselves (retry.ts). */
export function sdkClientOptions(config: AwsClientConfig): {
  maxAttempts: number;
  region?: string;
  endpoint?: string;
  credentials?: AwsClientConfig['credentials'];
} {
  return {
    maxAttempts: 1,
    ...(config.region === undefined ? {} : { region: config.region }),
    ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
    ...(config.credentials === undefined ? {} : { credentials: config.credentials }),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
