/**
 * Something actors can wait for: a queue receiving a message, an invocation ending, a task finishing.
 * `signal` wakes every waiter in the order they started waiting.
 */
export class Waitable {
  private readonly waiters = new Map<number, () => void>();

  constructor(readonly label: string) {}

  /** Registers a waiter under the actor's id; the scheduler calls this. */
  add(actorId: number, wake: () => void): void {
    this.waiters.set(actorId, wake);
  }

  remove(actorId: number): void {
    this.waiters.delete(actorId);
  }

  get waiting(): number {
    return this.waiters.size;
  }

  signal(): void {
    const wakes = [...this.waiters.values()];
    this.waiters.clear();
    for (const wake of wakes) wake();
  }
}
