import { DynamoStreamReader } from '../../src/adapters/aws/dynamoStreamReader.js';
import { streamContract } from './stream.contract.js';
import { committedNotSupported } from './unsupported.js';

// No local server implements DynamoDB Streams (toolchain.md: dynalite drops StreamSpecification), so every
// case of the suite is reported as not supported on dynalite; the body never runs.
streamContract({
  name: 'dynalite',
  unsupported: committedNotSupported('dynalite'),
  run: () => Promise.reject(new Error(`${DynamoStreamReader.name} has no local Streams endpoint to read`)),
});
