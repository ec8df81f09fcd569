import nodeCrypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { HarnessError } from './errors.js';

/**
 * While a simulation runs, the sources of nondeterminism that simulated code (or a library it calls) could
 * reach are replaced by traps that throw. The harness keeps the real functions it needs (the escape
 * watchdog) from before the traps go in.
 */
export class DeterminismViolation extends HarnessError {}

export const realTimers = {
  setImmediate: globalThis.setImmediate,
  clearImmediate: globalThis.clearImmediate,
} as const;

type Describe = () => string;

const RealDate = globalThis.Date;

function trap(what: string, instead: string, describe: Describe): () => never {
  return () => {
    throw new DeterminismViolation(`${what} called during a simulation step (${describe()}); use ${instead}`);
  };
}

let installed = 0;

/** Installs the traps and returns a function that removes them. Nested installs are counted. */
export function installTraps(describe: Describe): () => void {
  if (installed++ > 0) return () => void installed--;
  const saved = {
    random: Math.random,
    setTimeout: globalThis.setTimeout,
    setInterval: globalThis.setInterval,
    setImmediate: globalThis.setImmediate,
    randomUUID: nodeCrypto.randomUUID,
  };
  const TrappedDate = class extends RealDate {
    constructor(...args: ConstructorParameters<DateConstructor> | []) {
      if (args.length === 0) trap('new Date()', 'the Clock port', describe)();
      super(...(args as [number]));
    }
    static override now = trap('Date.now()', 'the Clock port', describe);
  };
  Math.random = trap('Math.random()', 'the Random port or the choice source', describe);
  globalThis.Date = TrappedDate as unknown as DateConstructor;
  globalThis.setTimeout = trap('setTimeout()', 'Clock.sleep', describe) as unknown as typeof setTimeout;
  globalThis.setInterval = trap('setInterval()', 'Clock.sleep in a task', describe) as unknown as typeof setInterval;
  globalThis.setImmediate = trap('setImmediate()', 'Clock.sleep', describe) as unknown as typeof setImmediate;
  Object.defineProperty(performance, 'now', {
    value: trap('performance.now()', 'the Clock port', describe),
    configurable: true,
    writable: true,
  });
  Object.defineProperty(globalThis.crypto, 'randomUUID', {
    value: trap('crypto.randomUUID()', 'the Random port', describe),
    configurable: true,
    writable: true,
  });
  nodeCrypto.randomUUID = trap('randomUUID()', 'the Random port', describe);
  syncBuiltinESMExports();

  return () => {
    if (--installed > 0) return;
    Math.random = saved.random;
    globalThis.Date = RealDate;
    globalThis.setTimeout = saved.setTimeout;
    globalThis.setInterval = saved.setInterval;
    globalThis.setImmediate = saved.setImmediate;
    delete (performance as { now?: unknown }).now;
    delete (globalThis.crypto as { randomUUID?: unknown }).randomUUID;
    nodeCrypto.randomUUID = saved.randomUUID;
    syncBuiltinESMExports();
  };
}

/**
 * Gives the event loop one turn between runs. Node frees the memory behind native buffers (SQLite's
 * `serialize()` images among them) in an immediate callback, never inside a microtask chain; a process
 * that runs seed after seed without a turn of the event loop keeps every image of every run.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => realTimers.setImmediate(resolve));
}
