import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryQueues } from '../../../../src/adapters/memory/sqs/memoryQueues.js';
import type { Simulation } from '../../../../src/sim/simulation.js';
import { simulate } from '../../../support/simulate.js';
import { fifoQueue, standardQueue } from './queueConfigs.js';

const seeds = fc.integer({ min: 0, max: 0xffff_ffff });
const workload = (sim: Simulation, options: number): number => sim.choices.draw('workload', options);

/**
 * Checks FIFO order per group on the trace: a message is received only when every earlier message of its
 * group is deleted, or was received in the same step (one receive may return a run of a group).
 */
function checkGroupOrder(sim: Simulation, positions: ReadonlyMap<string, { group: string; index: number }>): void {
  const state = new Map<string, { status: 'queued' | 'received' | 'deleted'; step: number }>();
  const byGroup = new Map<string, string[]>();
  for (const [id, { group, index }] of positions) {
    state.set(id, { status: 'queued', step: -1 });
    const list = byGroup.get(group) ?? [];
    list[index] = id;
    byGroup.set(group, list);
  }
  for (const entry of sim.trace.steps) {
    for (const event of entry.events) {
      const position = positions.get(event.id);
      if (position === undefined) continue;
      const current = state.get(event.id)!;
      if (event.type === 'received') {
        for (const earlier of byGroup.get(position.group)!.slice(0, position.index)) {
          const before = state.get(earlier)!;
          const sameReceive = before.status === 'received' && before.step === entry.step;
          expect(before.status === 'deleted' || sameReceive, `${event.id} received at step ${entry.step} before ${earlier}`).toBe(true);
        }
        state.set(event.id, { status: 'received', step: entry.step });
      } else if (event.type === 'visible') {
        state.set(event.id, { ...current, status: 'queued' });
      } else if (event.type === 'deleted') {
        state.set(event.id, { ...current, status: 'deleted' });
      }
    }
  }
  expect([...state.values()].every((s) => s.status === 'deleted')).toBe(true);
}

describe('MemoryQueues properties', () => {
  it('FIFO order per group holds under any interleaving of several senders and consumers', async () => {
    await fc.assert(
      fc.asyncProperty(seeds, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5 }), async (seed, senders, consumers, perGroup) => {
        const positions = new Map<string, { group: string; index: number }>();
        const sim = await simulate({ seed }, (s) => new MemoryQueues(s), async (queues, s) => {
          const url = queues.createQueue(fifoQueue('words', { visibilityTimeoutSeconds: 30 }));
          let sending = senders;
          for (let sender = 0; sender < senders; sender++) {
            s.spawn(`sender${sender}`, async () => {
              const groups = [`s${sender}a`, `s${sender}b`];
              const next = new Map(groups.map((g) => [g, 0]));
              while ([...next.values()].some((n) => n < perGroup)) {
                const open = groups.filter((g) => next.get(g)! < perGroup);
                const entries = open.slice(0, 1 + workload(s, open.length)).map((group, i) => {
                  const index = next.get(group)!;
                  next.set(group, index + 1);
                  return { id: String(i), body: `${group}:${index}`, messageGroupId: group };
                });
                const result = await queues.sendMessageBatch(url, entries);
                for (const ok of result.successful) {
                  const [group, index] = entries.find((e) => e.id === ok.id)!.body.split(':');
                  positions.set(ok.messageId, { group: group!, index: Number(index) });
                }
              }
              sending--;
            });
          }
          for (let consumer = 0; consumer < consumers; consumer++) {
            s.spawn(`consumer${consumer}`, async () => {
              for (;;) {
                const stats = queues.stats(url);
                if (sending === 0 && stats.visible + stats.inFlight + stats.delayed === 0) return;
                const batch = await queues.receiveMessage(url, { maxMessages: 1 + workload(s, 10), waitTimeSeconds: 5 });
                // Sometimes hold the batch past its visibility timeout; then acknowledge a prefix, in order.
                if (batch.length > 0 && workload(s, 4) === 0) await s.sleep(40_000);
                const acknowledged = workload(s, batch.length + 1);
                for (const message of batch.slice(0, acknowledged)) await queues.deleteMessage(url, message.receiptHandle);
              }
            });
          }
        });
        expect(positions.size).toBe(senders * 2 * perGroup);
        checkGroupOrder(sim, positions);
      }),
      { numRuns: 40 },
    );
  });

  it('a visibility timeout redelivers the message and counts the receive', async () => {
    await fc.assert(
      fc.asyncProperty(seeds, fc.boolean(), fc.integer({ min: 1, max: 900 }), fc.integer({ min: 1, max: 6 }), async (seed, isFifo, visibility, receives) => {
        let messageId = '';
        const sim = await simulate({ seed }, (s) => new MemoryQueues(s), async (queues, s) => {
          const config = { visibilityTimeoutSeconds: visibility };
          const url = queues.createQueue(isFifo ? fifoQueue('words', config) : standardQueue('lines', config));
          messageId = (await queues.sendMessageBatch(url, [{ id: '0', body: 'x', ...(isFifo ? { messageGroupId: 'g' } : {}) }])).successful[0]!.messageId;
          const handles = new Set<string>();
          for (let count = 1; count <= receives; count++) {
            const [message] = await queues.receiveMessage(url, { maxMessages: 10 });
            expect(message).toMatchObject({ messageId, receiveCount: count });
            handles.add(message!.receiptHandle);
            expect(await queues.receiveMessage(url, { maxMessages: 10 })).toEqual([]);
            await s.sleep(visibility * 1000);
          }
          expect(handles.size).toBe(receives);
        });
        const types = sim.trace.steps.flatMap((st) => st.events.filter((e) => e.id === messageId).map((e) => e.type));
        expect(types).toEqual(['sent', ...Array.from({ length: receives }, () => ['received', 'visible']).flat()]);
      }),
      { numRuns: 40 },
    );
  });
});
