import { SimulatedClock } from '../../src/adapters/memory/clock.js';
import { MemoryQueues } from '../../src/adapters/memory/sqs/memoryQueues.js';
import { simulate } from '../support/simulate.js';
import { type QueuePorts, queueContract } from './queue.contract.js';

queueContract({
  name: 'memory',
  async run(body: (ports: QueuePorts) => Promise<void>): Promise<void> {
    await simulate(
      {},
      (sim) => {
        const queues = new MemoryQueues(sim);
        return { queue: queues, clock: new SimulatedClock(sim), createQueue: async (config) => queues.createQueue(config) };
      },
      body,
    );
  },
});
