import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Clock } from '../ports/clock.js';
import type { DrainOutcome } from './soakChecks.js';
import type { SoakPipeline } from './soakPipeline.js';
import type { SoakQueue } from './soakResources.js';
import { queueDepth } from './targetState.js';
import { sleepUnlessStopped } from './soakWorkload.js';

/**
 * After the workload: waits until the pipeline is quiet (the stream poller found nothing, no invocation
 * runs, every queue outside the DLQs is empty) on two looks in a row 2 s apart, or the timeout passes.
 * Approximate SQS counts lag, hence the second look.
 */
export async function drainPipeline(
  sqs: SQSClient,
  queues: readonly SoakQueue[],
  pipeline: SoakPipeline,
  clock: Clock,
  timeoutMs: number,
  stop: AbortSignal,
  onLook: (depths: Readonly<Record<string, number>>) => void,
): Promise<DrainOutcome> {
  const start = clock.now();
  let quietLooks = 0;
  let depths: Record<string, number> = {};
  while (!stop.aborted) {
    depths = {};
    for (const queue of queues) depths[queue.role] = await queueDepth(sqs, queue.url);
    const quiet = pipeline.stream.idle() && pipeline.invocations.busy === 0 && Object.values(depths).every((d) => d === 0);
    quietLooks = quiet ? quietLooks + 1 : 0;
    onLook(depths);
    if (quietLooks >= 2 || clock.now() - start >= timeoutMs) break;
    await sleepUnlessStopped(clock, 2_000, stop);
  }
  let deadLetters = 0;
  for (const queue of queues) {
    const dead = await queueDepth(sqs, queue.deadLetterUrl);
    depths[`${queue.role}-dlq`] = dead;
    deadLetters += dead;
  }
  return { drained: quietLooks >= 2, waitedMs: clock.now() - start, depths, deadLetters, streamRecordsDiscarded: pipeline.stream.discarded() };
}
