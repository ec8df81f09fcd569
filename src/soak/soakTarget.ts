import { awsClientConfigFromEnv } from '../adapters/aws/awsConfig.js';
import { createS3Client } from '../adapters/aws/clients.js';
import type { Capability } from '../adapters/aws/capabilities.js';
import { startLocalAwsServers } from '../adapters/local/localAwsServers.js';
import type { ProfileName } from '../harness/profiles.js';
import { UsageError } from '../sim/errors.js';
import type { SoakEndpoints } from './soakClients.js';

/**
 * Where a soak runs. `aws`: the account and region of the standard SDK chains (AWS_REGION, credentials
 * from the environment, SSO, a profile or a role); a missing region or credentials is a usage error.
 * `local`: s3rver, dynalite and local-aws-sqs started by the command on 127.0.0.1 and stopped after it.
 */
export type TargetName = 'aws' | 'local';

export interface SoakTarget {
  readonly name: TargetName;
  readonly endpoints: SoakEndpoints;
  stop(): Promise<void>;
}

const localCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export async function openTarget(name: TargetName, env: NodeJS.ProcessEnv = process.env): Promise<SoakTarget> {
  if (name === 'local') {
    const servers = await startLocalAwsServers();
    return {
      name,
      endpoints: { region: 'us-east-1', credentials: localCredentials, s3: servers.s3Endpoint, sqs: servers.sqsEndpoint, dynamodb: servers.dynamodbEndpoint },
      stop: () => servers.stop(),
    };
  }
  const region = awsClientConfigFromEnv('s3', env).region;
  if (region === undefined) throw new UsageError('--target aws needs a region: set AWS_REGION (and credentials: AWS_PROFILE, AWS_ACCESS_KEY_ID/… or a role)');
  try {
    await createS3Client({ region }).config.credentials();
  } catch {
    throw new UsageError('--target aws found no AWS credentials: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or assume a role, then retry');
  }
  return { name, endpoints: { region }, stop: async () => undefined };
}

/**
 * What a profile relies on from the target (checked against the start-up probes), and on AWS the table's
 * stream. Head: conditional DynamoDB writes (the single lock, §4). Seed: the same (two-phase lock).
 * Hardened: also conditional S3 writes (conditional pointer promotion) and transactions (lease fencing).
 */
export function capabilitiesNeeded(profile: ProfileName, target: TargetName): Capability[] {
  const needs: Capability[] = ['dynamodb.conditionalWrites'];
  if (profile === 'hardened') needs.push('s3.conditionalWrites', 'dynamodb.transactions');
  if (target === 'aws') needs.push('dynamodb.streams');
  return needs;
}

/** What a soak of the profile on the target can and cannot verify (printed and stored in summary.json). */
export function verificationNote(profile: ProfileName, target: TargetName): string {
  if (target === 'aws') return `profile ${profile} on AWS: real DynamoDB Streams, SQS and S3 semantics (conditional writes probed above)`;
  const feed = 'the stream is a client-side write feed, not a real stream (no reordering, loss, duplicates or shard splits)';
  if (profile === 'seed') return `profile seed locally: ${feed}; local-aws-sqs does not block a FIFO group while a message of it is in flight, so per-group ordering is not verified`;
  return `profile ${profile} locally: ${feed}; head's blind pointer put and single lock need only conditional DynamoDB writes, which dynalite has`;
}
