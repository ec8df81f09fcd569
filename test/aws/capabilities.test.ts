import { describe, expect, it } from 'vitest';
import { type CapabilitySet, type ProfileNeeds, probeCapabilities, requireCapabilities } from '../../src/adapters/aws/capabilities.js';
import { s3ConditionalWritesProbe } from '../../src/adapters/aws/s3Capabilities.js';
import { S3ObjectStore } from '../../src/adapters/aws/s3ObjectStore.js';
import { MemoryObjectStore } from '../../src/adapters/memory/s3/memoryObjectStore.js';
import { listAllObjects } from '../../src/ports/objectStore.js';
import { UsageError } from '../../src/sim/errors.js';
import { simulate } from '../support/simulate.js';
import { createLocalBucket, localS3Client } from './localTargets.js';
import { s3ClientOnMemory } from './s3OnMemory.js';

const needsConditionalPuts: ProfileNeeds = { profile: 'head', capabilities: ['s3.conditionalWrites'] };

function refusal(capabilities: CapabilitySet, needs: ProfileNeeds = needsConditionalPuts): unknown {
  try {
    requireCapabilities(needs, capabilities);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('start-up capability probe', () => {
  it('finds that s3rver lacks conditional writes, so a profile that needs them is refused with a UsageError naming it', async () => {
    const client = localS3Client();
    const store = new S3ObjectStore({ client, bucket: await createLocalBucket(client, 'probe') });
    const capabilities = await probeCapabilities([s3ConditionalWritesProbe(store, 'run-1')]);
    expect(capabilities.get('s3.conditionalWrites')).toMatchObject({ present: false, evidence: expect.stringContaining('If-None-Match: * on run-1/capability-probe/') });
    const error = refusal(capabilities);
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({ message: expect.stringMatching(/^profile head needs .*\[s3\.conditionalWrites\]: a second put with If-None-Match/) });
    expect(await listAllObjects(store, 'run-1/')).toEqual([]);
    expect(refusal(capabilities, { profile: 'seed', capabilities: [] })).toBeUndefined();
  });

  it('finds conditional writes on an S3 that has them (the adapter over the fake), and lets the profile run', async () => {
    await simulate(
      {},
      (sim) => new S3ObjectStore({ client: s3ClientOnMemory(new MemoryObjectStore(sim, { bucket: 'b' })), bucket: 'b' }),
      async (store) => {
        const capabilities = await probeCapabilities([s3ConditionalWritesProbe(store, 'soak-7')]);
        expect(capabilities.get('s3.conditionalWrites')?.present).toBe(true);
        expect(refusal(capabilities)).toBeUndefined();
        expect(await listAllObjects(store, 'soak-7/')).toEqual([]);
      },
    );
  });

  it('counts a capability no probe covered as missing', () => {
    const error = refusal(new Map(), { profile: 'head', capabilities: ['s3.conditionalWrites', 'dynamodb.transactions'] });
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({ message: expect.stringContaining('[dynamodb.transactions]: not probed') });
    expect(error).toMatchObject({ message: expect.stringContaining('[s3.conditionalWrites]: not probed') });
  });
});
