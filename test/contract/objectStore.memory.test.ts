import { MemoryObjectStore } from '../../src/adapters/memory/s3/memoryObjectStore.js';
import { simulate } from '../support/simulate.js';
import { type ObjectStorePorts, objectStoreContract } from './objectStore.contract.js';

objectStoreContract({
  name: 'memory',
  async run(body: (ports: ObjectStorePorts) => Promise<void>): Promise<void> {
    await simulate({}, (sim) => ({ store: new MemoryObjectStore(sim, { bucket: 'contract-bucket' }) }), body);
  },
});
