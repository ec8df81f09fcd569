/**
 * Amazon SQS in memory: Standard and FIFO queues with the semantics the pipeline depends on.
 *
 * Modelled. Standard queues deliver at least once and in any order: every receive draws which visible
 * message comes next (`service` choice, 0 = the oldest). DelaySeconds (per queue, and per message on
 * Standard queues), visibility timeouts (a timer makes the message visible again and wakes receivers),
 * ApproximateReceiveCount (grows on every receive, carried into the dead-letter queue), a new receipt
 * handle per receive (only the most recent one deletes; an older one is accepted and deletes nothing),
 * ChangeMessageVisibility, redrive (a receive that would exceed maxReceiveCount moves the message to the
 * dead-letter queue instead of delivering it), and retention (applied when the queue is next touched).
 * FIFO queues keep order per MessageGroupId, block a group while one of its messages is in flight, and
 * drop a send whose deduplication id (explicit, or the SHA-256 of the body) was seen in the last 5
 * minutes: it is reported successful with the first message's id. Long polling blocks the caller until a
 * message is receivable or the wait ends. Batch requests take at most 10 entries with distinct ids.
 * Every request is one step (latency class `sqs`); a long poll that has to wait takes one more step each
 * time it wakes to a receivable message.
 *
 * Not modelled: message attributes other than strings, system attribute names, fair queues (a
 * MessageGroupId sent to a Standard queue is ignored), high-throughput FIFO, PurgeQueue, queue-level
 * permissions, and server sampling beyond the `sqs.emptyReceive` fault.
 *
 * Faults (names from src/sim/faults/catalog.ts):
 * - `sqs.throttle`, per SQS request: ThrottlingException before the effect.
 * - `sqs.sendFailure`, per SendMessageBatch entry: the entry is reported Failed (InternalError, not the
 *   sender's fault) and nothing is enqueued for it.
 * - `sqs.emptyReceive`, per ReceiveMessage call while a message is receivable: returns nothing at once.
 * - `sqs.duplicate`, per ReceiveMessage call on a Standard queue while a message is in flight: one
 *   in-flight message (`service` choice) is delivered again with a new handle and counts a receive.
 */
import { QueueError, Throttled, ValidationError } from '../../../ports/errors.js';
import type {
  Queue,
  QueueConfig,
  ReceiveRequest,
  ReceivedMessage,
  SendBatchResult,
  SendEntry,
} from '../../../ports/queue.js';
import type { Simulation } from '../../../sim/simulation.js';
import type { StepContext } from '../../../sim/stepContext.js';
import { contentDeduplicationId, queueArnFor, queueUrlFor, uuidFrom } from './identifiers.js';
import { entryProblem, limits, validateQueueConfig, validateReceive } from './queueConfig.js';
import { type MessageView, QueueState, type StoredMessage } from './queueState.js';
import { MessageTransitions } from './transitions.js';

export class MemoryQueues implements Queue {
  private readonly queues = new Map<string, QueueState>();
  private readonly transitions: MessageTransitions;
  private messageCount = 0;

  constructor(private readonly sim: Simulation) {
    this.transitions = new MessageTransitions(sim, (url) => this.lookup(url));
  }

  /** Creates the queue (its dead-letter queue must exist already) and returns its URL. */
  createQueue(config: QueueConfig): string {
    const url = queueUrlFor(config.name);
    if (this.queues.has(url)) throw new QueueError('QueueAlreadyExists', `queue ${config.name} already exists`);
    const deadLetterUrl = config.redrive?.deadLetterQueueUrl;
    validateQueueConfig(config, deadLetterUrl === undefined ? undefined : this.queues.get(deadLetterUrl)?.config);
    this.queues.set(url, new QueueState(config, url, queueArnFor(config.name)));
    return url;
  }

  // Inspection for the harness and the event source mapping: no step, no effect.

  stats(url: string): { readonly visible: number; readonly inFlight: number; readonly delayed: number } {
    return this.lookup(url).stats(this.sim.now);
  }

  messages(url: string): MessageView[] {
    return this.lookup(url).view(this.sim.now);
  }

  isDeadLetterQueue(url: string): boolean {
    return [...this.queues.values()].some((q) => q.config.redrive?.deadLetterQueueUrl === url);
  }

  configOf(url: string): QueueConfig {
    return this.lookup(url).config;
  }

  queueArn(url: string): string {
    return this.lookup(url).arn;
  }

  /**
   * Blocks the calling actor until a receive could return a message (true) or `timeoutMs` passes
   * (false). Pollers wait here instead of polling an empty queue.
   */
  async awaitReceivable(url: string, timeoutMs?: number): Promise<boolean> {
    const queue = this.lookup(url);
    const deadline = timeoutMs === undefined ? undefined : this.sim.now + timeoutMs;
    while (!queue.hasReceivable(this.sim.now)) {
      const remaining = deadline === undefined ? undefined : deadline - this.sim.now;
      if (remaining !== undefined && remaining <= 0) return false;
      await this.sim.block(queue.arrivals, remaining);
    }
    return true;
  }

