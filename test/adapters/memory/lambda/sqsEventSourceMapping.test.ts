import { describe, expect, it } from 'vitest';
import { SqsEventSourceMapping } from '../../../../src/adapters/memory/lambda/sqsEventSourceMapping.js';
import { ValidationError } from '../../../../src/ports/errors.js';
import type { SqsBatchResponse, SqsRecord } from '../../../../src/ports/queue.js';
import type { Simulation } from '../../../../src/sim/simulation.js';
import { simulate } from '../../../support/simulate.js';
import { type MappingWorld, mappingWorld, sendMessages } from './world.js';

const day = 24 * 3600 * 1000;

/** A quiet system goes idle: pollers wait on the queue instead of polling it. */
async function expectIdle(sim: Simulation): Promise<void> {
  expect(await sim.run(sim.now + day)).toBe('idle');
}

const receivesOf = (records: readonly SqsRecord[], body: string): number[] =>
  records.filter((r) => r.body === body).map((r) => r.receiveCount);

describe('SqsEventSourceMapping', () => {
  it('invokes with batches of received messages and deletes them after a successful invocation', async () => {
    const batches: SqsRecord[][] = [];
    let world: MappingWorld | undefined;
    const sim = await simulate(
      {},
      (s) => (world = mappingWorld(s, async (batch) => void batches.push([...batch.records]))),
      async (w) => void (await sendMessages(w, 25)),
    );
    const records = batches.flat();
    expect(records.map((r) => r.body).sort()).toEqual(Array.from({ length: 25 }, (_, i) => `m${i}`).sort());
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(10);
    expect(records[0]).toMatchObject({ receiveCount: 1, eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:lines' });
    expect(world!.queues.stats(world!.url)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    await expectIdle(sim);
  });

  it('receives 10 at a time until the batch size or the batching window is reached', async () => {
    const sizes: number[] = [];
    await simulate(
      {},
      (s) =>
        mappingWorld(s, async (batch) => void sizes.push(batch.records.length), {
          mapping: { batchSize: 25, batchingWindowMs: 5_000, maximumConcurrency: 2 },
          start: false,
        }),
      async (w) => {
        await sendMessages(w, 30);
        w.mapping.start();
      },
    );
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(30);
    expect(Math.max(...sizes)).toBeGreaterThan(10);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(25);
  });

  it('never polls an empty queue', async () => {
    const sim = await simulate({}, (s) => mappingWorld(s, async () => undefined), async () => undefined);
    expect(sim.trace.steps.filter((s) => s.op === 'sqs.ReceiveMessage')).toHaveLength(0);
    await expectIdle(sim);
  });

  it('deletes the messages a partial batch response does not name, and the named ones come back', async () => {
    const records: SqsRecord[] = [];
    const sim = await simulate(
      {},
      (s) =>
        mappingWorld(
          s,
          async (batch): Promise<SqsBatchResponse> => {
            records.push(...batch.records);
            const failing = batch.records.filter((r) => r.body === 'm3' && r.receiveCount === 1);
            return { batchItemFailures: failing.map((r) => ({ itemIdentifier: r.messageId })) };
          },
          { queue: { visibilityTimeoutSeconds: 30 } },
        ),
      async (w) => void (await sendMessages(w, 5)),
    );
    expect(receivesOf(records, 'm3')).toEqual([1, 2]);
    expect(receivesOf(records, 'm0')).toEqual([1]);
    await expectIdle(sim);
  });

  it('retries the whole batch when a reported identifier is no messageId of it (wholeBatchRetried)', async () => {
    const batches: SqsRecord[][] = [];
    const sim = await simulate(
      {},
      (s) =>
        mappingWorld(
          s,
          async (batch): Promise<SqsBatchResponse> => {
            batches.push([...batch.records]);
            // The seed era reports receipt handles instead of message ids.
            const failing = batch.records.filter((r) => r.body === 'm3' && r.receiveCount === 1);
            return { batchItemFailures: failing.map((r) => ({ itemIdentifier: r.receiptHandle })) };
          },
          { mapping: { unknownItemIdentifier: 'wholeBatchRetried' }, queue: { visibilityTimeoutSeconds: 30 } },
        ),
      async (w) => void (await sendMessages(w, 5)),
    );
    const records = batches.flat();
    const failedBatch = batches.find((b) => b.some((r) => r.body === 'm3' && r.receiveCount === 1))!;
    for (const record of failedBatch) expect(receivesOf(records, record.body)).toEqual([1, 2]);
    expect(records).toHaveLength(5 + failedBatch.length);
    expect(sim.trace.steps.find((s) => s.op === 'esm.unknownItemIdentifiers')?.outcome).toBe('batchRetried');
  });

  it('acknowledges a failed message reported by an unknown identifier when unknown ids are ignored', async () => {
    const records: SqsRecord[] = [];
    let world: MappingWorld | undefined;
    const sim = await simulate(
      {},
      (s) =>
        (world = mappingWorld(
          s,
          async (batch): Promise<SqsBatchResponse> => {
            records.push(...batch.records);
            return { batchItemFailures: batch.records.filter((r) => r.body === 'm3').map((r) => ({ itemIdentifier: r.receiptHandle })) };
          },
          { mapping: { unknownItemIdentifier: 'unknownIgnored' } },
        )),
      async (w) => void (await sendMessages(w, 5)),
    );
    expect(receivesOf(records, 'm3')).toEqual([1]);
    expect(world!.queues.stats(world!.url)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    expect(sim.trace.steps.find((s) => s.op === 'esm.unknownItemIdentifiers')?.outcome).toBe('ignored');
  });

  it('ignores the response when ReportBatchItemFailures is off', async () => {
    const records: SqsRecord[] = [];
    await simulate(
      {},
      (s) =>
        mappingWorld(
          s,
          async (batch): Promise<SqsBatchResponse> => {
            records.push(...batch.records);
            return { batchItemFailures: batch.records.map((r) => ({ itemIdentifier: r.messageId })) };
          },
          { mapping: { reportBatchItemFailures: false } },
        ),
      async (w) => void (await sendMessages(w, 3)),
    );
    expect(records.map((r) => r.receiveCount)).toEqual([1, 1, 1]);
  });

  it('deletes nothing after a function error or a timeout: the batch returns after its visibility timeout', async () => {
    for (const failure of ['error', 'timeout'] as const) {
      const records: SqsRecord[] = [];
      const sim = await simulate(
        {},
        (s) =>
          mappingWorld(
            s,
            async (batch) => {
              records.push(...batch.records);
              if (batch.records.some((r) => r.receiveCount === 1)) {
                if (failure === 'error') throw new Error('function error');
                await s.sleep(20_000);
              }
              return undefined;
            },
            { queue: { visibilityTimeoutSeconds: 30 }, function: { timeoutMs: 10_000 }, mapping: { maximumConcurrency: 2 } },
          ),
        async (w) => void (await sendMessages(w, 1)),
      );
      expect(records.map((r) => r.receiveCount)).toEqual([1, 2]);
      expect(records[1]!.sentTimestamp).toBe(records[0]!.sentTimestamp);
      await expectIdle(sim);
    }
  });

  it('leaves a throttled batch in flight and redelivers it after the visibility timeout, counting the receive', async () => {
    const records: SqsRecord[] = [];
    const sim = await simulate(
      {},
      (s) =>
        mappingWorld(
          s,
          async (batch) => {
            records.push(...batch.records);
            await s.sleep(5_000);
            return undefined;
          },
          { queue: { visibilityTimeoutSeconds: 30 }, function: { reservedConcurrency: 1 }, mapping: { maximumConcurrency: 2, batchSize: 1 } },
        ),
      async (w) => void (await sendMessages(w, 2)),
    );
    const lifecycle = sim.trace.steps.flatMap((s) => s.events.filter((e) => e.machine === 'lambdaInvocation').map((e) => e.type));
    expect(lifecycle).toContain('throttled');
    expect(records.map((r) => r.body).sort()).toEqual(['m0', 'm1']);
    expect(Math.max(...records.map((r) => r.receiveCount))).toBe(2);
  });

  it("keeps each FIFO group's messages in order across batches and pollers", async () => {
    const seen = new Map<string, number[]>();
    await simulate(
      {},
      (s) =>
        mappingWorld(
          s,
          async (batch) => {
            for (const r of batch.records) {
              const list = seen.get(r.messageGroupId!) ?? [];
              list.push(Number(r.body.slice(1)));
              seen.set(r.messageGroupId!, list);
            }
            await s.sleep(1_000);
            return undefined;
          },
          { fifo: true, mapping: { maximumConcurrency: 3 } },
        ),
      async (w) => void (await sendMessages(w, 40, (i) => `g${i % 3}`)),
    );
    expect([...seen.keys()].sort()).toEqual(['g0', 'g1', 'g2']);
    for (const indexes of seen.values()) expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
  });

  it('replays the same trace for the same seed, faults included', async () => {
    const run = async (seed: number): Promise<string> => {
      const faults = { 'sqs.duplicate': { rate: 0.2 }, 'lambda.crash': { rate: 0.05 }, 'lambda.coldStart': { rate: 0.3 }, 'clock.skew': { rate: 0.5 } };
      const sim = await simulate(
        { seed, faults },
        (s) =>
          mappingWorld(
            s,
            async (batch) => {
              await s.sleep(100 * batch.records.length);
              return s.choices.draw('workload', 3) === 0 ? { batchItemFailures: [{ itemIdentifier: batch.records[0]!.messageId }] } : undefined;
            },
            { queue: { visibilityTimeoutSeconds: 30 } },
          ),
        async (w) => void (await sendMessages(w, 20)),
      );
      return sim.trace.hash;
    };
    expect(await run(7)).toBe(await run(7));
    expect(await run(7)).not.toBe(await run(8));
  });

  it('rejects mapping settings that AWS rejects', async () => {
    await simulate(
      {},
      (s) => mappingWorld(s, async () => undefined, { fifo: true, start: false }),
      async (w, s) => {
        const invoke = async (): Promise<{ kind: 'throttled' }> => ({ kind: 'throttled' });
        const base = { batchSize: 10, batchingWindowMs: 0, reportBatchItemFailures: true, unknownItemIdentifier: 'unknownIgnored' } as const;
        expect(() => new SqsEventSourceMapping(s, w.queues, w.url, invoke, { ...base, batchSize: 11 })).toThrow(ValidationError);
        expect(() => new SqsEventSourceMapping(s, w.queues, w.url, invoke, { ...base, batchingWindowMs: 1_000 })).toThrow(ValidationError);
        expect(() => new SqsEventSourceMapping(s, w.queues, w.url, invoke, { ...base, maximumConcurrency: 1 })).toThrow(ValidationError);
      },
    );
  });
});
