import { describe, expect, it } from 'vitest';
import type { InvocationOutcome } from '../../../../src/adapters/memory/lambda/invocation.js';
import { LambdaRuntime } from '../../../../src/adapters/memory/lambda/runtime.js';
import type { FaultName } from '../../../../src/sim/faults/catalog.js';
import type { Simulation } from '../../../../src/sim/simulation.js';
import { simulate } from '../../../support/simulate.js';
import { functionConfig, mappingWorld, sendMessages } from './world.js';

const always = (...faults: FaultName[]) => ({ faults: Object.fromEntries(faults.map((f) => [f, { rate: 1, always: true }])) });

const lifecycle = (sim: Simulation): string[] =>
  sim.trace.steps.flatMap((s) => s.events.filter((e) => e.machine === 'lambdaInvocation').map((e) => e.type));

describe('Lambda faults at rate 1', () => {
  it('lambda.crash ends the invocation at its first yield point with outcome crash, and the mapping deletes nothing', async () => {
    let handled = 0;
    let dead = 0;
    const sim = await simulate(
      always('lambda.crash'),
      (s) =>
        mappingWorld(
          s,
          async () => {
            handled++;
            return undefined;
          },
          { maxReceiveCount: 2, queue: { visibilityTimeoutSeconds: 30 } },
        ),
      async (w, s) => {
        await sendMessages(w, 3);
        await s.sleep(3_600_000);
        dead = w.queues.messages(w.dlq).length;
      },
    );
    expect(handled).toBe(0);
    expect(dead).toBe(3);
    expect(lifecycle(sim).filter((t) => t !== 'start').every((t) => t === 'crash')).toBe(true);
    expect(sim.trace.steps.some((s) => s.op === 'lambda.crash')).toBe(true);
    expect(sim.faults.unfired()).toEqual([]);
  });

  it('lambda.coldStart gives the invocation a new container after a start of at least 1 s, although one is warm', async () => {
    const containers: string[] = [];
    const durations: number[] = [];
    const sim = await simulate(
      always('lambda.coldStart'),
      (s) =>
        new LambdaRuntime(s).register(
          functionConfig(s, 'f', async (_e, context) => {
            context.container.moduleState.set('seen', true);
            return context.container.id;
          }),
        ),
      async (invoke, s) => {
        for (let i = 0; i < 2; i++) {
          const start = s.now;
          const outcome: InvocationOutcome<string> = await invoke({});
          durations.push(s.now - start);
          if (outcome.kind === 'success') containers.push(outcome.result);
        }
      },
    );
    expect(containers).toEqual(['f/container-1', 'f/container-2']);
    expect(durations[1]).toBeGreaterThanOrEqual(1_000);
    expect(sim.faults.unfired()).toEqual([]);
  });

  it("clock.skew gives each new container its own wall clock, which the handler reads", async () => {
    const offsets: number[] = [];
    const sim = await simulate(
      always('clock.skew'),
      (s) => new LambdaRuntime(s).register(functionConfig(s, 'f', async () => void offsets.push(s.wallClock() - s.epochMs - s.now))),
      async (invoke) => void (await invoke({})),
    );
    expect(offsets).toHaveLength(1);
    expect(Math.abs(offsets[0]!)).toBeGreaterThanOrEqual(100);
    expect(sim.faults.unfired()).toEqual([]);
  });

  it('esm.invokeThrottle keeps every batch from the function; the messages stay in flight and end in the DLQ', async () => {
    let handled = 0;
    const sim = await simulate(
      always('esm.invokeThrottle'),
      (s) =>
        mappingWorld(
          s,
          async () => {
            handled++;
            return undefined;
          },
          { maxReceiveCount: 2, queue: { visibilityTimeoutSeconds: 30 } },
        ),
      async (w, s) => {
        await sendMessages(w, 4);
        await s.sleep(1_500);
        expect(w.queues.stats(w.url)).toEqual({ visible: 0, inFlight: 4, delayed: 0 });
        await s.sleep(3_600_000);
        expect(w.queues.messages(w.dlq)).toHaveLength(4);
      },
    );
    expect(handled).toBe(0);
    expect(sim.trace.steps.some((s) => s.op === 'lambda.Invoke')).toBe(false);
    expect(sim.trace.steps.filter((s) => s.op === 'esm.invokeThrottled').length).toBeGreaterThan(0);
    expect(sim.faults.unfired()).toEqual([]);
  });
});
