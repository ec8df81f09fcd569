/**
 * SQS as the pipeline uses it. Every call names its queue by URL, as the SQS API does, so one client
 * serves the LINES, WORDS, RECEIPT_SUMMARY and LINE_ITEMS queues. Standard queues deliver at least once
 * and may reorder; FIFO queues keep order per message group and deduplicate for 5 minutes.
 */
export interface MessageAttributes {
  readonly [name: string]: string;
}

export interface SendEntry {
  /** Unique within the batch; the spec uses the index as a string. */
  readonly id: string;
  readonly body: string;
  readonly attributes?: MessageAttributes;
  readonly delaySeconds?: number;
  /** FIFO only. */
  readonly messageGroupId?: string;
  /** FIFO only; content-based deduplication applies when absent and the queue enables it. */
  readonly messageDeduplicationId?: string;
}

export interface SendBatchResult {
  readonly successful: readonly { readonly id: string; readonly messageId: string }[];
  readonly failed: readonly { readonly id: string; readonly code: string; readonly senderFault: boolean }[];
}

export interface ReceivedMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly attributes: MessageAttributes;
  /** ApproximateReceiveCount, counting this receive. */
  readonly receiveCount: number;
  /** Epoch milliseconds of the first send (SentTimestamp). */
  readonly sentTimestamp: number;
  readonly messageGroupId?: string;
}

export interface ReceiveRequest {
  /** 1..10. */
  readonly maxMessages: number;
  /** Overrides the queue's default visibility timeout. */
  readonly visibilityTimeoutSeconds?: number;
  /** Long polling wait, 0..20 s. */
  readonly waitTimeSeconds?: number;
}

export interface Queue {
  /** At most 10 entries; entries can fail individually (reported, not thrown). */
  sendMessageBatch(queueUrl: string, entries: readonly SendEntry[]): Promise<SendBatchResult>;
  receiveMessage(queueUrl: string, request: ReceiveRequest): Promise<readonly ReceivedMessage[]>;
  /** A stale receipt handle is accepted and may not delete the message, as in SQS. */
  deleteMessage(queueUrl: string, receiptHandle: string): Promise<void>;
  deleteMessageBatch(
    queueUrl: string,
    entries: readonly { readonly id: string; readonly receiptHandle: string }[],
  ): Promise<{ readonly failed: readonly string[] }>;
  changeMessageVisibility(queueUrl: string, receiptHandle: string, visibilityTimeoutSeconds: number): Promise<void>;
}

/** A queue as the infrastructure creates it (CreateQueue attributes and the redrive policy). */
export interface QueueConfig {
  /** FIFO queue names end in `.fifo`, as SQS requires. */
  readonly name: string;
  readonly fifo: boolean;
  readonly contentBasedDeduplication: boolean;
  readonly visibilityTimeoutSeconds: number;
  readonly messageRetentionSeconds: number;
  readonly receiveWaitTimeSeconds: number;
  readonly delaySeconds: number;
  readonly redrive?: { readonly deadLetterQueueUrl: string; readonly maxReceiveCount: number };
}

/** One record of the event an SQS event source mapping passes to a Lambda function. */
export interface SqsRecord {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly attributes: MessageAttributes;
  readonly receiveCount: number;
  /** Epoch milliseconds of the first send (SentTimestamp). */
  readonly sentTimestamp: number;
  /** `arn:aws:sqs:{region}:{account}:{queue name}`. */
  readonly eventSourceARN: string;
  readonly messageGroupId?: string;
}

export interface SqsBatch {
  readonly records: readonly SqsRecord[];
}

/**
 * A partial batch response (`ReportBatchItemFailures`); `undefined` (no response) acknowledges the whole
 * batch. An identifier is meant to be a messageId of the batch; what the mapping does with any other
 * identifier is a setting of the mapping.
 */
export type SqsBatchResponse = { readonly batchItemFailures: readonly { readonly itemIdentifier: string }[] } | undefined;