  // The Queue port.

  sendMessageBatch(url: string, entries: readonly SendEntry[]): Promise<SendBatchResult> {
    return this.sim.io({ op: 'sqs.SendMessageBatch', latency: 'sqs' }, (step) => {
      const queue = this.begin(url, step);
      checkBatchIds(entries.map((e) => e.id));
      const bytes = entries.reduce((sum, e) => sum + Buffer.byteLength(e.body) + attributeBytes(e.attributes), 0);
      if (bytes > limits.maxBatchBytes) {
        throw new QueueError('AWS.SimpleQueueService.BatchRequestTooLong', `batch of ${bytes} bytes exceeds 262144`);
      }
      queue.pruneDeduplication(this.sim.now);
      const successful: { id: string; messageId: string }[] = [];
      const failed: { id: string; code: string; senderFault: boolean }[] = [];
      for (const entry of entries) {
        const problem = entryProblem(queue.config, entry);
        if (problem !== undefined) failed.push({ id: entry.id, code: problem, senderFault: true });
        else if (this.sim.faults.fire('sqs.sendFailure')) failed.push({ id: entry.id, code: 'InternalError', senderFault: false });
        else successful.push({ id: entry.id, messageId: this.enqueue(queue, entry, step) });
      }
      if (failed.length > 0) step.detail('failed', failed.map((f) => `${f.id}:${f.code}`));
      return { successful, failed };
    });
  }

  async receiveMessage(url: string, request: ReceiveRequest): Promise<readonly ReceivedMessage[]> {
    const waitSeconds = request.waitTimeSeconds ?? this.queues.get(url)?.config.receiveWaitTimeSeconds ?? 0;
    const deadline = this.sim.now + waitSeconds * 1000;
    for (;;) {
      const { messages, sampledEmpty } = await this.sim.io({ op: 'sqs.ReceiveMessage', latency: 'sqs' }, (step) =>
        this.receive(url, request, step),
      );
      if (messages.length > 0 || sampledEmpty) return messages;
      const remaining = deadline - this.sim.now;
      if (remaining <= 0 || !(await this.awaitReceivable(url, remaining))) return messages;
    }
  }

  deleteMessage(url: string, receiptHandle: string): Promise<void> {
    return this.sim.io({ op: 'sqs.DeleteMessage', latency: 'sqs' }, (step) => {
      const queue = this.begin(url, step);
      const removal = this.transitions.remove(queue, receiptHandle, step);
      if (removal === 'invalid') throw invalidHandle(receiptHandle);
      if (removal === 'stale') step.detail('stale', true);
    });
  }

  deleteMessageBatch(
    url: string,
    entries: readonly { readonly id: string; readonly receiptHandle: string }[],
  ): Promise<{ readonly failed: readonly string[] }> {
    return this.sim.io({ op: 'sqs.DeleteMessageBatch', latency: 'sqs' }, (step) => {
      const queue = this.begin(url, step);
      checkBatchIds(entries.map((e) => e.id));
      const failed: string[] = [];
      const stale: string[] = [];
      for (const entry of entries) {
        const removal = this.transitions.remove(queue, entry.receiptHandle, step);
        if (removal === 'invalid') failed.push(entry.id);
        if (removal === 'stale') stale.push(entry.id);
      }
      if (stale.length > 0) step.detail('stale', stale);
      if (failed.length > 0) step.detail('failed', failed);
      return { failed };
    });
  }

  changeMessageVisibility(url: string, receiptHandle: string, visibilityTimeoutSeconds: number): Promise<void> {
    return this.sim.io({ op: 'sqs.ChangeMessageVisibility', latency: 'sqs' }, (step) => {
      const queue = this.begin(url, step);
      if (!(visibilityTimeoutSeconds >= 0 && visibilityTimeoutSeconds <= limits.maxVisibilityTimeoutSeconds)) {
        throw new ValidationError('VisibilityTimeout must be 0..43200');
      }
      const messageId = queue.handles.get(receiptHandle);
      if (messageId === undefined) throw invalidHandle(receiptHandle);
      step.entity(messageId).detail('visibilityTimeoutSeconds', visibilityTimeoutSeconds);
      const message = queue.messages.get(messageId);
      if (message === undefined || message.receiptHandle !== receiptHandle || !message.inFlight) {
        throw new QueueError('AWS.SimpleQueueService.MessageNotInflight', `message ${messageId} is not in flight`);
      }
      this.transitions.arm(queue, message, this.sim.now + visibilityTimeoutSeconds * 1000);
    });
  }

