import { describe } from 'vitest';
import { S3ObjectStore } from '../../src/adapters/aws/s3ObjectStore.js';
import { createLocalBucket, localS3Client } from '../aws/localTargets.js';
import { type ObjectStorePorts, objectStoreContract } from './objectStore.contract.js';

const client = localS3Client();

// Every case has a bucket of its own; run concurrently, the file takes as long as its slowest case.
describe.concurrent('on s3rver', () => {
  objectStoreContract({
    name: 's3rver',
    // What s3rver 3.7.1 lacks (toolchain.md, and found by running this suite): see unsupported.ts.
    unsupported: ['conditionalWrites', 'versionIds', 'nestedCommonPrefixes', 'commonPrefixesInMaxKeys', 'multipartPartChecks', 'multipartAbort'],
    async run(body: (ports: ObjectStorePorts) => Promise<void>): Promise<void> {
      const bucket = await createLocalBucket(client, 'contract');
      await body({ store: new S3ObjectStore({ client, bucket }) });
    },
  });
});
