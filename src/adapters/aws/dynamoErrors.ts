import { ConditionalCheckFailed, PortError, Throttled, TransactionCanceled, ValidationError } from '../../ports/errors.js';
import { commonPortError, networkPortError, type ServiceErrorFacts, serviceErrorFacts } from './awsErrors.js';
import { type RetryPolicy, sendWithRetries } from './retry.js';

/**
 * DynamoDB and DynamoDB Streams errors mapped onto the port's errors. Throttling (also a transaction
 * cancelled because one of its actions was throttled) becomes Throttled, which `dynamoCall` retries;
 * server faults become ServiceUnavailable and are not retried (a write may have been applied).
 * Streams' ExpiredIteratorException, TrimmedDataAccessException and ResourceNotFoundException keep
 * their names as PortError codes, as the in-memory stream raises them. Errors that are neither service
 * nor network errors (bugs) pass through unchanged.
 */
type TransactionReason = TransactionCanceled['reasons'][number];
const portReasonCodes: ReadonlySet<string> = new Set<TransactionReason>(['None', 'ConditionalCheckFailed', 'TransactionConflict']);
/** CancellationReason codes that mean the transaction was throttled, not refused. */
const throttlingReasonCodes = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);

function cancellationCodes(error: unknown): string[] | undefined {
  if (typeof error !== 'object' || error === null || !('CancellationReasons' in error) || !Array.isArray(error.CancellationReasons)) {
    return undefined;
  }
  return (error.CancellationReasons as readonly { readonly Code?: string }[]).map((reason) => reason.Code ?? 'None');
}

function transactionError(error: unknown, facts: ServiceErrorFacts): PortError {
  const codes = cancellationCodes(error);
  if (codes === undefined) return new PortError(facts.code, facts.message);
  if (codes.some((code) => throttlingReasonCodes.has(code))) return new Throttled(facts.code, facts.message);
  if (codes.includes('ValidationError')) return new ValidationError(facts.message);
  if (codes.every((code) => portReasonCodes.has(code))) return new TransactionCanceled(codes as TransactionReason[]);
  return new PortError(facts.code, facts.message);
}

function mapDynamoError(error: unknown): Error {
  const facts = serviceErrorFacts(error);
  if (facts === undefined) return networkPortError(error) ?? (error instanceof Error ? error : new Error(String(error)));
  if (facts.name === 'TransactionCanceledException') return transactionError(error, facts);
  const common = commonPortError(facts);
  if (common !== undefined) return common;
  switch (facts.name) {
    case 'ConditionalCheckFailedException':
      return new ConditionalCheckFailed(facts.message);
    case 'ValidationException':
      return new ValidationError(facts.message);
    default:
      return new PortError(facts.code, facts.message);
  }
}

/** One DynamoDB (or Streams) request: retried while throttled, its final error mapped. */
export function dynamoCall<T>(policy: RetryPolicy, send: () => Promise<T>): Promise<T> {
  return sendWithRetries(policy, send, mapDynamoError);
}
