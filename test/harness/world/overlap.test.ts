import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type InvocationSpan, invocationSpans, overlapping, runningAt } from '../../../src/harness/world/invocationTimeline.js';
import { Trace } from '../../../src/sim/trace.js';
import { runPipeline } from './pipelineRuns.js';

const span = (start: number, end: number): InvocationSpan => ({ id: `${start}`, functionName: 'compaction', invoker: 'esm lines', start, end, outcome: 'success' });

describe('overlap measures', () => {
  it('read invocations from the lambdaInvocation events of the trace, an unfinished one running on', () => {
    const trace = new Trace();
    const invoke = (t: number, id: string) =>
      trace.append({ t, actor: 'esm words~2', op: 'lambda.Invoke', entities: [id], outcome: 'ok', parent: null, events: [{ machine: 'lambdaInvocation', id, type: 'start' }], detail: { function: 'compaction' } });
    invoke(10, 'a');
    invoke(12, 'b');
    trace.append({ t: 15, actor: 'lambda compaction', op: 'lambda.end', entities: ['a'], outcome: 'ok', parent: null, events: [{ machine: 'lambdaInvocation', id: 'a', type: 'success' }] });
    expect(invocationSpans(trace.steps)).toEqual([
      { id: 'a', functionName: 'compaction', invoker: 'esm words~2', start: 10, end: 15, outcome: 'success' },
      { id: 'b', functionName: 'compaction', invoker: 'esm words~2', start: 12, end: Infinity, outcome: 'running' },
    ]);
  });

  it('count two spans as overlapping only when one starts before the other ended', () => {
    expect(overlapping([span(0, 5), span(5, 9)])).toBe(false);
    expect(overlapping([span(5, 9), span(0, 6)])).toBe(true);
    expect(runningAt([span(0, 5)], 5)).toBe(false);
    expect(runningAt([span(0, 5)], 0)).toBe(true);
  });
});

describe('concurrency the default workload produces', () => {
  for (const profile of ['head', 'seed'] as const) {
    it(`${profile}: two compactions of one collection overlap, and validation writes land during a compaction, in more than 10 % of runs`, async () => {
      let runs = 0;
      let compactionOverlap = 0;
      let validationOverlap = 0;
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 0xffffffff }), async (seed) => {
          const { world, end } = await runPipeline(profile, seed);
          expect(end).toBe('idle');
          const observed = world.observations();
          runs++;
          compactionOverlap += observed.compactionOverlap!;
          validationOverlap += observed.validationCompactionOverlap!;
          if (observed.validationCompactionOverlap === 1) expect(observed.validationWrites).toBeGreaterThan(0);
        }),
        { numRuns: 30 },
      );
      expect(compactionOverlap / runs).toBeGreaterThan(0.1);
      expect(validationOverlap / runs).toBeGreaterThan(0.1);
    });
  }
});
