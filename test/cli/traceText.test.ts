import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/harness/runScenario.js';
import type { Violation } from '../../src/harness/scenario.js';
import type { RunContext } from '../../src/report/runSummary.js';
import { defaultTraceTextLines, renderTraceText } from '../../src/report/traceText.js';
import { Trace } from '../../src/sim/trace.js';

interface StepShape {
  readonly actor: number;
  readonly op: number;
  /** Distance back to the parent step; 0 means no parent. */
  readonly parentBack: number;
}

const context: RunContext = { scenario: 'synthetic', profile: 'test', strategy: 'random', token: 'TOKEN', build: 'test-build' };

function syntheticRun(shapes: readonly StepShape[], violations: readonly Violation[], schedulingPoints: readonly number[]): RunResult {
  const trace = new Trace();
  shapes.forEach((shape, step) => {
    trace.append({
      t: step * 10,
      actor: `actor${shape.actor}`,
      op: `op${shape.op}`,
      entities: [`entity${shape.op}`],
      outcome: 'ok',
      parent: shape.parentBack === 0 || shape.parentBack > step ? null : step - shape.parentBack,
      events: [],
    });
  });
  return {
    seed: 1,
    flags: {},
    end: 'idle',
    hash: trace.hash,
    steps: trace.length,
    schedulingChoices: schedulingPoints.length,
    schedulingPoints,
    virtualMs: shapes.length * 10,
    violations,
    choices: [],
    faults: [],
    modelCoverage: [],
    observations: {},
    trace: trace.steps,
  };
}

/** The step ranges of the rendered step lines, and the elided step counts. */
function parse(text: string): { shown: [number, number][]; marked: [number, number][]; elided: number; lines: string[] } {
  const lines = text.trimEnd().split('\n');
  const shown: [number, number][] = [];
  const marked: [number, number][] = [];
  let elided = 0;
  for (const line of lines) {
    const range = /^([✗●⇄]) #(\d+)(?:–#(\d+) ×\d+)? t=/.exec(line);
    if (range !== null) shown.push([Number(range[2]), Number(range[3] ?? range[2])]);
    if (range?.[1] === '✗') marked.push(shown.at(-1)!);
    const gap = /^ {2}… (\d+) steps? …$/.exec(line);
    if (gap !== null) elided += Number(gap[1]);
  }
  return { shown, marked, elided, lines };
}

const isShown = (shown: readonly [number, number][], step: number): boolean => shown.some(([a, b]) => a <= step && step <= b);

/** A small deterministic generator, so that fast-check shrinks a long trace through a few integers only. */
function generator(seed: number): (bound: number) => number {
  let state = seed >>> 0;
  return (bound) => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return (state >>> 8) % bound;
  };
}

const runArbitrary = fc
  .record({
    length: fc.integer({ min: 1, max: 3_000 }),
    seed: fc.nat(),
    pointCount: fc.nat(600),
    violationSteps: fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), { maxLength: 3 }),
  })
  .map(({ length, seed, pointCount, violationSteps }) => {
    const next = generator(seed);
    const shapes = Array.from({ length }, () => ({ actor: next(5), op: next(7), parentBack: next(13) }));
    const schedulingPoints = [...new Set(Array.from({ length: pointCount }, () => next(length)))].sort((a, b) => a - b);
    const violations = violationSteps.map((steps): Violation => ({
      invariant: 'noLostUpdates',
      entity: 'ledger',
      expected: 'every job',
      actual: 'a job missing',
      steps: steps.map((s) => s % length).sort((a, b) => a - b),
    }));
    return { shapes, violations, schedulingPoints };
  });

describe('the text rendering of a trace', () => {
  it('stays within the line cap, accounts for every step, and keeps the step where each violation shows', () => {
    fc.assert(
      fc.property(runArbitrary, ({ shapes, violations, schedulingPoints }) => {
        const run = syntheticRun(shapes, violations, schedulingPoints);
        const { shown, marked, elided, lines } = parse(renderTraceText(run, context));
        expect(lines.length).toBeLessThanOrEqual(defaultTraceTextLines);
        const shownSteps = shown.reduce((sum, [a, b]) => sum + b - a + 1, 0);
        expect(shownSteps + elided).toBe(shapes.length);
        for (const v of violations) expect(isShown(marked, v.steps.at(-1)!)).toBe(true);
        expect(lines.filter((l) => l.startsWith('VIOLATION ')).length).toBe(violations.length);
      }),
      { numRuns: 40 },
    );
  });

  it('shows every step of the causal chain and every scheduling point when they fit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 140 }).chain((length) =>
          fc.record({ length: fc.constant(length), points: fc.uniqueArray(fc.nat(length - 1), { maxLength: 20 }) }),
        ),
        ({ length, points }) => {
          // Every step differs from its neighbours; the chain runs back from the last step through every 7th.
          const shapes = Array.from({ length }, (_, step) => ({ actor: step % 3, op: step, parentBack: 7 }));
          const last = length - 1;
          const sorted = [...points].sort((a, b) => a - b);
          const run = syntheticRun(shapes, [{ invariant: 'convergence', entity: 'row', expected: 'a', actual: 'b', steps: [last] }], sorted);
          const { shown, lines } = parse(renderTraceText(run, context));
          for (let step = last; step >= 0; step -= 7) expect(isShown(shown, step)).toBe(true);
          for (const step of sorted) expect(isShown(shown, step)).toBe(true);
          expect(lines.some((l) => l.startsWith(`✗ #${last} `))).toBe(true);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('renders one line per shown step as #step t=…ms actor op entities → outcome, with identical neighbours on one line', () => {
    const shapes = [
      { actor: 0, op: 1, parentBack: 0 },
      { actor: 0, op: 2, parentBack: 1 },
      { actor: 0, op: 2, parentBack: 1 },
      { actor: 0, op: 2, parentBack: 1 },
      { actor: 1, op: 3, parentBack: 1 },
    ];
    const text = renderTraceText(syntheticRun(shapes, [{ invariant: 'liveness', entity: 'q', expected: 'drained', actual: '1 message', steps: [4] }], []), context);
    expect(text.split('\n').slice(2, 5)).toEqual([
      '● #0 t=0ms actor0 op1 entity1 → ok',
      '● #1–#3 ×3 t=10ms actor0 op2 entity2 → ok',
      '✗ #4 t=40ms actor1 op3 entity3 → ok',
    ]);
    expect(text).toContain('VIOLATION liveness on q: expected drained, got 1 message (steps 4)');
    expect(text).toContain('replay: npx receipt-sim replay TOKEN');
  });
});
