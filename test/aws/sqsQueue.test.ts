import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  SendMessageBatchCommand,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { SqsQueue } from '../../src/adapters/aws/sqsQueue.js';
import { SqsQueueAdmin } from '../../src/adapters/aws/sqsQueueAdmin.js';
import { QueueError, ServiceUnavailable, Throttled, ValidationError } from '../../src/ports/errors.js';
import { recordingRetryPolicy } from './retryPolicies.js';
import { sqsException } from './sqsOnMemory.js';

const url = 'https://sqs.us-east-1.amazonaws.com/123456789012/lines.fifo';

function fixture() {
  const client = new SQSClient({ region: 'us-east-1', credentials: { accessKeyId: 'mock', secretAccessKey: 'mock' } });
  const mock = mockClient(client);
  const retry = recordingRetryPolicy();
  return { mock, retry, queue: new SqsQueue({ client, retry }), admin: new SqsQueueAdmin(client, retry) };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (error: unknown) => error,
  );
}

describe('SqsQueue requests', () => {
  it('sends a batch with String attributes and FIFO fields, and reports successes and sender-fault failures', async () => {
    const { mock, queue } = fixture();
    mock.on(SendMessageBatchCommand).resolves({
      Successful: [{ Id: '0', MessageId: 'm0', MD5OfMessageBody: '' }],
      Failed: [{ Id: '1', Code: 'MissingParameter', SenderFault: true }],
    });
    const result = await queue.sendMessageBatch(url, [
      { id: '0', body: '{"image_id":"i"}', attributes: { collection: 'lines' }, messageGroupId: 'i', messageDeduplicationId: 'd0' },
      { id: '1', body: 'no group', delaySeconds: 3 },
    ]);
    expect(result).toEqual({ successful: [{ id: '0', messageId: 'm0' }], failed: [{ id: '1', code: 'MissingParameter', senderFault: true }] });
    expect(mock.commandCalls(SendMessageBatchCommand)[0]!.args[0].input).toEqual({
      QueueUrl: url,
      Entries: [
        {
          Id: '0',
          MessageBody: '{"image_id":"i"}',
          MessageAttributes: { collection: { DataType: 'String', StringValue: 'lines' } },
          DelaySeconds: undefined,
          MessageGroupId: 'i',
          MessageDeduplicationId: 'd0',
        },
        { Id: '1', MessageBody: 'no group', MessageAttributes: undefined, DelaySeconds: 3, MessageGroupId: undefined, MessageDeduplicationId: undefined },
      ],
    });
  });

  it('asks for the receive count through both attribute parameters and maps the received messages', async () => {
    const { mock, queue } = fixture();
    mock.on(ReceiveMessageCommand).resolves({
      Messages: [
        {
          MessageId: 'm0',
          ReceiptHandle: 'h0',
          Body: 'b',
          Attributes: { ApproximateReceiveCount: '3', SentTimestamp: '1763121600000', MessageGroupId: 'g' },
          MessageAttributes: { collection: { DataType: 'String', StringValue: 'words' }, blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1]) } },
        },
      ],
    });
    expect(await queue.receiveMessage(url, { maxMessages: 10, visibilityTimeoutSeconds: 30, waitTimeSeconds: 20 })).toEqual([
      { messageId: 'm0', receiptHandle: 'h0', body: 'b', attributes: { collection: 'words' }, receiveCount: 3, sentTimestamp: 1763121600000, messageGroupId: 'g' },
    ]);
    expect(mock.commandCalls(ReceiveMessageCommand)[0]!.args[0].input).toEqual({
      QueueUrl: url,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 30,
      WaitTimeSeconds: 20,
      AttributeNames: ['All'],
      MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp', 'MessageGroupId'],
      MessageAttributeNames: ['All'],
    });
  });

  it('reports the ids of the entries a batch delete could not delete', async () => {
    const { mock, queue } = fixture();
    mock.on(DeleteMessageBatchCommand).resolves({ Successful: [{ Id: 'a' }], Failed: [{ Id: 'b', Code: 'ReceiptHandleIsInvalid', SenderFault: true }] });
    expect(await queue.deleteMessageBatch(url, [{ id: 'a', receiptHandle: 'h1' }, { id: 'b', receiptHandle: 'bad' }])).toEqual({ failed: ['b'] });
  });

  it('sends a visibility change with the receipt handle', async () => {
    const { mock, queue } = fixture();
    mock.on(ChangeMessageVisibilityCommand).resolves({});
    await queue.changeMessageVisibility(url, 'h0', 0);
    expect(mock.commandCalls(ChangeMessageVisibilityCommand)[0]!.args[0].input).toEqual({ QueueUrl: url, ReceiptHandle: 'h0', VisibilityTimeout: 0 });
  });
});

