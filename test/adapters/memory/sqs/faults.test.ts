import { describe, expect, it } from 'vitest';
import { MemoryQueues } from '../../../../src/adapters/memory/sqs/memoryQueues.js';
import { Throttled } from '../../../../src/ports/errors.js';
import type { FaultName } from '../../../../src/sim/faults/catalog.js';
import { simulate } from '../../../support/simulate.js';
import { standardQueue } from './queueConfigs.js';

const always = (fault: FaultName) => ({ faults: { [fault]: { rate: 1, always: true } } });

describe('MemoryQueues faults at rate 1', () => {
  it('sqs.throttle rejects every request with ThrottlingException before its effect', async () => {
    let url = '';
    const sim = await simulate(always('sqs.throttle'), (s) => new MemoryQueues(s), async (queues) => {
      url = queues.createQueue(standardQueue('lines'));
      await expect(queues.sendMessageBatch(url, [{ id: '0', body: 'x' }])).rejects.toBeInstanceOf(Throttled);
      await expect(queues.receiveMessage(url, { maxMessages: 1 })).rejects.toMatchObject({ code: 'ThrottlingException' });
      expect(queues.stats(url)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    });
    expect(sim.trace.steps.filter((s) => s.op.startsWith('sqs.')).map((s) => s.outcome)).toEqual(['ThrottlingException', 'ThrottlingException']);
    expect(sim.faults.unfired()).toEqual([]);
  });

  it('sqs.sendFailure reports every entry as Failed (InternalError, not the sender) and enqueues nothing', async () => {
    const sim = await simulate(always('sqs.sendFailure'), (s) => new MemoryQueues(s), async (queues) => {
      const url = queues.createQueue(standardQueue('lines'));
      const result = await queues.sendMessageBatch(url, [{ id: '0', body: 'x' }, { id: '1', body: 'y' }]);
      expect(result.successful).toEqual([]);
      expect(result.failed).toEqual([
        { id: '0', code: 'InternalError', senderFault: false },
        { id: '1', code: 'InternalError', senderFault: false },
      ]);
      expect(queues.stats(url).visible).toBe(0);
    });
    expect(sim.faults.unfired()).toEqual([]);
  });

  it('sqs.emptyReceive returns nothing although a message is visible, without waiting out a long poll', async () => {
    const sim = await simulate(always('sqs.emptyReceive'), (s) => new MemoryQueues(s), async (queues, s) => {
      const url = queues.createQueue(standardQueue('lines'));
      await queues.sendMessageBatch(url, [{ id: '0', body: 'x' }]);
      const start = s.now;
      expect(await queues.receiveMessage(url, { maxMessages: 10, waitTimeSeconds: 20 })).toEqual([]);
      expect(s.now - start).toBeLessThan(20_000);
      expect(queues.stats(url).visible).toBe(1);
    });
    expect(sim.faults.unfired()).toEqual([]);
  });

  it('sqs.duplicate delivers an in-flight message again with a new handle and counts the receive', async () => {
    const sim = await simulate(always('sqs.duplicate'), (s) => new MemoryQueues(s), async (queues) => {
      const url = queues.createQueue(standardQueue('lines'));
      await queues.sendMessageBatch(url, [{ id: '0', body: 'x' }]);
      const [first] = await queues.receiveMessage(url, { maxMessages: 1 });
      const [second] = await queues.receiveMessage(url, { maxMessages: 1 });
      expect(second?.messageId).toBe(first!.messageId);
      expect(second?.receiptHandle).not.toBe(first!.receiptHandle);
      expect(second?.receiveCount).toBe(2);
      // The first handle is now stale: its delete is accepted and deletes nothing.
      await queues.deleteMessage(url, first!.receiptHandle);
      expect(queues.stats(url).inFlight).toBe(1);
      await queues.deleteMessage(url, second!.receiptHandle);
      expect(queues.stats(url).inFlight).toBe(0);
    });
    expect(sim.faults.unfired()).toEqual([]);
  });
});
