import type { SoakNames } from './soakNames.js';

/**
 * The entities a soak request touched, named as the simulation's trace names them: S3 keys as the spec's
 * keys (without the run's prefix), queues by role (`words`, `lines-dlq`), DynamoDB items by `PK SK`,
 * stream shards by id. Queue URLs and endpoints never appear, so a report does not leak where the
 * services ran.
 */
type Input = Readonly<Record<string, unknown>>;

const isRecord = (value: unknown): value is Input => typeof value === 'object' && value !== null && !Array.isArray(value);
const records = (value: unknown): Input[] => (Array.isArray(value) ? value.filter(isRecord) : []);

export function requestEntities(service: string, input: unknown, names: SoakNames): string[] {
  if (!isRecord(input)) return [];
  switch (service) {
    case 's3':
      return s3Entities(input, names.runPrefix);
    case 'sqs':
      return sqsEntities(input, names.queuePrefix);
    case 'dynamodb':
      return dynamoEntities(input);
    default:
      return typeof input.ShardId === 'string' ? [`shard ${input.ShardId}`] : [];
  }
}

function withoutPrefix(key: string, prefix: string): string {
  return key.startsWith(`${prefix}/`) ? key.slice(prefix.length + 1) : key;
}

function s3Entities(input: Input, runPrefix: string): string[] {
  if (typeof input.Key === 'string') return [withoutPrefix(input.Key, runPrefix)];
  if (typeof input.Prefix === 'string') return [`${withoutPrefix(input.Prefix, runPrefix)}*`];
  const deleted = isRecord(input.Delete) ? records(input.Delete.Objects) : [];
  return deleted.flatMap((o) => (typeof o.Key === 'string' ? [withoutPrefix(o.Key, runPrefix)] : []));
}

function sqsEntities(input: Input, queuePrefix: string): string[] {
  const url = input.QueueUrl;
  if (typeof url === 'string') {
    const name = url.slice(url.lastIndexOf('/') + 1);
    return [`queue ${name.startsWith(`${queuePrefix}-`) ? name.slice(queuePrefix.length + 1) : name}`];
  }
  return typeof input.QueueName === 'string' ? [`queue ${input.QueueName.replace(`${queuePrefix}-`, '')}`] : [];
}

function itemKey(value: unknown): string[] {
  if (!isRecord(value) || typeof value.PK !== 'string') return [];
  return [typeof value.SK === 'string' ? `${value.PK} ${value.SK}` : value.PK];
}

function dynamoEntities(input: Input): string[] {
  const direct = [...itemKey(input.Key), ...itemKey(input.Item)];
  if (direct.length > 0) return direct;
  const transact = records(input.TransactItems).flatMap((action) =>
    Object.values(action).flatMap((request) => (isRecord(request) ? [...itemKey(request.Key), ...itemKey(request.Item)] : [])),
  );
  if (transact.length > 0) return transact;
  const batch = isRecord(input.RequestItems)
    ? Object.values(input.RequestItems).flatMap((writes) =>
        records(writes).flatMap((w) => [...(isRecord(w.PutRequest) ? itemKey(w.PutRequest.Item) : []), ...(isRecord(w.DeleteRequest) ? itemKey(w.DeleteRequest.Key) : [])]),
      )
    : [];
  if (batch.length > 0) return batch;
  if (isRecord(input.ExpressionAttributeValues) && typeof input.KeyConditionExpression === 'string') {
    return Object.values(input.ExpressionAttributeValues).filter((v): v is string => typeof v === 'string').slice(0, 2);
  }
  return typeof input.IndexName === 'string' ? [`index ${input.IndexName}`] : [];
}
