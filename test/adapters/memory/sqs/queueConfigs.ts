import type { QueueConfig } from '../../../../src/ports/queue.js';

/** A Standard queue as spec §2.8 configures the lines queue, with overrides. */
export function standardQueue(name: string, overrides: Partial<QueueConfig> = {}): QueueConfig {
  return {
    name,
    fifo: false,
    contentBasedDeduplication: false,
    visibilityTimeoutSeconds: 900,
    messageRetentionSeconds: 345_600,
    receiveWaitTimeSeconds: 0,
    delaySeconds: 0,
    ...overrides,
  };
}

/** A FIFO queue with content-based deduplication, as in the seed era (spec §8.2). */
export function fifoQueue(name: string, overrides: Partial<QueueConfig> = {}): QueueConfig {
  return standardQueue(`${name}.fifo`, { fifo: true, contentBasedDeduplication: true, ...overrides });
}
