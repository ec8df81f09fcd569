import { DynamoStreamReader } from '../../src/adapters/aws/dynamoStreamReader.js';
import { DynamoTable } from '../../src/adapters/aws/dynamoTable.js';
import { MemoryStream } from '../../src/adapters/memory/dynamodb/memoryStream.js';
import { MemoryTable } from '../../src/adapters/memory/dynamodb/memoryTable.js';
import type { RunSetup } from '../../src/sim/createSimulation.js';
import { documentClientOnMemory } from '../aws/dynamoOnMemory.js';
import { streamArn, streamsClientOnMemory } from '../aws/streamsOnMemory.js';
import { simulate } from '../support/simulate.js';
import { type StreamPorts, streamContract } from './stream.contract.js';

/**
 * No local server implements DynamoDB Streams (toolchain.md), so the Streams reader runs over
 * aws-sdk-client-mock answered by the in-memory stream, whose shard tree the options script: one shard,
 * three lineages, or a rollover into a child shard at every record. DescribeStream pages hold two
 * shards, so listing the tree always follows LastEvaluatedShardId. The writes go through the DynamoTable
 * adapter over the mocked DocumentClient into the in-memory table that feeds the stream.
 */
function mockBackend(name: string, setup: Partial<RunSetup>, shardCount: number) {
  return {
    name,
    run: async (body: (ports: StreamPorts) => Promise<void>) => {
      await simulate(
        setup,
        (sim) => {
          const memoryStream = new MemoryStream(sim, { shardCount });
          const retry = { sleep: (ms: number) => sim.sleep(ms), jitter: () => 0.5 };
          const client = documentClientOnMemory(new MemoryTable(sim, { name: 'receipts', streams: memoryStream }));
          const stream = new DynamoStreamReader({ streamArn, client: streamsClientOnMemory(memoryStream, 2), retry });
          return { table: new DynamoTable({ name: 'receipts', client, retry }), stream, settle: async () => {} };
        },
        (ports) => body(ports),
      );
    },
  };
}

streamContract(mockBackend('aws-mock, one shard', {}, 1));
streamContract(mockBackend('aws-mock, three shard lineages', {}, 3));
streamContract(mockBackend('aws-mock, a shard rollover at every record', { faults: { 'stream.shardRollover': { rate: 1, always: true } } }, 2));
