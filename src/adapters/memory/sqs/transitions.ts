import type { ReceivedMessage } from '../../../ports/queue.js';
import type { Simulation } from '../../../sim/simulation.js';
import { StepContext } from '../../../sim/stepContext.js';
import { receiptHandleFor } from './identifiers.js';
import type { QueueState, StoredMessage } from './queueState.js';

export type Removal = 'deleted' | 'stale' | 'invalid';

/**
 * The transitions of one SQS message (machine `sqsMessage`): received, visible again, deleted, redriven,
 * expired. Each is recorded as a lifecycle event in the step that caused it, or, for a visibility timeout,
 * in a step of its own that the timer records.
 */
export class MessageTransitions {
  private handleCount = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly lookup: (url: string) => QueueState,
  ) {}

  /** Delivers the message to a receiver: a new receipt handle, one more receive, in flight until `visibleAt`. */
  deliver(queue: QueueState, message: StoredMessage, visibilityMs: number, step: StepContext): ReceivedMessage {
    message.receiveCount++;
    const handle = receiptHandleFor(message.messageId, this.handleCount++);
    queue.handles.set(handle, message.messageId);
    message.receiptHandle = handle;
    message.inFlight = true;
    // The current step is recorded right after the effect, under this number.
    message.receiveStep = this.sim.trace.length;
    this.arm(queue, message, this.sim.now + visibilityMs);
    step.entity(message.messageId).event({ machine: 'sqsMessage', id: message.messageId, type: 'received' });
    return {
      messageId: message.messageId,
      receiptHandle: handle,
      body: message.body,
      attributes: message.attributes,
      receiveCount: message.receiveCount,
      sentTimestamp: message.sentTimestamp,
      ...(message.messageGroupId === undefined ? {} : { messageGroupId: message.messageGroupId }),
    };
  }

  /** Whether receiving the message would exceed the queue's maxReceiveCount (then it moves instead). */
  redriveDue(queue: QueueState, message: StoredMessage): boolean {
    return queue.config.redrive !== undefined && message.receiveCount >= queue.config.redrive.maxReceiveCount;
  }

  /**
   * Moves the message to the dead-letter queue with its id, attributes and receive count. A Standard
   * queue keeps the original enqueue time for retention; a FIFO queue restarts it.
   */
  redrive(queue: QueueState, message: StoredMessage, step: StepContext): void {
    const deadLetterQueue = this.lookup(queue.config.redrive!.deadLetterQueueUrl);
    message.visibilityTimer?.cancel();
    queue.messages.delete(message.messageId);
    deadLetterQueue.messages.set(message.messageId, {
      ...message,
      retentionFrom: deadLetterQueue.config.fifo ? this.sim.now : message.retentionFrom,
      visibleAt: this.sim.now,
      inFlight: false,
      receiptHandle: undefined,
      receiveStep: null,
      visibilityTimer: undefined,
    });
    step.entity(message.messageId).event({ machine: 'sqsMessage', id: message.messageId, type: 'redriven' });
    step.detail('deadLetterQueue', deadLetterQueue.name);
    deadLetterQueue.arrivals.signal();
  }

  /** Deletes the message if the handle is its most recent one; an older handle is accepted and does nothing. */
  remove(queue: QueueState, receiptHandle: string, step: StepContext): Removal {
    const messageId = queue.handles.get(receiptHandle);
    if (messageId === undefined) return 'invalid';
    step.entity(messageId);
    const message = queue.messages.get(messageId);
    if (message === undefined || message.receiptHandle !== receiptHandle) return 'stale';
    message.visibilityTimer?.cancel();
    queue.messages.delete(messageId);
    step.event({ machine: 'sqsMessage', id: messageId, type: 'deleted' });
    // A FIFO group opens when its in-flight message goes.
    if (queue.config.fifo) queue.arrivals.signal();
    return 'deleted';
  }

  /** (Re)starts the visibility timeout: at `visibleAt` the message is visible again. */
  arm(queue: QueueState, message: StoredMessage, visibleAt: number): void {
    message.visibilityTimer?.cancel();
    message.visibleAt = visibleAt;
    message.visibilityTimer = this.sim.at(visibleAt, `sqs ${queue.name} visibility ${message.messageId}`, () =>
      this.visibilityExpired(queue, message),
    );
  }

  /** Retention is applied when the queue is next touched, within that step (as SQS deletes lazily). */
  expireDue(queue: QueueState, step: StepContext): void {
    const expired = queue.expiredMessages(this.sim.now);
    for (const message of expired) {
      message.visibilityTimer?.cancel();
      queue.messages.delete(message.messageId);
      step.entity(message.messageId).event({ machine: 'sqsMessage', id: message.messageId, type: 'expired' });
    }
    if (expired.length > 0 && queue.config.fifo) queue.arrivals.signal();
  }

  private visibilityExpired(queue: QueueState, message: StoredMessage): void {
    message.visibilityTimer = undefined;
    message.inFlight = false;
    const step = new StepContext([message.messageId]).detail('queue', queue.name);
    if (queue.isExpired(message, this.sim.now)) {
      queue.messages.delete(message.messageId);
      step.event({ machine: 'sqsMessage', id: message.messageId, type: 'expired' });
    } else {
      step.event({ machine: 'sqsMessage', id: message.messageId, type: 'visible' });
    }
    this.sim.noteSystem(`sqs ${queue.name}`, 'sqs.visibilityTimeout', step, message.receiveStep);
    queue.arrivals.signal();
  }
}
