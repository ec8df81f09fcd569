import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  type SQSClient,
  SendMessageBatchCommand,
} from '@aws-sdk/client-sqs';
import type { MessageAttributes, Queue, ReceiveRequest, ReceivedMessage, SendBatchResult, SendEntry } from '../../ports/queue.js';
import { type RetryPolicy, defaultRetryPolicy, sendWithRetries } from './retry.js';
import { sqsPortError } from './sqsErrors.js';

export interface SqsQueueOptions {
  readonly client: SQSClient;
  readonly retry?: RetryPolicy;
}

/**
 * The Queue port on Amazon SQS (JSON protocol). Message attributes are String attributes. Receives ask
 * for the system attributes through both `AttributeNames` and `MessageSystemAttributeNames`: local-aws-sqs
 * answers only the older parameter (toolchain.md), SQS answers both. Batch entries that fail are reported
 * in the result, as SQS reports them; a batch SQS rejects as a whole throws.
 */
export class SqsQueue implements Queue {
  private readonly client: SQSClient;
  private readonly retry: RetryPolicy;

  constructor(options: SqsQueueOptions) {
    this.client = options.client;
    this.retry = options.retry ?? defaultRetryPolicy;
  }

  async sendMessageBatch(queueUrl: string, entries: readonly SendEntry[]): Promise<SendBatchResult> {
    const output = await this.send(() =>
      this.client.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: entries.map((entry) => ({
            Id: entry.id,
            MessageBody: entry.body,
            MessageAttributes: stringAttributes(entry.attributes),
            DelaySeconds: entry.delaySeconds,
            MessageGroupId: entry.messageGroupId,
            MessageDeduplicationId: entry.messageDeduplicationId,
          })),
        }),
      ),
    );
    return {
      successful: (output.Successful ?? []).map((s) => ({ id: s.Id ?? '', messageId: s.MessageId ?? '' })),
      failed: (output.Failed ?? []).map((f) => ({ id: f.Id ?? '', code: f.Code ?? '', senderFault: f.SenderFault ?? false })),
    };
  }

  async receiveMessage(queueUrl: string, request: ReceiveRequest): Promise<readonly ReceivedMessage[]> {
    const output = await this.send(() =>
      this.client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: request.maxMessages,
          VisibilityTimeout: request.visibilityTimeoutSeconds,
          WaitTimeSeconds: request.waitTimeSeconds,
          AttributeNames: ['All'],
          MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp', 'MessageGroupId'],
          MessageAttributeNames: ['All'],
        }),
      ),
    );
    return (output.Messages ?? []).map(receivedMessage);
  }

  async deleteMessage(queueUrl: string, receiptHandle: string): Promise<void> {
    await this.send(() => this.client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle })));
  }

  async deleteMessageBatch(
    queueUrl: string,
    entries: readonly { readonly id: string; readonly receiptHandle: string }[],
  ): Promise<{ readonly failed: readonly string[] }> {
    const output = await this.send(() =>
      this.client.send(
        new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries.map((e) => ({ Id: e.id, ReceiptHandle: e.receiptHandle })) }),
      ),
    );
    return { failed: (output.Failed ?? []).map((f) => f.Id ?? '') };
  }

  async changeMessageVisibility(queueUrl: string, receiptHandle: string, visibilityTimeoutSeconds: number): Promise<void> {
    await this.send(() =>
      this.client.send(
        new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: visibilityTimeoutSeconds }),
      ),
    );
  }

  private send<T>(request: () => Promise<T>): Promise<T> {
    return sendWithRetries(this.retry, request, sqsPortError);
  }
}

function stringAttributes(attributes: MessageAttributes | undefined): Record<string, MessageAttributeValue> | undefined {
  if (attributes === undefined || Object.keys(attributes).length === 0) return undefined;
  return Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]));
}

function receivedMessage(message: Message): ReceivedMessage {
  const system = message.Attributes ?? {};
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    if (value.StringValue !== undefined) attributes[name] = value.StringValue;
  }
  const groupId = system.MessageGroupId;
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes,
    receiveCount: Number(system.ApproximateReceiveCount ?? '0'),
    sentTimestamp: Number(system.SentTimestamp ?? '0'),
    ...(groupId === undefined ? {} : { messageGroupId: groupId }),
  };
}
