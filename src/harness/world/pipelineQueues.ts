import type { MemoryQueues } from '../../adapters/memory/sqs/memoryQueues.js';
import type { MaxReceiveCount, PipelineFlags } from '../../pipeline/config/flags.js';
import { type QueueDeployment, deadLetterQueueOf, llmValidationQueue, queuesFor } from './deployment.js';

/**
 * The queues of a world, each with its dead-letter queue and redrive policy: LINES and WORDS always,
 * RECEIPT_SUMMARY and LINE_ITEMS in the head era, Standard or FIFO as the flag `queueType` says; the
 * head era's LLM validation queue (§6.2) is always Standard. The flag `maxReceiveCount` sets every redrive
 * policy's count (the spec's, or 1000).
 */
export type QueueRole = 'lines' | 'words' | 'summary' | 'lineItems' | 'llmValidation';

export interface DeployedQueue {
  readonly role: QueueRole;
  readonly url: string;
  readonly deadLetterUrl: string;
}

export interface PipelineQueues {
  readonly lines: DeployedQueue;
  readonly words: DeployedQueue;
  readonly summary?: DeployedQueue;
  readonly lineItems?: DeployedQueue;
  readonly llmValidation?: DeployedQueue;
  readonly all: readonly DeployedQueue[];
}

export function createPipelineQueues(queues: MemoryQueues, flags: Pick<PipelineFlags, 'era' | 'queueType' | 'maxReceiveCount'>): PipelineQueues {
  const set = queuesFor(flags.era, flags.queueType);
  const create = (role: QueueRole, deployment: QueueDeployment): DeployedQueue => {
    const deadLetterUrl = queues.createQueue(deadLetterQueueOf(deployment.config));
    const maxReceiveCount = maxReceiveCountFor(flags.maxReceiveCount, deployment);
    const url = queues.createQueue({ ...deployment.config, redrive: { deadLetterQueueUrl: deadLetterUrl, maxReceiveCount } });
    return { role, url, deadLetterUrl };
  };
  const lines = create('lines', set.lines);
  const words = create('words', set.words);
  const summary = set.summary === undefined ? undefined : create('summary', set.summary);
  const lineItems = set.lineItems === undefined ? undefined : create('lineItems', set.lineItems);
  const llmValidation = flags.era === 'head' ? create('llmValidation', llmValidationQueue) : undefined;
  const all = [lines, words, summary, lineItems, llmValidation].filter((q): q is DeployedQueue => q !== undefined);
  return {
    lines,
    words,
    ...(summary === undefined ? {} : { summary }),
    ...(lineItems === undefined ? {} : { lineItems }),
    ...(llmValidation === undefined ? {} : { llmValidation }),
    all,
  };
}

/** The flag `maxReceiveCount`: the deployment's own count (`spec`), or the AWS maximum of 1000. */
export function maxReceiveCountFor(flag: MaxReceiveCount, queue: QueueDeployment): number {
  return flag === 'spec' ? queue.maxReceiveCount : 1_000;
}
