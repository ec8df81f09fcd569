import { S3ObjectStore } from '../../src/adapters/aws/s3ObjectStore.js';
import { MemoryObjectStore } from '../../src/adapters/memory/s3/memoryObjectStore.js';
import { s3ClientOnMemory } from '../aws/s3OnMemory.js';
import { simulate } from '../support/simulate.js';
import { type ObjectStorePorts, objectStoreContract } from './objectStore.contract.js';

objectStoreContract({
  name: 'aws-mock',
  async run(body: (ports: ObjectStorePorts) => Promise<void>): Promise<void> {
    await simulate(
      {},
      (sim) => {
        const bucket = 'contract-bucket';
        return { store: new S3ObjectStore({ client: s3ClientOnMemory(new MemoryObjectStore(sim, { bucket })), bucket }) };
      },
      body,
    );
  },
});
