/**
 * The SQS event source mapping of AWS Lambda in memory: service-side pollers that receive batches from
 * one queue and invoke a function with them.
 *
 * Modelled. `maximumConcurrency` pollers (default 5), each with at most one invocation at a time; a
 * poller blocks while the queue has nothing receivable (no busy polling, so a quiet system goes idle).
 * A poller receives up to 10 messages per call (the queue's visibility timeout applies) until it holds
 * `batchSize` messages or the batching window has passed, then invokes. On success it deletes every
 * message the response does not report as failed; a reported identifier that is no messageId of the
 * batch (the seed era returns receipt handles) either fails the whole batch (`wholeBatchRetried`, what
 * AWS documents) or is ignored (`unknownIgnored`), and the choice is recorded in the trace. On a function
 * error, timeout or crash nothing is deleted: the messages return after their visibility timeout, and
 * every new receive counts towards maxReceiveCount. A throttled invoke leaves the batch in flight as
 * well, and the poller backs off for a second. FIFO queues: batches of at most 10, no batching window;
 * a group's messages arrive in order because the queue blocks a group while one of its messages is in
 * flight.
 *
 * Not modelled: the scaling of pollers with queue depth (the pollers are always all there), the
 * mapping's own retries of throttled invokes, and failed deletes (they are dropped: the messages return
 * after their visibility timeout, as a lost delete does in AWS).
 *
 * Faults (names from src/sim/faults/catalog.ts):
 * - `esm.invokeThrottle`, per invocation attempt: the function is not invoked and the batch stays in
 *   flight.
 */
import { PortError, ValidationError } from '../../../ports/errors.js';
import type { ReceivedMessage, SqsBatch, SqsBatchResponse, SqsRecord } from '../../../ports/queue.js';
import type { Simulation } from '../../../sim/simulation.js';
import { StepContext } from '../../../sim/stepContext.js';
import type { MemoryQueues } from '../sqs/memoryQueues.js';
import type { Invoker } from './invocation.js';

export interface SqsEventSourceMappingConfig {
  readonly batchSize: number;
  readonly batchingWindowMs: number;
  /** ScalingConfig.MaximumConcurrency: the number of concurrent invocations (pollers), 2..1000. */
  readonly maximumConcurrency?: number;
  readonly reportBatchItemFailures: boolean;
  /** What a batch item failure whose identifier is no messageId of the batch does. */
  readonly unknownItemIdentifier: 'wholeBatchRetried' | 'unknownIgnored';
}

const receiveLimit = 10;
const defaultPollers = 5;
const backoffMs = 1_000;

export class SqsEventSourceMapping {
  private readonly queueName: string;
  private readonly queueArn: string;

