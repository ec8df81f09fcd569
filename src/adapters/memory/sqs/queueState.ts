import type { MessageAttributes, QueueConfig } from '../../../ports/queue.js';
import type { TimerHandle } from '../../../sim/simulation.js';
import { Waitable } from '../../../sim/waitable.js';

export type MessageState = 'visible' | 'inFlight' | 'delayed';

/** A message as the queue holds it. Times are virtual milliseconds (`sim.now`). */
export interface StoredMessage {
  readonly messageId: string;
  readonly body: string;
  readonly attributes: MessageAttributes;
  readonly messageGroupId: string | undefined;
  /** Epoch milliseconds of the first send (SentTimestamp). */
  readonly sentTimestamp: number;
  /** The trace step of the send: receives name it as their cause. */
  readonly sendStep: number;
  /** Retention counts from here (the first send; for FIFO, the move into a dead-letter queue). */
  retentionFrom: number;
  receiveCount: number;
  /** Until then the message is delayed (never received) or in flight (received). */
  visibleAt: number;
  inFlight: boolean;
  /** The most recent receipt handle: the only one that deletes the message. */
  receiptHandle: string | undefined;
  receiveStep: number | null;
  visibilityTimer: TimerHandle | undefined;
}

/** What the harness sees of a message (no step, no effect). */
export interface MessageView {
  readonly messageId: string;
  readonly body: string;
  readonly attributes: MessageAttributes;
  readonly messageGroupId?: string;
  readonly state: MessageState;
  readonly receiveCount: number;
  readonly sentTimestamp: number;
}

/**
 * One queue's contents and the queries on them; the effects live in MemoryQueues. `messages` keeps send
 * order (a message moved into a dead-letter queue joins it at the end), which is FIFO order and the
 * "oldest first" of Standard receives.
 */
export class QueueState {
  readonly messages = new Map<string, StoredMessage>();
  /** Every receipt handle ever issued, to its message id: a stale handle is known but deletes nothing. */
  readonly handles = new Map<string, string>();
  /** FIFO deduplication ids to the message id they first sent and the end of their 5-minute interval. */
  readonly deduplication = new Map<string, { readonly messageId: string; readonly until: number }>();
  /** Signalled whenever a message may have become receivable (sent, visible again, group unblocked). */
  readonly arrivals: Waitable;

  constructor(
    readonly config: QueueConfig,
    readonly url: string,
    readonly arn: string,
  ) {
    this.arrivals = new Waitable(`sqs ${config.name} arrivals`);
  }

  get name(): string {
    return this.config.name;
  }

  isExpired(message: StoredMessage, now: number): boolean {
    return message.retentionFrom + this.config.messageRetentionSeconds * 1000 <= now;
  }

  stateOf(message: StoredMessage, now: number): MessageState {
    if (message.inFlight) return 'inFlight';
    return message.visibleAt > now ? 'delayed' : 'visible';
  }

  /** Messages not yet expired, oldest first. */
  live(now: number): StoredMessage[] {
    return [...this.messages.values()].filter((m) => !this.isExpired(m, now));
  }

  expiredMessages(now: number): StoredMessage[] {
    return [...this.messages.values()].filter((m) => this.isExpired(m, now));
  }

  /** Standard: every visible message, oldest first. */
  visibleMessages(now: number): StoredMessage[] {
    return this.live(now).filter((m) => this.stateOf(m, now) === 'visible');
  }

  inFlightMessages(now: number): StoredMessage[] {
    return this.live(now).filter((m) => m.inFlight);
  }

  /**
   * FIFO: the groups a receive may take messages from, ordered by their oldest message. A group is
   * blocked while any of its messages is in flight, and its order means only a visible oldest message
   * opens it.
   */
  openGroups(now: number): string[] {
    const blocked = new Set<string>();
    for (const m of this.live(now)) if (m.inFlight) blocked.add(m.messageGroupId ?? '');
    const seen = new Set<string>();
    const open: string[] = [];
    for (const m of this.live(now)) {
      const group = m.messageGroupId ?? '';
      if (seen.has(group)) continue;
      seen.add(group);
      if (!blocked.has(group) && this.stateOf(m, now) === 'visible') open.push(group);
    }
    return open;
  }

  groupMessages(group: string, now: number): StoredMessage[] {
    return this.live(now).filter((m) => (m.messageGroupId ?? '') === group);
  }

  hasReceivable(now: number): boolean {
    return this.config.fifo ? this.openGroups(now).length > 0 : this.visibleMessages(now).length > 0;
  }

  stats(now: number): { readonly visible: number; readonly inFlight: number; readonly delayed: number } {
    const counts = { visible: 0, inFlight: 0, delayed: 0 };
    for (const m of this.live(now)) counts[this.stateOf(m, now)]++;
    return counts;
  }

  view(now: number): MessageView[] {
    return this.live(now).map((m) => ({
      messageId: m.messageId,
      body: m.body,
      attributes: m.attributes,
      ...(m.messageGroupId === undefined ? {} : { messageGroupId: m.messageGroupId }),
      state: this.stateOf(m, now),
      receiveCount: m.receiveCount,
      sentTimestamp: m.sentTimestamp,
    }));
  }

  pruneDeduplication(now: number): void {
    for (const [id, entry] of this.deduplication) if (entry.until <= now) this.deduplication.delete(id);
  }
}
