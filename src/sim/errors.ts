/**
 * Errors of the harness itself, distinct from the errors simulated services raise. The CLI maps them to
 * exit codes: UsageError → 2, HarnessError and NondeterminismError → 3.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export class HarnessError extends Error {
  override readonly name = 'HarnessError';
}

/** Simulated code awaited something the scheduler does not control (real I/O, a real timer). */
export class SimulationEscaped extends HarnessError {}

/** A recorded choice list does not fit the run it is replayed against. */
export class ReplayDivergence extends HarnessError {}