  constructor(
    private readonly sim: Simulation,
    private readonly queues: MemoryQueues,
    private readonly queueUrl: string,
    private readonly invoke: Invoker<SqsBatch, SqsBatchResponse>,
    private readonly config: SqsEventSourceMappingConfig,
  ) {
    const queue = queues.configOf(queueUrl);
    this.queueName = queue.name;
    this.queueArn = queues.queueArn(queueUrl);
    const problems: string[] = [];
    if (!Number.isInteger(config.batchSize) || config.batchSize < 1 || config.batchSize > 10_000) problems.push('BatchSize must be 1..10000');
    if (config.batchingWindowMs < 0 || config.batchingWindowMs > 300_000) problems.push('MaximumBatchingWindowInSeconds must be 0..300');
    if (queue.fifo && (config.batchSize > receiveLimit || config.batchingWindowMs > 0)) {
      problems.push('a FIFO queue takes batches of at most 10 and no batching window');
    }
    const concurrency = config.maximumConcurrency;
    if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 2 || concurrency > 1000)) {
      problems.push('MaximumConcurrency must be 2..1000');
    }
    if (problems.length > 0) throw new ValidationError(`event source mapping for ${queue.name}: ${problems.join('; ')}`);
  }

  /** Spawns the pollers (service-side actors: `process.pause` does not stall them). */
  start(): void {
    for (let i = 0; i < (this.config.maximumConcurrency ?? defaultPollers); i++) {
      this.sim.spawn(`esm ${this.queueName}`, () => this.poll(), { pausable: false });
    }
  }

  private async poll(): Promise<void> {
    for (;;) {
      await this.queues.awaitReceivable(this.queueUrl);
      const batch = await this.collect();
      if (batch === undefined) await this.sim.sleep(backoffMs);
      else if (batch.length > 0) await this.deliver(batch);
    }
  }

  /** Receives until the batch is full or the window has passed; undefined when the first receive failed. */
  private async collect(): Promise<ReceivedMessage[] | undefined> {
    const batch: ReceivedMessage[] = [];
    const windowEnd = this.sim.now + this.config.batchingWindowMs;
    for (;;) {
      let received: readonly ReceivedMessage[];
      try {
        const maxMessages = Math.min(receiveLimit, this.config.batchSize - batch.length);
        received = await this.queues.receiveMessage(this.queueUrl, { maxMessages, waitTimeSeconds: 0 });
      } catch (error) {
        if (!(error instanceof PortError)) throw error;
        return batch.length > 0 ? batch : undefined;
      }
      batch.push(...received);
      const remaining = windowEnd - this.sim.now;
      if (batch.length >= this.config.batchSize || remaining <= 0) return batch;
      if (received.length === 0 && !(await this.queues.awaitReceivable(this.queueUrl, remaining))) return batch;
    }
  }

  private async deliver(batch: readonly ReceivedMessage[]): Promise<void> {
    if (this.sim.faults.fire('esm.invokeThrottle')) {
      this.sim.note('esm.invokeThrottled', new StepContext(batch.map((m) => m.messageId)).setOutcome('throttled'));
      await this.sim.sleep(backoffMs);
      return;
    }
    const outcome = await this.invoke({ records: batch.map((m) => this.record(m)) });
    if (outcome.kind === 'throttled') await this.sim.sleep(backoffMs);
    if (outcome.kind === 'success') await this.acknowledge(batch, outcome.result);
  }

  private async acknowledge(batch: readonly ReceivedMessage[], response: SqsBatchResponse): Promise<void> {
    const failures = this.config.reportBatchItemFailures ? (response?.batchItemFailures ?? []) : [];
    const failed = new Set(failures.map((f) => f.itemIdentifier));
    const messageIds = new Set(batch.map((m) => m.messageId));
    const unknown = [...failed].filter((id) => !messageIds.has(id));
    if (unknown.length > 0) {
      const retried = this.config.unknownItemIdentifier === 'wholeBatchRetried';
      this.sim.note(
        'esm.unknownItemIdentifiers',
        new StepContext()
          .setOutcome(retried ? 'batchRetried' : 'ignored')
          .detail('policy', this.config.unknownItemIdentifier)
          .detail('count', unknown.length),
      );
      if (retried) return;
    }
    const done = batch.filter((m) => !failed.has(m.messageId));
    for (let i = 0; i < done.length; i += receiveLimit) {
      const entries = done.slice(i, i + receiveLimit).map((m, j) => ({ id: String(j), receiptHandle: m.receiptHandle }));
      try {
        await this.queues.deleteMessageBatch(this.queueUrl, entries);
      } catch (error) {
        if (!(error instanceof PortError)) throw error;
      }
    }
  }

  private record(message: ReceivedMessage): SqsRecord {
    return {
      messageId: message.messageId,
      receiptHandle: message.receiptHandle,
      body: message.body,
      attributes: message.attributes,
      receiveCount: message.receiveCount,
      sentTimestamp: message.sentTimestamp,
      eventSourceARN: this.queueArn,
      ...(message.messageGroupId === undefined ? {} : { messageGroupId: message.messageGroupId }),
    };
  }
}