  private receive(
    url: string,
    request: ReceiveRequest,
    step: StepContext,
  ): { readonly messages: ReceivedMessage[]; readonly sampledEmpty: boolean } {
    const queue = this.begin(url, step);
    validateReceive(request);
    const now = this.sim.now;
    if (queue.hasReceivable(now) && this.sim.faults.fire('sqs.emptyReceive')) {
      step.detail('sampledEmpty', true);
      return { messages: [], sampledEmpty: true };
    }
    const visibilityMs = (request.visibilityTimeoutSeconds ?? queue.config.visibilityTimeoutSeconds) * 1000;
    const received: ReceivedMessage[] = [];
    const sendSteps: number[] = [];
    const take = (message: StoredMessage): void => {
      if (this.transitions.redriveDue(queue, message)) return this.transitions.redrive(queue, message, step);
      received.push(this.transitions.deliver(queue, message, visibilityMs, step));
      sendSteps.push(message.sendStep);
    };
    const draw = (options: number): number => this.sim.choices.draw('service', options);
    if (queue.config.fifo) {
      const groups = queue.openGroups(now);
      while (received.length < request.maxMessages && groups.length > 0) {
        const group = groups.splice(draw(groups.length), 1)[0]!;
        for (const message of queue.groupMessages(group, now)) {
          if (received.length >= request.maxMessages || queue.stateOf(message, now) !== 'visible') break;
          take(message);
        }
      }
    } else {
      const inFlight = queue.inFlightMessages(now);
      if (inFlight.length > 0 && this.sim.faults.fire('sqs.duplicate')) {
        take(inFlight[draw(inFlight.length)]!);
        step.detail('duplicate', true);
      }
      const candidates = queue.visibleMessages(now);
      while (received.length < request.maxMessages && candidates.length > 0) {
        take(candidates.splice(draw(candidates.length), 1)[0]!);
      }
    }
    step.causedBy(sendSteps[0]);
    if (sendSteps.length > 1) step.detail('sendSteps', sendSteps);
    return { messages: received, sampledEmpty: false };
  }

  private enqueue(queue: QueueState, entry: SendEntry, step: StepContext): string {
    const now = this.sim.now;
    const deduplicationId = queue.config.fifo ? (entry.messageDeduplicationId ?? contentDeduplicationId(entry.body)) : undefined;
    if (deduplicationId !== undefined) {
      const first = queue.deduplication.get(deduplicationId);
      if (first !== undefined) {
        step.entity(first.messageId).event({ machine: 'sqsMessage', id: first.messageId, type: 'deduplicated' });
        return first.messageId;
      }
    }
    const messageId = uuidFrom(`sqs message ${this.messageCount++}`);
    const delayMs = (entry.delaySeconds ?? queue.config.delaySeconds) * 1000;
    queue.messages.set(messageId, {
      messageId,
      body: entry.body,
      attributes: { ...entry.attributes },
      messageGroupId: queue.config.fifo ? entry.messageGroupId : undefined,
      sentTimestamp: this.sim.epochMs + now,
      // The current step is recorded right after the effect, under this number.
      sendStep: this.sim.trace.length,
      retentionFrom: now,
      receiveCount: 0,
      visibleAt: now + delayMs,
      inFlight: false,
      receiptHandle: undefined,
      receiveStep: null,
      visibilityTimer: undefined,
    });
    if (deduplicationId !== undefined) {
      queue.deduplication.set(deduplicationId, { messageId, until: now + limits.deduplicationIntervalMs });
    }
    step.entity(messageId).event({ machine: 'sqsMessage', id: messageId, type: 'sent' });
    if (delayMs > 0) this.sim.at(now + delayMs, `sqs ${queue.name} delay ${messageId}`, () => queue.arrivals.signal());
    else queue.arrivals.signal();
    return messageId;
  }

  /** What every request does first: throttling, the queue lookup, and retention. */
  private begin(url: string, step: StepContext): QueueState {
    if (this.sim.faults.fire('sqs.throttle')) throw new Throttled('ThrottlingException');
    const queue = this.lookup(url);
    step.detail('queue', queue.name);
    this.transitions.expireDue(queue, step);
    return queue;
  }

  private lookup(url: string): QueueState {
    const queue = this.queues.get(url);
    if (queue === undefined) {
      throw new QueueError('AWS.SimpleQueueService.NonExistentQueue', `The specified queue does not exist: ${url}`);
    }
    return queue;
  }
}

function checkBatchIds(ids: readonly string[]): void {
  if (ids.length === 0) throw new QueueError('AWS.SimpleQueueService.EmptyBatchRequest', 'the batch has no entries');
  if (ids.length > limits.maxBatchEntries) {
    throw new QueueError('AWS.SimpleQueueService.TooManyEntriesInBatchRequest', `${ids.length} entries; at most 10`);
  }
  if (new Set(ids).size !== ids.length) {
    throw new QueueError('AWS.SimpleQueueService.BatchEntryIdsNotDistinct', 'two entries of the batch share an id');
  }
}

function attributeBytes(attributes: SendEntry['attributes']): number {
  return Object.entries(attributes ?? {}).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
}

function invalidHandle(receiptHandle: string): QueueError {
  return new QueueError('ReceiptHandleIsInvalid', `The input receipt handle "${receiptHandle}" is not a valid receipt handle.`);
}
