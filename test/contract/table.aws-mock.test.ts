import { DynamoTable } from '../../src/adapters/aws/dynamoTable.js';
import { MemoryTable } from '../../src/adapters/memory/dynamodb/memoryTable.js';
import { documentClientOnMemory } from '../aws/dynamoOnMemory.js';
import { simulate } from '../support/simulate.js';
import { tableContract } from './table.contract.js';

tableContract({
  name: 'aws-mock',
  run: async (body) => {
    await simulate(
      {},
      (sim) => {
        const client = documentClientOnMemory(new MemoryTable(sim, { name: 'receipts' }));
        // Backoff in virtual time: the simulation forbids real timers and Math.random.
        const retry = { sleep: (ms: number) => sim.sleep(ms), jitter: () => 0.5 };
        return { table: new DynamoTable({ name: 'receipts', client, retry }), settle: () => sim.sleep(1_000) };
      },
      (ports) => body(ports),
    );
  },
});
