import { firstDivergence } from '../sim/trace.js';
import { type RunRequest, type RunResult, runScenario } from './runScenario.js';

export interface NondeterminismReport {
  readonly firstHash: string;
  readonly secondHash: string;
  /** The first step whose running hash differs between the two runs. */
  readonly step: number;
  readonly first: string;
  readonly second: string;
}

/**
 * Re-runs a run with the exact decisions it recorded and compares the traces. A difference means the
 * harness or the system under test read something outside the simulation.
 */
export async function checkReproducible(request: RunRequest, result: RunResult): Promise<NondeterminismReport | undefined> {
  const again = await runScenario({ ...request, flags: result.flags, input: { kind: 'recorded', values: result.choices } });
  if (again.hash === result.hash) return undefined;
  const step = firstDivergence(result.trace, again.trace) ?? 0;
  const describe = (r: RunResult): string => {
    const entry = r.trace[step];
    return entry === undefined ? '(run ended)' : `${entry.actor} ${entry.op} [${entry.entities.join(' ')}] → ${entry.outcome}`;
  };
  return { firstHash: result.hash, secondHash: again.hash, step, first: describe(result), second: describe(again) };
}
