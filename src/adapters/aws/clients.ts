import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type AwsClientConfig, sdkClientOptions } from './awsConfig.js';

/**
 * S3 client. Checksums only when an operation requires them: with the SDK's default (`WHEN_SUPPORTED`)
 * streamed bodies are sent with aws-chunked CRC32 trailers that s3rver stores verbatim (toolchain.md).
 * A custom endpoint uses path-style addressing (`http://127.0.0.1:PORT/bucket/key`), since a local
 * server has no per-bucket host names.
 */
export function createS3Client(config: AwsClientConfig = {}): S3Client {
  return new S3Client({
    ...sdkClientOptions(config),
    forcePathStyle: config.endpoint !== undefined,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** SQS client; SDK 3.1169 speaks the JSON protocol (`x-amz-json-1.0`), which local-aws-sqs also serves. */
export function createSqsClient(config: AwsClientConfig = {}): SQSClient {
  return new SQSClient(sdkClientOptions(config));
}
