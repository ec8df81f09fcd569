/** Exit codes shared by every command (design.md, command-line conventions). */
export const ExitCode = {
  /** Every outcome as expected (for a raw profile run: no violation). */
  ok: 0,
  /** An unexpected violation. */
  violation: 1,
  /** Usage or configuration error: one line saying what is wrong and what to do. */
  usage: 2,
  /** Harness error or detected nondeterminism. */
  harness: 3,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
