import { SqsQueue } from '../../src/adapters/aws/sqsQueue.js';
import { SqsQueueAdmin } from '../../src/adapters/aws/sqsQueueAdmin.js';
import { SimulatedClock } from '../../src/adapters/memory/clock.js';
import { MemoryQueues } from '../../src/adapters/memory/sqs/memoryQueues.js';
import { sqsClientOnMemory } from '../aws/sqsOnMemory.js';
import { simulate } from '../support/simulate.js';
import { type QueuePorts, queueContract } from './queue.contract.js';

queueContract({
  name: 'aws-mock',
  async run(body: (ports: QueuePorts) => Promise<void>): Promise<void> {
    await simulate(
      {},
      (sim) => {
        const client = sqsClientOnMemory(new MemoryQueues(sim));
        const admin = new SqsQueueAdmin(client);
        return { queue: new SqsQueue({ client }), clock: new SimulatedClock(sim), createQueue: (config) => admin.createQueue(config) };
      },
      body,
    );
  },
});
