import { describe, expect } from 'vitest';
import { PortError } from '../../src/ports/errors.js';
import type { Clock } from '../../src/ports/clock.js';
import type { Queue, QueueConfig, ReceivedMessage } from '../../src/ports/queue.js';
import { type ContractBackend, type ContractFeature, featureCase, notSupportedCase } from './backend.js';

export interface QueuePorts {
  readonly queue: Queue;
  readonly clock: Clock;
  /** Creates a queue for this test (a backend may prefix the name) and returns its URL. */
  createQueue(config: QueueConfig): Promise<string>;
}

/** Short timeouts, so that the suite also runs quickly against a real SQS. */
const standard = (name: string, overrides: Partial<QueueConfig> = {}): QueueConfig => ({
  name,
  fifo: false,
  contentBasedDeduplication: false,
  visibilityTimeoutSeconds: 2,
  messageRetentionSeconds: 3600,
  receiveWaitTimeSeconds: 0,
  delaySeconds: 0,
  ...overrides,
});

const fifo = (name: string, overrides: Partial<QueueConfig> = {}): QueueConfig =>
  standard(`${name}.fifo`, { fifo: true, contentBasedDeduplication: true, ...overrides });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

/** Receives until `count` messages arrived or `attempts` long polls of 1 s came back empty. */
async function receiveSome(queue: Queue, url: string, count: number, attempts = 5): Promise<ReceivedMessage[]> {
  const got: ReceivedMessage[] = [];
  for (let empty = 0; got.length < count && empty < attempts; ) {
    const batch = await queue.receiveMessage(url, { maxMessages: Math.min(10, count - got.length), waitTimeSeconds: 1 });
    if (batch.length === 0) empty++;
    got.push(...batch);
  }
  return got;
}

