import { describe, expect, it } from 'vitest';
import { MemoryQueues } from '../../../../src/adapters/memory/sqs/memoryQueues.js';
import { simulate } from '../../../support/simulate.js';
import { fifoQueue } from './queueConfigs.js';

describe('MemoryQueues, FIFO queues', () => {
  it('returns several messages of one group in order in a single receive, with their group id', async () => {
    let got: { body: string; group?: string }[] = [];
    await simulate({}, (sim) => new MemoryQueues(sim), async (queues) => {
      const url = queues.createQueue(fifoQueue('words'));
      await queues.sendMessageBatch(url, ['1', '2', '3'].map((body, i) => ({ id: String(i), body, messageGroupId: 'g' })));
      got = (await queues.receiveMessage(url, { maxMessages: 10 })).map((m) => ({ body: m.body, group: m.messageGroupId }));
    });
    expect(got).toEqual(['1', '2', '3'].map((body) => ({ body, group: 'g' })));
  });

  it('lets other groups through while one group is blocked', async () => {
    let bodies: string[] = [];
    await simulate({}, (sim) => new MemoryQueues(sim), async (queues) => {
      const url = queues.createQueue(fifoQueue('words'));
      await queues.sendMessageBatch(url, [
        { id: '0', body: 'a1', messageGroupId: 'a' },
        { id: '1', body: 'a2', messageGroupId: 'a' },
      ]);
      const [first] = await queues.receiveMessage(url, { maxMessages: 1 });
      expect(first?.body).toBe('a1');
      await queues.sendMessageBatch(url, [{ id: '0', body: 'b1', messageGroupId: 'b' }]);
      bodies = (await queues.receiveMessage(url, { maxMessages: 10 })).map((m) => m.body);
    });
    expect(bodies).toEqual(['b1']);
  });

  it('deduplicates for 5 minutes from the first send, then accepts the same body again', async () => {
    const ids: string[] = [];
    const sim = await simulate({}, (s) => new MemoryQueues(s), async (queues, s) => {
      const url = queues.createQueue(fifoQueue('words'));
      for (const wait of [0, 200_000, 101_000]) {
        await s.sleep(wait);
        ids.push((await queues.sendMessageBatch(url, [{ id: '0', body: 'same', messageGroupId: 'g' }])).successful[0]!.messageId);
      }
      expect(queues.stats(url).visible).toBe(2);
    });
    const dedupEvents = sim.trace.steps.flatMap((s) => s.events).filter((e) => e.type === 'deduplicated').length;
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(dedupEvents).toBe(1);
  });

  it('reports entries that a FIFO queue cannot take as failed by the sender', async () => {
    let codes: string[] = [];
    await simulate({}, (sim) => new MemoryQueues(sim), async (queues) => {
      const url = queues.createQueue(fifoQueue('words', { contentBasedDeduplication: false }));
      const result = await queues.sendMessageBatch(url, [
        { id: 'noGroup', body: 'a', messageDeduplicationId: 'd0' },
        { id: 'noDedup', body: 'b', messageGroupId: 'g' },
        { id: 'delay', body: 'c', messageGroupId: 'g', messageDeduplicationId: 'd2', delaySeconds: 5 },
        { id: 'ok', body: 'd', messageGroupId: 'g', messageDeduplicationId: 'd3' },
      ]);
      codes = result.failed.map((f) => `${f.id}:${f.code}:${f.senderFault}`);
      expect(result.successful.map((s) => s.id)).toEqual(['ok']);
    });
    expect(codes).toEqual(['noGroup:MissingParameter:true', 'noDedup:InvalidParameterValue:true', 'delay:InvalidParameterValue:true']);
  });

  it('moves the head of a group to the dead-letter queue and delivers the next message of the group', async () => {
    let bodies: string[] = [];
    await simulate({}, (sim) => new MemoryQueues(sim), async (queues, sim) => {
      const dlq = queues.createQueue(fifoQueue('words-dlq'));
      const url = queues.createQueue(fifoQueue('words', { visibilityTimeoutSeconds: 10, redrive: { deadLetterQueueUrl: dlq, maxReceiveCount: 1 } }));
      await queues.sendMessageBatch(url, [
        { id: '0', body: 'poison', messageGroupId: 'g' },
        { id: '1', body: 'next', messageGroupId: 'g' },
      ]);
      await queues.receiveMessage(url, { maxMessages: 1 });
      await sim.sleep(11_000);
      bodies = (await queues.receiveMessage(url, { maxMessages: 10 })).map((m) => m.body);
      expect(queues.messages(dlq).map((m) => [m.body, m.messageGroupId])).toEqual([['poison', 'g']]);
    });
    expect(bodies).toEqual(['next']);
  });
});
