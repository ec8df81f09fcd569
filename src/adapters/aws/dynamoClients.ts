import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type AwsClientConfig, sdkClientOptions } from './awsConfig.js';

/** DocumentClient marshalling: plain JS values in and out; undefined attributes are dropped. */
export function createDynamoDocumentClient(config: AwsClientConfig = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(sdkClientOptions(config)), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export function createDynamoStreamsClient(config: AwsClientConfig = {}): DynamoDBStreamsClient {
  return new DynamoDBStreamsClient(sdkClientOptions(config));
}
