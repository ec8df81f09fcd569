import { MemoryTable } from '../../src/adapters/memory/dynamodb/memoryTable.js';
import { simulate } from '../support/simulate.js';
import { tableContract } from './table.contract.js';

tableContract({
  name: 'in-memory table in a simulation',
  run: async (body) => {
    await simulate(
      {},
      (sim) => ({ table: new MemoryTable(sim, { name: 'receipts' }), settle: () => sim.sleep(1_000) }),
      (ports) => body(ports),
    );
  },
});
