import {
  ChangeMessageVisibilityCommand,
  type ChangeMessageVisibilityCommandInput,
  CreateQueueCommand,
  type CreateQueueCommandInput,
  DeleteMessageBatchCommand,
  type DeleteMessageBatchCommandInput,
  DeleteMessageCommand,
  type DeleteMessageCommandInput,
  GetQueueAttributesCommand,
  type GetQueueAttributesCommandInput,
  ReceiveMessageCommand,
  type ReceiveMessageCommandInput,
  SQSClient,
  SQSServiceException,
  SendMessageBatchCommand,
  type SendMessageBatchCommandInput,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { queueUrlFor } from '../../src/adapters/memory/sqs/identifiers.js';
import type { MemoryQueues } from '../../src/adapters/memory/sqs/memoryQueues.js';
import { PortError, ServiceUnavailable, Throttled, ValidationError } from '../../src/ports/errors.js';
import type { QueueConfig } from '../../src/ports/queue.js';

/**
 * A stateful SQS behind aws-sdk-client-mock: every command the SQS adapter (and the queue admin) sends
 * is answered by the in-memory fake, and the fake's errors go back as the JSON-protocol exceptions SQS
 * sends: the shape name, and the query-compatible `Code` (`AWS.SimpleQueueService.NonExistentQueue`).
 */
export function sqsClientOnMemory(queues: MemoryQueues): SQSClient {
  const client = new SQSClient({ region: 'us-east-1', credentials: { accessKeyId: 'mock', secretAccessKey: 'mock' } });
  const mock = mockClient(client);
  const answer =
    <I, O>(call: (input: I) => Promise<O>) =>
    async (input: I): Promise<O> => {
      try {
        return await call(input);
      } catch (error) {
        throw wireError(error);
      }
    };
  mock.on(CreateQueueCommand).callsFake(answer(async (input: CreateQueueCommandInput) => ({ QueueUrl: queues.createQueue(queueConfig(input)) })));
  mock.on(GetQueueAttributesCommand).callsFake(
    answer(async (input: GetQueueAttributesCommandInput) => ({ Attributes: { QueueArn: queues.queueArn(input.QueueUrl!) } })),
  );
  mock.on(SendMessageBatchCommand).callsFake(
    answer(async (input: SendMessageBatchCommandInput) => {
      const result = await queues.sendMessageBatch(
        input.QueueUrl!,
        (input.Entries ?? []).map((e) => ({
          id: e.Id!,
          body: e.MessageBody!,
          attributes: Object.fromEntries(Object.entries(e.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue ?? ''])),
          delaySeconds: e.DelaySeconds,
          messageGroupId: e.MessageGroupId,
          messageDeduplicationId: e.MessageDeduplicationId,
        })),
      );
      return {
        Successful: result.successful.map((s) => ({ Id: s.id, MessageId: s.messageId, MD5OfMessageBody: '' })),
        Failed: result.failed.map((f) => ({ Id: f.id, Code: f.code, SenderFault: f.senderFault })),
      };
    }),
  );
  mock.on(ReceiveMessageCommand).callsFake(
    answer(async (input: ReceiveMessageCommandInput) => {
      const messages = await queues.receiveMessage(input.QueueUrl!, {
        maxMessages: input.MaxNumberOfMessages ?? 1,
        visibilityTimeoutSeconds: input.VisibilityTimeout,
        waitTimeSeconds: input.WaitTimeSeconds,
      });
      return {
        Messages: messages.map((m) => ({
          MessageId: m.messageId,
          ReceiptHandle: m.receiptHandle,
          Body: m.body,
          Attributes: {
            ApproximateReceiveCount: String(m.receiveCount),
            SentTimestamp: String(m.sentTimestamp),
            ...(m.messageGroupId === undefined ? {} : { MessageGroupId: m.messageGroupId }),
          },
          MessageAttributes: Object.fromEntries(Object.entries(m.attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }])),
        })),
      };
    }),
  );
  mock.on(DeleteMessageCommand).callsFake(
    answer(async (input: DeleteMessageCommandInput) => {
      await queues.deleteMessage(input.QueueUrl!, input.ReceiptHandle!);
      return {};
    }),
  );
  mock.on(DeleteMessageBatchCommand).callsFake(
    answer(async (input: DeleteMessageBatchCommandInput) => {
      const entries = (input.Entries ?? []).map((e) => ({ id: e.Id!, receiptHandle: e.ReceiptHandle! }));
      const result = await queues.deleteMessageBatch(input.QueueUrl!, entries);
      return {
        Successful: entries.filter((e) => !result.failed.includes(e.id)).map((e) => ({ Id: e.id })),
        Failed: result.failed.map((id) => ({ Id: id, Code: 'ReceiptHandleIsInvalid', SenderFault: true })),
      };
    }),
  );
  mock.on(ChangeMessageVisibilityCommand).callsFake(
    answer(async (input: ChangeMessageVisibilityCommandInput) => {
      await queues.changeMessageVisibility(input.QueueUrl!, input.ReceiptHandle!, input.VisibilityTimeout!);
      return {};
    }),
  );
  return client;
}

/** The QueueConfig a CreateQueue request describes; the redrive policy's ARN names the dead-letter queue. */
function queueConfig(input: CreateQueueCommandInput): QueueConfig {
  const attributes: Partial<Record<string, string>> = input.Attributes ?? {};
  const redrive = attributes['RedrivePolicy'] === undefined ? undefined : (JSON.parse(attributes['RedrivePolicy']) as { deadLetterTargetArn: string; maxReceiveCount: number });
  return {
    name: input.QueueName!,
    fifo: attributes['FifoQueue'] === 'true',
    contentBasedDeduplication: attributes['ContentBasedDeduplication'] === 'true',
    visibilityTimeoutSeconds: Number(attributes['VisibilityTimeout'] ?? 30),
    messageRetentionSeconds: Number(attributes['MessageRetentionPeriod'] ?? 345_600),
    receiveWaitTimeSeconds: Number(attributes['ReceiveMessageWaitTimeSeconds'] ?? 0),
    delaySeconds: Number(attributes['DelaySeconds'] ?? 0),
    ...(redrive === undefined
      ? {}
      : { redrive: { deadLetterQueueUrl: queueUrlFor(redrive.deadLetterTargetArn.split(':').at(-1)!), maxReceiveCount: Number(redrive.maxReceiveCount) } }),
  };
}

const shapeNames: Readonly<Record<string, string>> = { 'AWS.SimpleQueueService.NonExistentQueue': 'QueueDoesNotExist' };

/** The exception SQS sends (JSON protocol with query compatibility) for an error code. */
export function sqsException(code: string, status: number, message = code): SQSServiceException {
  const name = shapeNames[code] ?? code.replace(/^AWS\.SimpleQueueService\./, '');
  return Object.assign(new SQSServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message }), {
    Code: code,
  });
}

function wireError(error: unknown): unknown {
  if (!(error instanceof PortError)) return error;
  if (error instanceof Throttled) return sqsException('ThrottlingException', 400, error.message);
  if (error instanceof ServiceUnavailable) return sqsException('InternalError', 500, error.message);
  if (error instanceof ValidationError) return sqsException('InvalidParameterValue', 400, error.message);
  return sqsException(error.code, 400, error.message);
}
