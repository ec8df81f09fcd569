import { firstDivergence } from '../sim/trace.js';
import { type RunRequest, type RunResult, runScenario } from './runScenario.js';

export interface NondeterminismReport {
  readonly firstHash: string;
  readonly secondHash: string;
  /** The first step whose running hash differs between the two runs. */
  readonly step: number;
  /** That step in each run, as `actor op [entities] → outcome` (plus its time, parent, events and details when those differ), or `(run ended)`. */
  readonly first: string;
  readonly second: string;
}

/**
 * Re-runs a request once with the same input (seed, recorded or fast-check choices) and compares the
 * traces. A different hash means the harness or the system under test read something outside the
 * simulation; the report names the first step where the running hashes part.
 */
export async function checkReproducible(request: RunRequest, result: RunResult): Promise<NondeterminismReport | undefined> {
  const again = await runScenario({ ...request, flags: result.flags });
  if (again.hash === result.hash) return undefined;
  const step = firstDivergence(result.trace, again.trace) ?? 0;
  const describe = (r: RunResult, withDetail: boolean): string => {
    const entry = r.trace[step];
    if (entry === undefined) return '(run ended)';
    const line = `${entry.actor} ${entry.op} [${entry.entities.join(' ')}] → ${entry.outcome}`;
    return withDetail ? `${line} ${JSON.stringify({ t: entry.t, parent: entry.parent, events: entry.events, detail: entry.detail ?? null })}` : line;
  };
  // When the steps read the same, what differs is in their time, parent, events or details: show those.
  const same = describe(result, false) === describe(again, false);
  return { firstHash: result.hash, secondHash: again.hash, step, first: describe(result, same), second: describe(again, same) };
}