describe('SqsQueueAdmin', () => {
  it('creates a FIFO queue whose redrive policy names the dead-letter queue by its ARN', async () => {
    const { mock, admin } = fixture();
    const dlqUrl = 'https://sqs.us-east-1.amazonaws.com/123456789012/lines-dlq.fifo';
    mock.on(GetQueueAttributesCommand).resolves({ Attributes: { QueueArn: 'arn:aws:sqs:us-east-1:123456789012:lines-dlq.fifo' } });
    mock.on(CreateQueueCommand).resolves({ QueueUrl: url });
    const created = await admin.createQueue({
      name: 'lines.fifo',
      fifo: true,
      contentBasedDeduplication: true,
      visibilityTimeoutSeconds: 900,
      messageRetentionSeconds: 345_600,
      receiveWaitTimeSeconds: 20,
      delaySeconds: 0,
      redrive: { deadLetterQueueUrl: dlqUrl, maxReceiveCount: 3 },
    });
    expect(created).toBe(url);
    expect(mock.commandCalls(GetQueueAttributesCommand)[0]!.args[0].input).toEqual({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] });
    expect(mock.commandCalls(CreateQueueCommand)[0]!.args[0].input).toEqual({
      QueueName: 'lines.fifo',
      Attributes: {
        VisibilityTimeout: '900',
        MessageRetentionPeriod: '345600',
        ReceiveMessageWaitTimeSeconds: '20',
        DelaySeconds: '0',
        FifoQueue: 'true',
        ContentBasedDeduplication: 'true',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:123456789012:lines-dlq.fifo', maxReceiveCount: 3 }),
      },
    });
  });
});

describe('SQS errors as port errors', () => {
  it.each([
    { error: sqsException('ReceiptHandleIsInvalid', 400), expected: QueueError, code: 'ReceiptHandleIsInvalid' },
    { error: sqsException('AWS.SimpleQueueService.NonExistentQueue', 400), expected: QueueError, code: 'AWS.SimpleQueueService.NonExistentQueue' },
    { error: sqsException('AWS.SimpleQueueService.TooManyEntriesInBatchRequest', 400), expected: QueueError, code: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest' },
    { error: sqsException('InvalidParameterValue', 400), expected: ValidationError, code: 'ValidationException' },
    { error: sqsException('InternalError', 500), expected: ServiceUnavailable, code: 'InternalError' },
  ])('maps $error.Code to $expected.name with code $code', async ({ error, expected, code }) => {
    const { mock, queue } = fixture();
    mock.onAnyCommand().rejects(error);
    const mapped = await rejection(queue.deleteMessage(url, 'h'));
    expect(mapped).toBeInstanceOf(expected);
    expect(mapped).toMatchObject({ code });
    expect(mock.calls()).toHaveLength(1);
  });

  it('retries throttling with backoff until a receive succeeds', async () => {
    const { mock, queue, retry } = fixture();
    mock
      .on(ReceiveMessageCommand)
      .rejectsOnce(sqsException('ThrottlingException', 400))
      .rejectsOnce(sqsException('RequestThrottled', 403))
      .resolves({ Messages: [] });
    expect(await queue.receiveMessage(url, { maxMessages: 1 })).toEqual([]);
    expect(retry.delays).toEqual([50, 100]);
  });

  it('gives up with Throttled after the policy\'s attempts', async () => {
    const { mock, queue, retry } = fixture();
    mock.on(SendMessageBatchCommand).rejects(sqsException('ThrottlingException', 400));
    expect(await rejection(queue.sendMessageBatch(url, [{ id: '0', body: 'x', messageGroupId: 'g' }]))).toBeInstanceOf(Throttled);
    expect(mock.commandCalls(SendMessageBatchCommand)).toHaveLength(retry.maxAttempts);
  });
});
