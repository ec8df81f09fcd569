import { createLambdaTmp } from '../../adapters/memory/fs/memoryFileSystem.js';
import { LambdaRuntime } from '../../adapters/memory/lambda/runtime.js';
import { SqsEventSourceMapping } from '../../adapters/memory/lambda/sqsEventSourceMapping.js';
import { MemoryObjectStore } from '../../adapters/memory/s3/memoryObjectStore.js';
import { MemoryQueues } from '../../adapters/memory/sqs/memoryQueues.js';
import type { SqsBatch, SqsBatchResponse } from '../../ports/queue.js';
import type { RunEnd, Simulation } from '../../sim/simulation.js';
import type { Flags, Violation, World } from '../scenario.js';
import { type LedgerGuard, ledgerKey, parseLedger, recordJob } from './ledgerWorker.js';

/**
 * The demonstration world that `run` drives until the pipeline exists: a client sends jobs to an SQS
 * Standard queue; an event source mapping invokes a worker Lambda (reserved concurrency 2) that records
 * each job in an S3 ledger object by read-modify-write. Invariants: every job ends in the ledger unless
 * its message reached the DLQ (no lost update), and the queue drains (liveness).
 */
export const ledgerJobs = 6;

export function buildLedgerWorld(sim: Simulation, flags: Flags): World {
  const guard = flags.guard as LedgerGuard;
  const queues = new MemoryQueues(sim);
  const store = new MemoryObjectStore(sim, { bucket: 'demo-ledger' });
  const dlqUrl = queues.createQueue({
    name: 'jobs-dlq',
    fifo: false,
    contentBasedDeduplication: false,
    visibilityTimeoutSeconds: 30,
    messageRetentionSeconds: 1_209_600,
    receiveWaitTimeSeconds: 0,
    delaySeconds: 0,
  });
  const queueUrl = queues.createQueue({
    name: 'jobs',
    fifo: false,
    contentBasedDeduplication: false,
    visibilityTimeoutSeconds: 30,
    messageRetentionSeconds: 345_600,
    receiveWaitTimeSeconds: 20,
    delaySeconds: 0,
    redrive: { deadLetterQueueUrl: dlqUrl, maxReceiveCount: 5 },
  });
  const runtime = new LambdaRuntime(sim);
  const worker = runtime.register<SqsBatch, SqsBatchResponse>({
    name: 'ledger-worker',
    timeoutMs: 20_000,
    reservedConcurrency: 2,
    ephemeralStorageBytes: 512 * 1024 * 1024,
    createTmp: (name, bytes) => createLambdaTmp(sim, name, bytes),
    handler: async (batch) => {
      for (const record of batch.records) await recordJob(store, record.body, guard);
      return { batchItemFailures: [] };
    },
  });
  new SqsEventSourceMapping(sim, queues, queueUrl, worker, {
    batchSize: 1,
    batchingWindowMs: 0,
    maximumConcurrency: 2,
    reportBatchItemFailures: true,
    unknownItemIdentifier: 'unknownIgnored',
  }).start();

  const jobs = Array.from({ length: ledgerJobs }, (_, i) => `job-${i + 1}`);
  sim.spawn('client', async () => {
    const result = await queues.sendMessageBatch(
      queueUrl,
      jobs.map((job, i) => ({ id: String(i), body: job })),
    );
    if (result.failed.length > 0) throw new Error(`send failed for ${result.failed.length} jobs`);
  });

  return {
    horizonMs: 48 * 3_600_000,
    check(end: RunEnd): Violation[] {
      const violations: Violation[] = [];
      const object = store.peek(ledgerKey);
      const applied = new Set(object === undefined ? [] : parseLedger(object.body).applied);
      const deadLettered = new Set(queues.messages(dlqUrl).map((m) => m.body));
      const writes = sim.trace.steps.filter((s) => s.op === 's3.putObject').map((s) => s.step);
      for (const job of jobs) {
        if (!applied.has(job) && !deadLettered.has(job)) {
          violations.push({ invariant: 'noLostUpdates', entity: job, expected: 'in the ledger or in the DLQ', actual: 'missing', steps: writes });
        }
      }
      const stats = queues.stats(queueUrl);
      if (end !== 'idle' || stats.visible + stats.inFlight + stats.delayed > 0) {
        violations.push({
          invariant: 'liveness',
          entity: 'jobs queue',
          expected: 'drained and idle within 48 virtual hours',
          actual: `${end}; ${stats.visible} visible, ${stats.inFlight} in flight, ${stats.delayed} delayed`,
          steps: [],
        });
      }
      return violations;
    },
  };
}
