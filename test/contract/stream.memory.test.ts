import { MemoryStream } from '../../src/adapters/memory/dynamodb/memoryStream.js';
import { MemoryTable } from '../../src/adapters/memory/dynamodb/memoryTable.js';
import type { RunSetup } from '../../src/sim/createSimulation.js';
import { simulate } from '../support/simulate.js';
import { streamContract } from './stream.contract.js';

function memoryBackend(name: string, setup: Partial<RunSetup>, shardCount: number) {
  return {
    name,
    run: async (body: Parameters<Parameters<typeof streamContract>[0]['run']>[0]) => {
      await simulate(
        setup,
        (sim) => {
          const stream = new MemoryStream(sim, { shardCount });
          return { table: new MemoryTable(sim, { name: 'receipts', streams: stream }), stream, settle: async () => {} };
        },
        (ports) => body(ports),
      );
    },
  };
}

streamContract(memoryBackend('in-memory stream, one shard', {}, 1));
streamContract(memoryBackend('in-memory stream, three shard lineages', {}, 3));
streamContract(
  memoryBackend('in-memory stream, a shard rollover at every record', { faults: { 'stream.shardRollover': { rate: 1, always: true } } }, 2),
);
