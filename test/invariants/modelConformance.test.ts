import { describe, expect, it } from 'vitest';
import { demoLedger, demoLedgerBlind } from '../../scenarios/demoLedger.js';
import { headPipeline } from '../../scenarios/headPipeline.js';
import { runScenario } from '../../src/harness/runScenario.js';
import type { Scenario } from '../../src/harness/scenario.js';
import { checkModelConformance } from '../../src/invariants/modelConformance.js';
import type { LifecycleMachine, TraceEntry } from '../../src/sim/trace.js';

/** A trace with one lifecycle event per step, for the given instance. */
function traceOf(machine: LifecycleMachine, id: string, types: readonly string[]): TraceEntry[] {
  return types.map((type, step) => ({
    step,
    t: step,
    actor: 'test',
    op: 'test.event',
    entities: [id],
    outcome: 'ok',
    parent: null,
    events: [{ machine, id, type }],
    hash: '0000000000000000',
  }));
}

describe('model conformance of lambda invocations', () => {
  it('accepts start then each ending, and a throttled invoke', () => {
    for (const ending of ['success', 'error', 'timeout', 'crash']) {
      expect(checkModelConformance(traceOf('lambdaInvocation', 'i1', ['start', ending])).violations).toEqual([]);
    }
    expect(checkModelConformance(traceOf('lambdaInvocation', 'i1', ['throttled'])).violations).toEqual([]);
  });

  it('flags success before start, naming the instance, the allowed events and the steps', () => {
    const { violations } = checkModelConformance(traceOf('lambdaInvocation', 'i1', ['success']));
    expect(violations).toEqual([
      { invariant: 'modelConformance', entity: 'lambdaInvocation:i1', expected: 'in state idle, one of: start, throttled', actual: 'success', steps: [0] },
    ]);
  });

  it('flags a second ending of one invocation', () => {
    const { violations } = checkModelConformance(traceOf('lambdaInvocation', 'i1', ['start', 'timeout', 'crash']));
    expect(violations.map((v) => [v.actual, v.steps])).toEqual([['crash', [0, 1, 2]]]);
  });
});

describe('model conformance of SQS messages', () => {
  it('accepts duplicate delivery, visibility expiry, delete by the latest handle, redrive and deduplication', () => {
    const types = ['sent', 'received', 'received', 'visible', 'deleted', 'deduplicated'];
    expect(checkModelConformance(traceOf('sqsMessage', 'm1', types)).violations).toEqual([]);
    const redriven = ['sent', 'received', 'visible', 'redriven', 'received', 'deleted'];
    expect(checkModelConformance(traceOf('sqsMessage', 'm2', redriven)).violations).toEqual([]);
  });

  it('flags received after deleted', () => {
    const { violations } = checkModelConformance(traceOf('sqsMessage', 'm1', ['sent', 'received', 'deleted', 'received']));
    expect(violations).toEqual([
      { invariant: 'modelConformance', entity: 'sqsMessage:m1', expected: 'in state deleted, one of: deduplicated', actual: 'received', steps: [0, 1, 2, 3] },
    ]);
  });

  it('flags a delete of a message never received, and of a redriven message before its dead-letter receive', () => {
    expect(checkModelConformance(traceOf('sqsMessage', 'm1', ['sent', 'deleted'])).violations).toHaveLength(1);
    const redriven = ['sent', 'received', 'visible', 'redriven', 'deleted'];
    expect(checkModelConformance(traceOf('sqsMessage', 'm1', redriven)).violations).toHaveLength(1);
  });

  it('reports one violation per instance and keeps checking the others', () => {
    const trace = [...traceOf('sqsMessage', 'm1', ['received', 'sent']), ...traceOf('sqsMessage', 'm2', ['sent'])];
    expect(checkModelConformance(trace).violations.map((v) => v.entity)).toEqual(['sqsMessage:m1']);
  });
});

describe('model conformance of simulated runs', () => {
  const runs: readonly { readonly name: string; readonly scenario: Scenario; readonly seed: number }[] = [
    ...[1, 2].map((seed) => ({ name: demoLedger.name, scenario: demoLedger, seed })),
    { name: demoLedgerBlind.name, scenario: demoLedgerBlind, seed: 3 },
    ...[11, 12, 13, 14].map((seed) => ({ name: headPipeline.name, scenario: headPipeline, seed })),
  ];

  it.each(runs)('$name seed $seed conforms to both models', async ({ scenario, seed }) => {
    const run = await runScenario({ scenario, seed, strategy: 'random' });
    const { violations, coverage } = checkModelConformance(run.trace);
    expect(violations).toEqual([]);
    const sqs = coverage.find((c) => c.machine === 'sqsMessage')!;
    expect(sqs.reachedStates).toEqual(expect.arrayContaining(['visible', 'inFlight', 'deleted']));
    if (scenario === headPipeline) {
      const lambda = coverage.find((c) => c.machine === 'lambdaInvocation')!;
      expect(lambda.reachedStates).toEqual(expect.arrayContaining(['running', 'success']));
    }
  });
});
