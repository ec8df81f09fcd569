import { describe, expect, it } from 'vitest';
import type { InvocationContext, InvocationOutcome } from '../../../../src/adapters/memory/lambda/invocation.js';
import { LambdaRuntime } from '../../../../src/adapters/memory/lambda/runtime.js';
import { SimulatedTasks } from '../../../../src/adapters/memory/tasks.js';
import type { Simulation } from '../../../../src/sim/simulation.js';
import { simulate } from '../../../support/simulate.js';
import { functionConfig } from './world.js';

const lifecycle = (sim: Simulation): string[] =>
  sim.trace.steps.flatMap((s) => s.events.filter((e) => e.machine === 'lambdaInvocation').map((e) => e.type));

/** Module state counter plus a file in /tmp: what a warm container remembers. */
async function remember(_event: unknown, context: InvocationContext): Promise<{ count: number; container: string; tmp: string[] }> {
  const count = (context.container.moduleState.get('count') as number | undefined) ?? 0;
  context.container.moduleState.set('count', count + 1);
  const tmp = await context.container.tmp.readdir('/tmp');
  await context.container.tmp.writeFile(`/tmp/run-${count}`, new Uint8Array(8));
  return { count, container: context.container.id, tmp };
}

/** Holds its container for 5 s, so that overlapping invocations need containers of their own. */
const slowly =
  (sim: Simulation) =>
  async (event: unknown, context: InvocationContext): ReturnType<typeof remember> => {
    await sim.sleep(5_000);
    return remember(event, context);
  };

