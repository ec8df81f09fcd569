import { describe, expect, it } from 'vitest';
import { MemoryQueues } from '../../../../src/adapters/memory/sqs/memoryQueues.js';
import { QueueError, ValidationError } from '../../../../src/ports/errors.js';
import type { LifecycleEvent } from '../../../../src/sim/trace.js';
import type { Simulation } from '../../../../src/sim/simulation.js';
import { simulate } from '../../../support/simulate.js';
import { fifoQueue, standardQueue } from './queueConfigs.js';

const events = (sim: Simulation, id: string): string[] =>
  sim.trace.steps.flatMap((s) => s.events.filter((e: LifecycleEvent) => e.id === id).map((e) => e.type));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

describe('MemoryQueues, Standard queues', () => {
  it('delivers the oldest message first when every service choice is 0', async () => {
    let bodies: string[] = [];
    await simulate({ input: { kind: 'fastCheck', values: [] } }, (sim) => new MemoryQueues(sim), async (queues) => {
      const url = queues.createQueue(standardQueue('lines'));
      await queues.sendMessageBatch(url, ['a', 'b', 'c'].map((body, i) => ({ id: String(i), body })));
      bodies = (await queues.receiveMessage(url, { maxMessages: 10 })).map((m) => m.body);
    });
    expect(bodies).toEqual(['a', 'b', 'c']);
  });

  it('reorders messages across seeds (the receive order is a service choice)', async () => {
    const orders = new Set<string>();
    for (let seed = 1; seed <= 20; seed++) {
      await simulate({ seed }, (sim) => new MemoryQueues(sim), async (queues) => {
        const url = queues.createQueue(standardQueue('lines'));
        await queues.sendMessageBatch(url, ['a', 'b', 'c'].map((body, i) => ({ id: String(i), body })));
        orders.add((await queues.receiveMessage(url, { maxMessages: 10 })).map((m) => m.body).join(''));
      });
    }
    expect(orders.size).toBeGreaterThan(1);
  });

  it('records the lifecycle of a message and names the send as the cause of its receive', async () => {
    let messageId = '';
    const sim = await simulate({}, (s) => new MemoryQueues(s), async (queues, s) => {
      const url = queues.createQueue(standardQueue('lines', { visibilityTimeoutSeconds: 30 }));
      const sent = await queues.sendMessageBatch(url, [{ id: '0', body: 'x' }]);
      messageId = sent.successful[0]!.messageId;
      await queues.receiveMessage(url, { maxMessages: 1 });
      await s.sleep(31_000);
      const [again] = await queues.receiveMessage(url, { maxMessages: 1 });
      await queues.deleteMessage(url, again!.receiptHandle);
    });
    expect(events(sim, messageId)).toEqual(['sent', 'received', 'visible', 'received', 'deleted']);
    const send = sim.trace.steps.find((s) => s.op === 'sqs.SendMessageBatch')!;
    const receives = sim.trace.steps.filter((s) => s.op === 'sqs.ReceiveMessage');
    expect(receives.map((r) => r.parent)).toEqual([send.step, send.step]);
    expect(receives[0]!.entities).toEqual([messageId]);
    const visible = sim.trace.steps.find((s) => s.op === 'sqs.visibilityTimeout')!;
    expect(visible.actor).toBe('sqs lines');
    expect(visible.parent).toBe(receives[0]!.step);
  });

  it('blocks a long poll until another actor sends, and returns empty when the wait ends first', async () => {
    const seen: { body: string; at: number }[] = [];
    let emptyAfter = 0;
    await simulate({}, (sim) => new MemoryQueues(sim), async (queues, sim) => {
      const url = queues.createQueue(standardQueue('lines'));
      sim.spawn('sender', async () => {
        await sim.sleep(5_000);
        await queues.sendMessageBatch(url, [{ id: '0', body: 'late' }]);
      });
      for (const m of await queues.receiveMessage(url, { maxMessages: 10, waitTimeSeconds: 20 })) seen.push({ body: m.body, at: sim.now });
      const start = sim.now;
      expect(await queues.receiveMessage(url, { maxMessages: 10, waitTimeSeconds: 20 })).toEqual([]);
      emptyAfter = sim.now - start;
    });
    expect(seen.map((s) => s.body)).toEqual(['late']);
    expect(seen[0]!.at).toBeGreaterThanOrEqual(5_000);
    expect(seen[0]!.at).toBeLessThan(20_000);
    expect(emptyAfter).toBeGreaterThanOrEqual(20_000);
  });

  it('uses the queue default wait when the request names none', async () => {
    let waited = 0;
    await simulate({}, (sim) => new MemoryQueues(sim), async (queues, sim) => {
      const url = queues.createQueue(standardQueue('lines', { receiveWaitTimeSeconds: 20 }));
      await queues.receiveMessage(url, { maxMessages: 1 });
      waited = sim.now;
    });
    expect(waited).toBeGreaterThanOrEqual(20_000);
  });

  it('holds a message back for its own DelaySeconds', async () => {
    const counts: number[] = [];
    await simulate({}, (sim) => new MemoryQueues(sim), async (queues, sim) => {
      const url = queues.createQueue(standardQueue('summary', { delaySeconds: 15 }));
      await queues.sendMessageBatch(url, [{ id: '0', body: 'x', delaySeconds: 60 }]);
      await sim.sleep(30_000);
      counts.push((await queues.receiveMessage(url, { maxMessages: 1 })).length, queues.stats(url).delayed);
      await sim.sleep(30_000);
      counts.push((await queues.receiveMessage(url, { maxMessages: 1 })).length);
    });
    expect(counts).toEqual([0, 1, 1]);
  });

  it('expires a message after the retention period, when the queue is next touched', async () => {
    let messageId = '';
    const sim = await simulate({}, (s) => new MemoryQueues(s), async (queues, s) => {
      const url = queues.createQueue(standardQueue('lines', { messageRetentionSeconds: 60 }));
      messageId = (await queues.sendMessageBatch(url, [{ id: '0', body: 'x' }])).successful[0]!.messageId;
      await s.sleep(61_000);
      expect(queues.stats(url)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
      expect(await queues.receiveMessage(url, { maxMessages: 1 })).toEqual([]);
    });
    expect(events(sim, messageId)).toEqual(['sent', 'expired']);
  });

  it('moves a message to the dead-letter queue with its id and receive count instead of delivering it', async () => {
    let messageId = '';
    const sim = await simulate({}, (s) => new MemoryQueues(s), async (queues, s) => {
      const dlq = queues.createQueue(standardQueue('lines-dlq', { visibilityTimeoutSeconds: 300 }));
      const url = queues.createQueue(standardQueue('lines', { visibilityTimeoutSeconds: 10, redrive: { deadLetterQueueUrl: dlq, maxReceiveCount: 1 } }));
      messageId = (await queues.sendMessageBatch(url, [{ id: '0', body: 'x' }])).successful[0]!.messageId;
      await queues.receiveMessage(url, { maxMessages: 1 });
      await s.sleep(11_000);
      expect(await queues.receiveMessage(url, { maxMessages: 1 })).toEqual([]);
      expect(queues.isDeadLetterQueue(dlq)).toBe(true);
      expect(queues.isDeadLetterQueue(url)).toBe(false);
      expect(queues.messages(dlq)).toMatchObject([{ messageId, receiveCount: 1, state: 'visible' }]);
      const [dead] = await queues.receiveMessage(dlq, { maxMessages: 1 });
      expect(dead).toMatchObject({ messageId, receiveCount: 2 });
      await queues.deleteMessage(dlq, dead!.receiptHandle);
    });
    expect(events(sim, messageId)).toEqual(['sent', 'received', 'visible', 'redriven', 'received', 'deleted']);
  });

  it('reports visible, in-flight and delayed messages for inspection without taking a step', async () => {
    await simulate({}, (sim) => new MemoryQueues(sim), async (queues, sim) => {
      const url = queues.createQueue(standardQueue('lines'));
      await queues.sendMessageBatch(url, [{ id: '0', body: 'a' }, { id: '1', body: 'b' }, { id: '2', body: 'c', delaySeconds: 60 }]);
      await queues.receiveMessage(url, { maxMessages: 1 });
      const steps = sim.trace.length;
      expect(queues.stats(url)).toEqual({ visible: 1, inFlight: 1, delayed: 1 });
      expect(queues.messages(url).map((m) => m.state).sort()).toEqual(['delayed', 'inFlight', 'visible']);
      expect(sim.trace.length).toBe(steps);
    });
  });

  it('reports invalid handles of a delete batch as failed and rejects an unknown queue', async () => {
    await simulate({}, (sim) => new MemoryQueues(sim), async (queues) => {
      const url = queues.createQueue(standardQueue('lines'));
      await queues.sendMessageBatch(url, [{ id: '0', body: 'a' }]);
      const [m] = await queues.receiveMessage(url, { maxMessages: 1 });
      const result = await queues.deleteMessageBatch(url, [
        { id: 'good', receiptHandle: m!.receiptHandle },
        { id: 'bad', receiptHandle: 'garbage' },
      ]);
      expect(result.failed).toEqual(['bad']);
      expect(queues.stats(url)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
      expect(await rejection(queues.receiveMessage(`${url}-missing`, { maxMessages: 1 }))).toMatchObject({
        code: 'AWS.SimpleQueueService.NonExistentQueue',
      });
    });
  });

  it('refuses to change the visibility of a message that is no longer in flight', async () => {
    await simulate({}, (sim) => new MemoryQueues(sim), async (queues, sim) => {
      const url = queues.createQueue(standardQueue('lines', { visibilityTimeoutSeconds: 5 }));
      await queues.sendMessageBatch(url, [{ id: '0', body: 'a' }]);
      const [m] = await queues.receiveMessage(url, { maxMessages: 1 });
      await sim.sleep(6_000);
      expect(await rejection(queues.changeMessageVisibility(url, m!.receiptHandle, 30))).toBeInstanceOf(QueueError);
    });
  });

  it('validates queue configurations as CreateQueue does', async () => {
    await simulate({}, (sim) => new MemoryQueues(sim), async (queues) => {
      expect(() => queues.createQueue(standardQueue('lines.fifo'))).toThrow(ValidationError);
      expect(() => queues.createQueue(fifoQueue('lines', { name: 'lines' }))).toThrow(ValidationError);
      const dlq = queues.createQueue(standardQueue('dlq'));
      expect(() => queues.createQueue(fifoQueue('words', { redrive: { deadLetterQueueUrl: dlq, maxReceiveCount: 3 } }))).toThrow(/same type/);
      expect(() => queues.createQueue(standardQueue('x', { redrive: { deadLetterQueueUrl: `${dlq}-nope`, maxReceiveCount: 3 } }))).toThrow(/does not exist/);
      queues.createQueue(standardQueue('lines'));
      expect(() => queues.createQueue(standardQueue('lines'))).toThrow(QueueError);
    });
  });
});
