import nodeCrypto, { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DeterminismViolation } from '../../src/sim/traps.js';
import { createSimulation } from '../../src/sim/createSimulation.js';
import { testEpochMs } from '../support/simulate.js';

const forbidden: Record<string, () => unknown> = {
  'Math.random': () => Math.random(),
  'Date.now': () => Date.now(),
  'new Date()': () => new Date(),
  setTimeout: () => setTimeout(() => undefined, 1),
  setInterval: () => setInterval(() => undefined, 1),
  setImmediate: () => setImmediate(() => undefined),
  'performance.now': () => performance.now(),
  'crypto.randomUUID (global)': () => globalThis.crypto.randomUUID(),
  'randomUUID (node:crypto named import)': () => randomUUID(),
  'randomUUID (node:crypto default import)': () => nodeCrypto.randomUUID(),
};

async function callDuringStep(call: () => unknown): Promise<unknown> {
  const sim = createSimulation({ seed: 7, strategy: 'random', epochMs: testEpochMs });
  let caught: unknown;
  sim.spawn('guest', async () => {
    await sim.sleep(5);
    try {
      call();
    } catch (error) {
      caught = error;
    }
  });
  await sim.run(1e6);
  return caught;
}

describe('runtime determinism traps', () => {
  for (const [name, call] of Object.entries(forbidden)) {
    it(`throw when simulated code calls ${name} during a step`, async () => {
      expect(await callDuringStep(call)).toBeInstanceOf(DeterminismViolation);
    });
  }

  it('are removed when the run ends', async () => {
    await callDuringStep(() => undefined);
    expect(typeof Date.now()).toBe('number');
    expect(typeof Math.random()).toBe('number');
    expect(new Date().getTime()).toBeGreaterThan(0);
    expect(randomUUID()).toMatch(/^[0-9a-f-]{36}$/);
    clearTimeout(setTimeout(() => undefined, 1));
  });

  it('allow new Date(ms), which the Clock port uses', async () => {
    expect(await callDuringStep(() => new Date(0).toISOString())).toBeUndefined();
  });

  it('report simulated code that awaits a real timer as an escape from the simulation', async () => {
    const sim = createSimulation({ seed: 7, strategy: 'random', epochMs: testEpochMs });
    const realSetTimeout = globalThis.setTimeout;
    sim.spawn('escapee', async () => {
      await new Promise((resolve) => realSetTimeout(resolve, 1));
    });
    await expect(sim.run(1e6)).rejects.toThrow(/outside the simulation/);
  });
});
