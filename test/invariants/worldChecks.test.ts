import { describe, expect, it } from 'vitest';
import { runWorld } from './support.js';

describe('PipelineWorld.check runs every checker', () => {
  it('reports lifecycle model coverage, and a lifecycle event its model forbids as a modelConformance violation', async () => {
    const { sim, world, end } = await runWorld('head', 3, (b) => b.receipts(1));
    expect(world.check(end)).toEqual(world.check(end));
    const coverage = world.modelCoverage();
    expect(coverage.map((c) => c.machine)).toEqual(expect.arrayContaining(['lambdaInvocation', 'sqsMessage']));
    expect(coverage.find((c) => c.machine === 'sqsMessage')?.reachedStates).toEqual(expect.arrayContaining(['visible', 'inFlight', 'deleted']));
    sim.trace.append({ t: sim.now, actor: 'test', op: 'test.event', entities: ['m-unsent'], outcome: 'ok', parent: null, events: [{ machine: 'sqsMessage', id: 'm-unsent', type: 'deleted' }] });
    expect(world.check(end).filter((v) => v.invariant === 'modelConformance').map((v) => v.entity)).toEqual(['sqsMessage:m-unsent']);
  });

  it('every violation names an invariant of the catalogue, an entity, and its steps in ascending order', async () => {
    const { world, end } = await runWorld('head', 2, (b) => b.receipts(3).flags({ lockMode: 'none' }));
    const violations = world.check(end);
    expect(violations.length).toBeGreaterThan(0);
    for (const v of violations) {
      expect(['snapshotIntegrity', 'noLostUpdates', 'convergence', 'liveness', 'modelConformance']).toContain(v.invariant);
      expect(v.entity).not.toBe('');
      expect([...v.steps].sort((a, b) => a - b)).toEqual(v.steps);
    }
  });
});
