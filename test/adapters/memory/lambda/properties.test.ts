import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InvocationOutcome } from '../../../../src/adapters/memory/lambda/invocation.js';
import { LambdaRuntime } from '../../../../src/adapters/memory/lambda/runtime.js';
import { MemoryQueues } from '../../../../src/adapters/memory/sqs/memoryQueues.js';
import { SimulatedTasks } from '../../../../src/adapters/memory/tasks.js';
import type { SqsBatchResponse } from '../../../../src/ports/queue.js';
import type { Simulation } from '../../../../src/sim/simulation.js';
import { simulate } from '../../../support/simulate.js';
import { standardQueue } from '../sqs/queueConfigs.js';
import { functionConfig, mappingWorld, sendMessages } from './world.js';

const seeds = fc.integer({ min: 0, max: 0xffff_ffff });
const workload = (sim: Simulation, options: number): number => sim.choices.draw('workload', options);

const invocationEvents = (sim: Simulation): { id: string; type: string }[] =>
  sim.trace.steps.flatMap((s) => s.events.filter((e) => e.machine === 'lambdaInvocation').map((e) => ({ id: e.id, type: e.type })));

describe('Lambda properties', () => {
  it('a Lambda timeout after a write leaves the write applied but the invocation sees no result (outcome timeout)', async () => {
    await fc.assert(
      fc.asyncProperty(seeds, fc.integer({ min: 1_000, max: 900_000 }), fc.double({ min: 0, max: 0.9, noNaN: true }), fc.integer({ min: 1, max: 600_000 }), async (seed, timeoutMs, writeAt, overrun) => {
        let outcome: InvocationOutcome<string> | undefined;
        let continued = false;
        let queued = 0;
        const sim = await simulate(
          { seed },
          (s) => {
            const queues = new MemoryQueues(s);
            const url = queues.createQueue(standardQueue('lines'));
            const invoke = new LambdaRuntime(s).register(
              functionConfig(
                s,
                'f',
                async (_e, context) => {
                  await s.sleep(Math.max(0, context.remainingTimeMs() * writeAt - 500));
                  await queues.sendMessageBatch(url, [{ id: '0', body: 'written' }]);
                  await s.sleep(context.remainingTimeMs() + overrun);
                  continued = true;
                  return 'result';
                },
                { timeoutMs },
              ),
            );
            return { invoke, queues, url };
          },
          async ({ invoke, queues, url }) => {
            outcome = await invoke({});
            queued = queues.stats(url).visible;
          },
        );
        expect(outcome).toEqual({ kind: 'timeout' });
        expect(continued).toBe(false);
        expect(queued).toBe(1);
        expect(invocationEvents(sim).map((e) => e.type)).toEqual(['start', 'timeout']);
      }),
      { numRuns: 40 },
    );
  });

  it('reserved concurrency is never exceeded', async () => {
    await fc.assert(
      fc.asyncProperty(seeds, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 8 }), async (seed, reserved, callers) => {
        let peakInside = 0;
        const sim = await simulate(
          { seed, faults: { 'lambda.crash': { rate: 0.05 }, 'lambda.coldStart': { rate: 0.3 } } },
          (s) => {
            const runtime = new LambdaRuntime(s);
            const invoke = runtime.register(
              functionConfig(
                s,
                'f',
                async () => {
                  peakInside = Math.max(peakInside, runtime.running('f'));
                  await s.sleep(1_000 * workload(s, 8));
                  if (workload(s, 4) === 0) throw new Error('function error');
                },
                { reservedConcurrency: reserved, timeoutMs: 5_000 },
              ),
            );
            return { invoke, tasks: new SimulatedTasks(s) };
          },
          async ({ invoke, tasks }, s) => {
            const handles = Array.from({ length: callers }, (_, i) =>
              tasks.spawn(`caller${i}`, async () => {
                for (let k = 0; k < 3; k++) {
                  await s.sleep(500 * workload(s, 4));
                  await invoke({});
                }
              }),
            );
            for (const handle of handles) await handle.join();
          },
        );
        let running = 0;
        let peak = 0;
        for (const event of invocationEvents(sim)) {
          if (event.type === 'start') running++;
          else if (event.type !== 'throttled') running--;
          peak = Math.max(peak, running);
        }
        expect(running).toBe(0);
        expect(peak).toBeLessThanOrEqual(reserved);
        expect(peakInside).toBeLessThanOrEqual(reserved);
      }),
      { numRuns: 40 },
    );
  });

  it('every message ends deleted or in the DLQ when the function keeps failing', async () => {
    await fc.assert(
      fc.asyncProperty(seeds, fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 4 }), fc.boolean(), async (seed, count, maxReceiveCount, alwaysFails) => {
        let ids = new Map<string, string>();
        let dead: string[] = [];
        let left = { visible: -1, inFlight: -1, delayed: -1 };
        const sim = await simulate(
          {
            seed,
            faults: {
              'lambda.crash': { rate: 0.02 },
              'esm.invokeThrottle': { rate: 0.1 },
              'sqs.duplicate': { rate: 0.1 },
              'sqs.emptyReceive': { rate: 0.1 },
              'sqs.throttle': { rate: 0.05 },
            },
          },
          (s) =>
            mappingWorld(
              s,
              async (batch): Promise<SqsBatchResponse> => {
                const mode = alwaysFails ? workload(s, 3) : workload(s, 5);
                if (mode === 0) throw new Error('function error');
                if (mode === 1) await s.sleep(20_000);
                if (mode === 2) return { batchItemFailures: batch.records.map((r) => ({ itemIdentifier: r.messageId })) };
                if (mode === 3) return { batchItemFailures: batch.records.filter((_, i) => i % 2 === 0).map((r) => ({ itemIdentifier: r.messageId })) };
                return undefined;
              },
              {
                maxReceiveCount,
                queue: { visibilityTimeoutSeconds: 30 },
                function: { timeoutMs: 10_000, reservedConcurrency: 3 },
                mapping: { maximumConcurrency: 4, batchSize: 10 },
              },
            ),
          async (w, s) => {
            ids = await sendMessages(w, count);
            await s.sleep(24 * 3_600_000);
            dead = w.queues.messages(w.dlq).map((m) => m.messageId);
            left = w.queues.stats(w.url);
          },
        );
        const deleted = new Set(
          sim.trace.steps.flatMap((st) => st.events.filter((e) => e.machine === 'sqsMessage' && e.type === 'deleted').map((e) => e.id)),
        );
        expect(left).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
        for (const id of ids.values()) expect(deleted.has(id) !== dead.includes(id), id).toBe(true);
        if (alwaysFails) expect(dead.length).toBe(ids.size);
        expect(await sim.run(sim.now + 24 * 3_600_000)).toBe('idle');
      }),
      { numRuns: 40 },
    );
  });
});
