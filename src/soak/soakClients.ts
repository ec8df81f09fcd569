import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AwsClientConfig } from '../adapters/aws/awsConfig.js';
import { createS3Client, createSqsClient } from '../adapters/aws/clients.js';
import { createDynamoDocumentClient, createDynamoStreamsClient } from '../adapters/aws/dynamoClients.js';
import { type RequestBudget, type RequestObserver, meter } from './requestBudget.js';

/** The SDK clients of a soak run, each metered by the run's request budget and observed by its trace. */
export interface SoakClients {
  readonly region: string;
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly dynamodb: DynamoDBDocumentClient;
  readonly streams: DynamoDBStreamsClient;
}

export interface SoakEndpoints {
  readonly region: string;
  readonly credentials?: AwsClientConfig['credentials'];
  readonly s3?: string;
  readonly sqs?: string;
  readonly dynamodb?: string;
}

export function createSoakClients(endpoints: SoakEndpoints, budget: RequestBudget, observe: RequestObserver): SoakClients {
  const config = (endpoint: string | undefined): AwsClientConfig => ({
    region: endpoints.region,
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(endpoints.credentials === undefined ? {} : { credentials: endpoints.credentials }),
  });
  return {
    region: endpoints.region,
    s3: meter(createS3Client(config(endpoints.s3)), 's3', budget, observe),
    sqs: meter(createSqsClient(config(endpoints.sqs)), 'sqs', budget, observe),
    dynamodb: meter(createDynamoDocumentClient(config(endpoints.dynamodb)), 'dynamodb', budget, observe),
    streams: meter(createDynamoStreamsClient(config(endpoints.dynamodb)), 'dynamodbstreams', budget, observe),
  };
}
