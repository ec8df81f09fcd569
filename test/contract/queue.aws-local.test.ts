import { describe } from 'vitest';
import { SystemClock } from '../../src/adapters/aws/systemClock.js';
import { SqsQueue } from '../../src/adapters/aws/sqsQueue.js';
import { SqsQueueAdmin } from '../../src/adapters/aws/sqsQueueAdmin.js';
import { localSqsClient, uniqueName } from '../aws/localTargets.js';
import { type QueuePorts, queueContract } from './queue.contract.js';

const client = localSqsClient();
const queue = new SqsQueue({ client });
const admin = new SqsQueueAdmin(client);
const clock = new SystemClock();

/** A queue name of its own for every case; a FIFO name keeps its `.fifo` suffix. */
function prefixed(name: string): string {
  const fifo = name.endsWith('.fifo');
  return `${uniqueName(fifo ? name.slice(0, -'.fifo'.length) : name)}${fifo ? '.fifo' : ''}`;
}

// The cases wait out real visibility timeouts; run concurrently, the file takes as long as its slowest case.
describe.concurrent('on local-aws-sqs', () => {
  queueContract({
    name: 'local-aws-sqs',
    // What local-aws-sqs 2.0.2 lacks (found by running this suite): see unsupported.ts.
    unsupported: ['staleReceiptHandles', 'receiveCountOnVisibilityChange', 'fifoGroupInFlightBlocking', 'fifoEntryFailures'],
    async run(body: (ports: QueuePorts) => Promise<void>): Promise<void> {
      await body({ queue, clock, createQueue: (config) => admin.createQueue({ ...config, name: prefixed(config.name) }) });
    },
  });
});