/** The Queue contract, written against the port only. */
export function queueContract(backend: ContractBackend<QueuePorts>): void {
  const check = (name: string, body: (ports: QueuePorts) => Promise<void>, feature?: ContractFeature): void =>
    featureCase(backend, feature)(name, () => backend.run(body));

  describe(`Queue contract (${backend.name})`, () => {
    describe('Standard queues', () => {
      check('a sent batch reports every entry, and each message arrives once with its body and attributes', async (ports) => {
        const url = await ports.createQueue(standard('contract-send'));
        const sent = await ports.queue.sendMessageBatch(url, [
          { id: '0', body: 'first', attributes: { collection: 'lines' } },
          { id: '1', body: 'second', attributes: { collection: 'words' } },
        ]);
        expect(sent.failed).toEqual([]);
        expect(sent.successful.map((s) => s.id).sort()).toEqual(['0', '1']);
        const got = await receiveSome(ports.queue, url, 2);
        expect(got.map((m) => m.body).sort()).toEqual(['first', 'second']);
        expect(got.map((m) => m.messageId).sort()).toEqual(sent.successful.map((s) => s.messageId).sort());
        const first = got.find((m) => m.body === 'first')!;
        expect(first.attributes).toEqual({ collection: 'lines' });
        expect(first.receiveCount).toBe(1);
        expect(first.sentTimestamp).toBeGreaterThan(0);
      });

      check('a batch of more than 10 entries, or with repeated ids, is rejected as a whole', async (ports) => {
        const url = await ports.createQueue(standard('contract-limits'));
        const eleven = Array.from({ length: 11 }, (_, i) => ({ id: String(i), body: `m${i}` }));
        expect(await rejection(ports.queue.sendMessageBatch(url, eleven))).toBeInstanceOf(PortError);
        const repeated = [
          { id: 'a', body: 'x' },
          { id: 'a', body: 'y' },
        ];
        expect(await rejection(ports.queue.sendMessageBatch(url, repeated))).toBeInstanceOf(PortError);
        expect(await ports.queue.receiveMessage(url, { maxMessages: 10, waitTimeSeconds: 1 })).toEqual([]);
      });

      check('a received message stays hidden for its visibility timeout, then returns with a new handle and a higher receive count', async (ports) => {
        const url = await ports.createQueue(standard('contract-visibility'));
        await ports.queue.sendMessageBatch(url, [{ id: '0', body: 'again' }]);
        const [first] = await receiveSome(ports.queue, url, 1);
        expect(await ports.queue.receiveMessage(url, { maxMessages: 10 })).toEqual([]);
        await ports.clock.sleep(2_500);
        const [second] = await receiveSome(ports.queue, url, 1);
        expect(second!.messageId).toBe(first!.messageId);
        expect(second!.receiptHandle).not.toBe(first!.receiptHandle);
        expect(second!.receiveCount).toBe(2);
      });

      check('a deleted message is not received again', async (ports) => {
        const url = await ports.createQueue(standard('contract-delete'));
        await ports.queue.sendMessageBatch(url, [{ id: '0', body: 'once' }]);
        const [message] = await receiveSome(ports.queue, url, 1);
        await ports.queue.deleteMessage(url, message!.receiptHandle);
        await ports.clock.sleep(2_500);
        expect(await ports.queue.receiveMessage(url, { maxMessages: 10, waitTimeSeconds: 1 })).toEqual([]);
      });

      check(
        'deleting with an older receipt handle is accepted but leaves the message in the queue',
        async (ports) => {
          const url = await ports.createQueue(standard('contract-stale'));
          await ports.queue.sendMessageBatch(url, [{ id: '0', body: 'stale' }]);
          const [first] = await receiveSome(ports.queue, url, 1);
          await ports.clock.sleep(2_500);
          const [second] = await receiveSome(ports.queue, url, 1);
          await ports.queue.deleteMessage(url, first!.receiptHandle);
          await ports.clock.sleep(2_500);
          const [third] = await receiveSome(ports.queue, url, 1);
          expect(third?.messageId).toBe(second!.messageId);
          const deleted = await ports.queue.deleteMessageBatch(url, [{ id: 'x', receiptHandle: third!.receiptHandle }]);
          expect(deleted.failed).toEqual([]);
        },
        'staleReceiptHandles',
      );

      check('a batch delete with the current receipt handles deletes the messages', async (ports) => {
        const url = await ports.createQueue(standard('contract-delete-batch'));
        await ports.queue.sendMessageBatch(url, [
          { id: '0', body: 'a' },
          { id: '1', body: 'b' },
        ]);
        const got = await receiveSome(ports.queue, url, 2);
        const deleted = await ports.queue.deleteMessageBatch(url, got.map((m, i) => ({ id: String(i), receiptHandle: m.receiptHandle })));
        expect(deleted.failed).toEqual([]);
        await ports.clock.sleep(2_500);
        expect(await ports.queue.receiveMessage(url, { maxMessages: 10, waitTimeSeconds: 1 })).toEqual([]);
      });

      check('an invalid receipt handle is rejected', async (ports) => {
        const url = await ports.createQueue(standard('contract-invalid-handle'));
        expect(await rejection(ports.queue.deleteMessage(url, 'not-a-handle'))).toMatchObject({ code: 'ReceiptHandleIsInvalid' });
      });

      check('changing the visibility timeout to 0 makes an in-flight message receivable at once', async (ports) => {
        const url = await ports.createQueue(standard('contract-change-visibility', { visibilityTimeoutSeconds: 60 }));
        await ports.queue.sendMessageBatch(url, [{ id: '0', body: 'release' }]);
        const [message] = await receiveSome(ports.queue, url, 1);
        await ports.queue.changeMessageVisibility(url, message!.receiptHandle, 0);
        const [again] = await receiveSome(ports.queue, url, 1);
        expect(again?.messageId).toBe(message!.messageId);
      });

      check(
        'changing the visibility timeout does not count as a receive',
        async (ports) => {
          const url = await ports.createQueue(standard('contract-visibility-count', { visibilityTimeoutSeconds: 60 }));
          await ports.queue.sendMessageBatch(url, [{ id: '0', body: 'release' }]);
          const [message] = await receiveSome(ports.queue, url, 1);
          await ports.queue.changeMessageVisibility(url, message!.receiptHandle, 0);
          const [again] = await receiveSome(ports.queue, url, 1);
          expect(again?.receiveCount).toBe(2);
        },
        'receiveCountOnVisibilityChange',
      );

      check('a delayed message is not received before its delay has passed', async (ports) => {
        const url = await ports.createQueue(standard('contract-delay', { delaySeconds: 2 }));
        await ports.queue.sendMessageBatch(url, [{ id: '0', body: 'later' }]);
        expect(await ports.queue.receiveMessage(url, { maxMessages: 10 })).toEqual([]);
        await ports.clock.sleep(2_500);
        expect((await receiveSome(ports.queue, url, 1)).map((m) => m.body)).toEqual(['later']);
      });

      check('a message received more than maxReceiveCount times moves to the dead-letter queue', async (ports) => {
        const dlq = await ports.createQueue(standard('contract-dlq'));
        const url = await ports.createQueue(
          standard('contract-redrive', { visibilityTimeoutSeconds: 1, redrive: { deadLetterQueueUrl: dlq, maxReceiveCount: 2 } }),
        );
        await ports.queue.sendMessageBatch(url, [{ id: '0', body: 'poison' }]);
        for (const expected of [1, 2]) {
          const [message] = await receiveSome(ports.queue, url, 1);
          expect(message?.receiveCount).toBe(expected);
          await ports.clock.sleep(1_500);
        }
        expect(await ports.queue.receiveMessage(url, { maxMessages: 10, waitTimeSeconds: 1 })).toEqual([]);
        const [dead] = await receiveSome(ports.queue, dlq, 1);
        expect(dead?.body).toBe('poison');
      });
    });

    describe('FIFO queues', () => {
      check("a group's messages arrive in send order", async (ports) => {
        const url = await ports.createQueue(fifo('contract-order'));
        const entries = ['a1', 'a2', 'a3'].map((body, i) => ({ id: String(i), body, messageGroupId: 'a' }));
        await ports.queue.sendMessageBatch(url, entries);
        const [first] = await ports.queue.receiveMessage(url, { maxMessages: 1, waitTimeSeconds: 1 });
        expect(first?.body).toBe('a1');
        expect(first?.messageGroupId).toBe('a');
        await ports.queue.deleteMessage(url, first!.receiptHandle);
        const rest = await receiveSome(ports.queue, url, 2);
        expect(rest.map((m) => m.body)).toEqual(['a2', 'a3']);
      });

      check(
        'a group delivers nothing more while one of its messages is in flight',
        async (ports) => {
          const url = await ports.createQueue(fifo('contract-group-lock'));
          const entries = ['a1', 'a2'].map((body, i) => ({ id: String(i), body, messageGroupId: 'a' }));
          await ports.queue.sendMessageBatch(url, entries);
          const [first] = await ports.queue.receiveMessage(url, { maxMessages: 1, waitTimeSeconds: 1 });
          expect(first?.body).toBe('a1');
          expect(await ports.queue.receiveMessage(url, { maxMessages: 10 })).toEqual([]);
        },
        'fifoGroupInFlightBlocking',
      );

      check('a resend with the same deduplication id, or the same body under content-based deduplication, is dropped', async (ports) => {
        const url = await ports.createQueue(fifo('contract-dedup'));
        const first = await ports.queue.sendMessageBatch(url, [
          { id: '0', body: 'same', messageGroupId: 'g' },
          { id: '1', body: 'one', messageGroupId: 'g', messageDeduplicationId: 'd1' },
        ]);
        const again = await ports.queue.sendMessageBatch(url, [
          { id: '0', body: 'same', messageGroupId: 'g' },
          { id: '1', body: 'other body', messageGroupId: 'g', messageDeduplicationId: 'd1' },
        ]);
        expect(again.failed).toEqual([]);
        expect(again.successful).toHaveLength(2);
        const got: ReceivedMessage[] = [];
        for (let i = 0; i < 4; i++) {
          const batch = await ports.queue.receiveMessage(url, { maxMessages: 10, waitTimeSeconds: 1 });
          for (const m of batch) await ports.queue.deleteMessage(url, m.receiptHandle);
          got.push(...batch);
        }
        expect(got.map((m) => m.body)).toEqual(['same', 'one']);
        expect(got.map((m) => m.messageId)).toEqual(first.successful.map((s) => s.messageId));
      });

      check(
        'a FIFO entry without a message group id fails by the sender\'s fault',
        async (ports) => {
          const url = await ports.createQueue(fifo('contract-group'));
          const result = await ports.queue.sendMessageBatch(url, [{ id: '0', body: 'no group' }]);
          expect(result.successful).toEqual([]);
          expect(result.failed).toMatchObject([{ id: '0', senderFault: true }]);
        },
        'fifoEntryFailures',
      );
    });

    notSupportedCase(backend, 'Queue');
  });
}
