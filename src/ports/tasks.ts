/**
 * Background work inside one host, such as the lock heartbeat of spec §4.2 or parallel downloads.
 * In a simulation a task is its own actor, so the scheduler interleaves it with everything else; a
 * crash or timeout of the host ends its tasks too.
 */
export interface TaskHandle {
  readonly name: string;
  /** Resolves true when the task has ended, false when `timeoutMilliseconds` passed first. */
  join(timeoutMilliseconds?: number): Promise<boolean>;
  readonly done: boolean;
}

export interface Tasks {
  spawn(name: string, body: () => Promise<void>): TaskHandle;
}
