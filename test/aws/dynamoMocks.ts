import { DynamoDBClient, DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoTable } from '../../src/adapters/aws/dynamoTable.js';
import { recordingRetryPolicy } from './retryPolicies.js';

/**
 * A DynamoTable on a DocumentClient instance stubbed with aws-sdk-client-mock (requests are seen as
 * DocumentClient inputs, with plain values), with a retry policy that records its backoff delays
 * instead of sleeping (recordingRetryPolicy: the n-th delay is 50 · 2^(n−1) ms, at most 500).
 */
export function mockedTable(maxAttempts = 4) {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'mock', secretAccessKey: 'mock' } }),
  );
  const retry = recordingRetryPolicy(maxAttempts);
  return { table: new DynamoTable({ name: 'receipts', client, retry }), mock: mockClient(client), delays: retry.delays };
}

/** An error as the SDK raises it for a DynamoDB error response (name, fault, HTTP metadata). */
export function dynamoError(
  name: string,
  fields: { readonly status?: number; readonly fault?: 'client' | 'server'; readonly [extra: string]: unknown } = {},
): DynamoDBServiceException {
  const { status = 400, fault = status >= 500 ? 'server' : 'client', ...extra } = fields;
  const error = new DynamoDBServiceException({
    name,
    $fault: fault,
    $metadata: { httpStatusCode: status },
    message: `${name} (mocked)`,
  });
  return Object.assign(error, extra);
}
