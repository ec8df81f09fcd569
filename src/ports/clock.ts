/**
 * Time as the caller's host sees it. In a simulation every actor has its own clock (skew is a fault);
 * on AWS it is the wall clock. Pipeline code never reads time any other way.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** ISO-8601 UTC with milliseconds, e.g. `2025-11-14T10:00:00.000Z`. */
  nowIso(): string;
  sleep(milliseconds: number): Promise<void>;
}
