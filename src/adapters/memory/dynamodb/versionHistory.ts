import type { Item } from '../../../ports/values.js';

/**
 * The versions of one item with the virtual times at which they were committed, so that an eventually
 * consistent read can return any version that was current at some instant of its staleness window.
 * Every history starts with "absent since forever": a read shortly after the first put may miss it.
 */
export interface Version {
  /** Undefined when the item did not exist (before its first put, after a delete). */
  readonly item: Item | undefined;
  readonly committedAt: number;
}

export class VersionHistory {
  private versions: Version[] = [{ item: undefined, committedAt: -Infinity }];

  get current(): Item | undefined {
    return this.versions[this.versions.length - 1]!.item;
  }

  commit(item: Item | undefined, at: number): void {
    this.versions.push({ item, committedAt: at });
  }

  /**
   * The versions that were current at some instant of [now − windowMs, now], newest first. A version
   * replaced at the very instant it was committed was never current and is left out.
   */
  candidates(now: number, windowMs: number): readonly (Item | undefined)[] {
    const last = this.versions.length - 1;
    const result: (Item | undefined)[] = [this.versions[last]!.item];
    for (let i = last - 1; i >= 0; i--) {
      const replacedAt = this.versions[i + 1]!.committedAt;
      if (replacedAt <= now - windowMs) break;
      if (replacedAt > this.versions[i]!.committedAt) result.push(this.versions[i]!.item);
    }
    return result;
  }

  /** Forgets the versions no read can return any more: those replaced at or before now − horizonMs. */
  prune(now: number, horizonMs: number): void {
    let first = 0;
    while (first < this.versions.length - 1 && this.versions[first + 1]!.committedAt <= now - horizonMs) first++;
    if (first > 0) this.versions = this.versions.slice(first);
  }

  /** True when the item is absent and no read can see an earlier version: the history can go. */
  get forgotten(): boolean {
    return this.versions.length === 1 && this.versions[0]!.item === undefined;
  }
}
