import { describe, expect, it } from 'vitest';
import { ArrayChoices } from '../../src/sim/choices/arrayChoices.js';
import { Choices } from '../../src/sim/choices/choiceSource.js';
import { RandomChoices } from '../../src/sim/choices/randomChoices.js';
import { faultCatalog, faultNames } from '../../src/sim/faults/catalog.js';
import { FaultPlan } from '../../src/sim/faults/faultPlan.js';
import { createSimulation } from '../../src/sim/createSimulation.js';
import { testEpochMs } from '../support/simulate.js';

describe('the fault plan', () => {
  it('documents every fault with a summary and the unit of its rate', () => {
    for (const name of faultNames) {
      expect(faultCatalog[name].summary.length).toBeGreaterThan(10);
      expect(faultCatalog[name].unit).toMatch(/^per /);
    }
  });

  it('never fires a fault that is not on the menu, and draws nothing for it', () => {
    const choices = new Choices(new RandomChoices(3));
    const plan = new FaultPlan({}, choices);
    expect(plan.fire('s3.throttle')).toBe(false);
    expect(choices.log).toEqual([]);
  });

  it('fires an always-on fault at rate 1 at every opportunity', () => {
    const plan = new FaultPlan({ 's3.throttle': { rate: 1, always: true } }, new Choices(new RandomChoices(3)));
    expect([plan.fire('s3.throttle'), plan.fire('s3.throttle')]).toEqual([true, true]);
    expect(plan.coverage()).toEqual([{ fault: 's3.throttle', enabled: true, rate: 1, opportunities: 2, fired: 2 }]);
    expect(plan.unfired()).toEqual([]);
  });

  it('turns every fault off when all choices are 0, so shrinking removes faults', () => {
    const plan = new FaultPlan(
      { 's3.throttle': { rate: 0.5 }, 'lambda.crash': { rate: 0.9, always: true } },
      new Choices(new ArrayChoices([])),
    );
    expect(plan.isEnabled('s3.throttle')).toBe(false);
    expect(plan.fire('lambda.crash')).toBe(false);
  });

  it('reports an enabled fault that never fired', () => {
    const plan = new FaultPlan({ 'sqs.duplicate': { rate: 1, always: true } }, new Choices(new RandomChoices(1)));
    expect(plan.unfired()).toEqual(['sqs.duplicate']);
  });

  it('fires at roughly its rate', () => {
    const plan = new FaultPlan({ 's3.throttle': { rate: 0.25, always: true } }, new Choices(new RandomChoices(11)));
    let fired = 0;
    for (let i = 0; i < 4000; i++) if (plan.fire('s3.throttle')) fired++;
    expect(fired / 4000).toBeGreaterThan(0.2);
    expect(fired / 4000).toBeLessThan(0.3);
  });
});

describe('kernel faults', () => {
  it('process.pause at rate 1 stalls every yield point by at least a second', async () => {
    const sim = createSimulation({ seed: 2, strategy: 'random', epochMs: testEpochMs, faults: { 'process.pause': { rate: 1, always: true } } });
    sim.spawn('host', async () => {
      await sim.io({ op: 'work', latency: 'compute' }, () => undefined);
    });
    await sim.run(1e9);
    expect(sim.now).toBeGreaterThanOrEqual(2_000);
    expect(sim.faults.unfired()).toEqual([]);
  });

  it('clock.skew at rate 1 gives a host a clock away from virtual time', async () => {
    const sim = createSimulation({ seed: 2, strategy: 'random', epochMs: testEpochMs, faults: { 'clock.skew': { rate: 1, always: true } } });
    const skew = sim.drawClockSkew();
    let seen = 0;
    sim.spawn('host', async () => {
      seen = sim.wallClock() - sim.epochMs - sim.now;
    }, { clockSkewMs: skew });
    await sim.run(1e9);
    expect(Math.abs(seen)).toBeGreaterThanOrEqual(100);
    expect(sim.faults.unfired()).toEqual([]);
  });
});

describe('PCT', () => {
  it('runs the highest-priority actor until a change point, then switches', async () => {
    const order: string[] = [];
    const sim = createSimulation({ seed: 17, strategy: 'pct', epochMs: testEpochMs, pct: { depth: 2, expectedSteps: 10 }, schedulingWindowMs: 1e9 });
    for (const name of ['a', 'b']) {
      sim.spawn(name, async () => {
        for (let i = 0; i < 6; i++) {
          await sim.io({ op: 'tick', latency: 'compute' }, () => order.push(name));
        }
      });
    }
    await sim.run(1e12);
    const switches = order.filter((name, i) => i > 0 && name !== order[i - 1]).length;
    expect(order).toHaveLength(12);
    expect(switches).toBeLessThanOrEqual(2);
  });
});
