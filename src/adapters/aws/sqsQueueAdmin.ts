import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueConfig } from '../../ports/queue.js';
import { type RetryPolicy, defaultRetryPolicy, sendWithRetries } from './retry.js';
import { sqsPortError } from './sqsErrors.js';

/**
 * Creating queues as the infrastructure defines them (QueueConfig): the CreateQueue
 * attributes, and the redrive policy naming the dead-letter queue by ARN (looked up from its URL).
 * Soak and local runs prefix queue names so that runs never share a queue.
 */
export class SqsQueueAdmin {
  private readonly retry: RetryPolicy;

  constructor(
    private readonly client: SQSClient,
    retry: RetryPolicy = defaultRetryPolicy,
  ) {
    this.retry = retry;
  }

  /** Creates the queue (its dead-letter queue must exist) and returns its URL. */
  async createQueue(config: QueueConfig): Promise<string> {
    const attributes: Record<string, string> = {
      VisibilityTimeout: String(config.visibilityTimeoutSeconds),
      MessageRetentionPeriod: String(config.messageRetentionSeconds),
      ReceiveMessageWaitTimeSeconds: String(config.receiveWaitTimeSeconds),
      DelaySeconds: String(config.delaySeconds),
    };
    if (config.fifo) {
      attributes['FifoQueue'] = 'true';
      attributes['ContentBasedDeduplication'] = String(config.contentBasedDeduplication);
    }
    if (config.redrive !== undefined) {
      const deadLetterTargetArn = await this.queueArn(config.redrive.deadLetterQueueUrl);
      attributes['RedrivePolicy'] = JSON.stringify({ deadLetterTargetArn, maxReceiveCount: config.redrive.maxReceiveCount });
    }
    const output = await this.send(() => this.client.send(new CreateQueueCommand({ QueueName: config.name, Attributes: attributes })));
    return output.QueueUrl ?? '';
  }

  async queueArn(queueUrl: string): Promise<string> {
    const output = await this.send(() => this.client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] })));
    return output.Attributes?.QueueArn ?? '';
  }

  private send<T>(request: () => Promise<T>): Promise<T> {
    return sendWithRetries(this.retry, request, sqsPortError);
  }
}