describe('LambdaRuntime', () => {
  it('reuses an idle warm container with its module state and /tmp, initialising it only once', async () => {
    const results: unknown[] = [];
    const sim = await simulate({}, (s) => ({ invoke: new LambdaRuntime(s).register(functionConfig(s, 'f', remember)) }), async ({ invoke }) => {
      for (let i = 0; i < 2; i++) results.push(await invoke({}));
    });
    expect(results).toEqual([
      { kind: 'success', result: { count: 0, container: 'f/container-1', tmp: [] } },
      { kind: 'success', result: { count: 1, container: 'f/container-1', tmp: ['run-0'] } },
    ]);
    expect(sim.trace.steps.filter((s) => s.op === 'lambda.Init')).toHaveLength(1);
    expect(lifecycle(sim)).toEqual(['start', 'success', 'start', 'success']);
  });

  it('starts a new container for an invocation that finds every container busy', async () => {
    const containers: string[] = [];
    await simulate(
      {},
      (s) => ({ invoke: new LambdaRuntime(s).register(functionConfig(s, 'f', slowly(s))), tasks: new SimulatedTasks(s) }),
      async ({ invoke, tasks }) => {
        const record = async (): Promise<void> => {
          const outcome = await invoke({});
          if (outcome.kind === 'success') containers.push(outcome.result.container);
        };
        const other = tasks.spawn('other caller', record);
        await record();
        await other.join();
      },
    );
    expect(containers.sort()).toEqual(['f/container-1', 'f/container-2']);
  });

  it('picks among several idle warm containers by a service choice', async () => {
    const picked = new Set<string>();
    for (let seed = 1; seed <= 12; seed++) {
      await simulate(
        { seed },
        (s) => ({ invoke: new LambdaRuntime(s).register(functionConfig(s, 'f', slowly(s))), tasks: new SimulatedTasks(s) }),
        async ({ invoke, tasks }) => {
          const other = tasks.spawn('other caller', async () => void (await invoke({})));
          await invoke({});
          await other.join();
          const outcome = await invoke({});
          if (outcome.kind === 'success') picked.add(outcome.result.container);
        },
      );
    }
    expect(picked.size).toBe(2);
  });

  it('reports a thrown error as outcome error and keeps the container warm', async () => {
    const outcomes: InvocationOutcome<number>[] = [];
    const sim = await simulate(
      {},
      (s) =>
        new LambdaRuntime(s).register<unknown, number>(
          functionConfig(s, 'f', async (_e, context) => {
            const calls = ((context.container.moduleState.get('calls') as number | undefined) ?? 0) + 1;
            context.container.moduleState.set('calls', calls);
            if (calls === 1) throw new RangeError('first call fails');
            return calls;
          }),
        ),
      async (invoke) => {
        outcomes.push(await invoke({}), await invoke({}));
      },
    );
    expect(outcomes[0]).toMatchObject({ kind: 'error', error: { message: 'first call fails' } });
    expect(outcomes[1]).toEqual({ kind: 'success', result: 2 });
    expect(sim.trace.steps.find((s) => s.op === 'lambda.end')?.outcome).toBe('RangeError');
  });

  it('kills a timed-out invocation, empties module state and keeps its half-written /tmp', async () => {
    const outcomes: InvocationOutcome<unknown>[] = [];
    const bigFile = new Uint8Array(4 * 1024 * 1024);
    const sim = await simulate(
      {},
      (s) =>
        new LambdaRuntime(s).register<string, unknown>(
          functionConfig(
            s,
            'f',
            async (step, context) => {
              if (step === 'write') {
                context.container.moduleState.set('wrote', true);
                await s.sleep(1_000);
                await context.container.tmp.writeFile('/tmp/big', bigFile);
                return 'finished';
              }
              return { state: [...context.container.moduleState.keys()], size: (await context.container.tmp.stat('/tmp/big'))?.size };
            },
            { timeoutMs: 1_010 },
          ),
        ),
      async (invoke) => {
        outcomes.push(await invoke('write'), await invoke('look'));
      },
    );
    expect(outcomes[0]).toEqual({ kind: 'timeout' });
    expect(outcomes[1]).toMatchObject({ kind: 'success', result: { state: [] } });
    const size = (outcomes[1] as { result: { size: number } }).result.size;
    expect(size).toBeGreaterThan(0);
    expect(size).toBeLessThan(bigFile.length);
    expect(lifecycle(sim)).toEqual(['start', 'timeout', 'start', 'success']);
    expect(sim.trace.steps.filter((s) => s.op === 'lambda.Init')).toHaveLength(2);
  });

  it('gives the handler its deadline and the time remaining on its own clock', async () => {
    const seen: number[] = [];
    let startedAt = 0;
    await simulate(
      {},
      (s) =>
        new LambdaRuntime(s).register(
          functionConfig(
            s,
            'f',
            async (_e, context) => {
              startedAt = s.now;
              seen.push(context.deadlineMs - s.epochMs, context.remainingTimeMs());
              await s.sleep(2_000);
              seen.push(context.remainingTimeMs());
            },
            { timeoutMs: 10_000 },
          ),
        ),
      async (invoke) => void (await invoke({})),
    );
    expect(seen[0]).toBeCloseTo(startedAt + 10_000, 3);
    expect(seen.slice(1)).toEqual([10_000, 8_000]);
  });

  it('throttles at once an invoke beyond the reserved concurrency', async () => {
    const outcomes: { kind: string; at: number }[] = [];
    let running = -1;
    const sim = await simulate(
      {},
      (s) => {
        const runtime = new LambdaRuntime(s);
        const invoke = runtime.register(functionConfig(s, 'f', () => s.sleep(10_000), { reservedConcurrency: 1 }));
        return { runtime, invoke, tasks: new SimulatedTasks(s) };
      },
      async ({ runtime, invoke, tasks }, s) => {
        const first = tasks.spawn('first', async () => void outcomes.push({ kind: (await invoke({})).kind, at: s.now }));
        await s.sleep(1_000);
        running = runtime.running('f');
        outcomes.push({ kind: (await invoke({})).kind, at: s.now });
        await first.join();
      },
    );
    expect(running).toBe(1);
    expect(outcomes.map((o) => o.kind)).toEqual(['throttled', 'success']);
    expect(outcomes[0]!.at).toBeLessThan(10_000);
    expect(lifecycle(sim)).toEqual(['start', 'throttled', 'success']);
  });
});
