import { PortError, ServiceUnavailable, Throttled } from '../../ports/errors.js';

/** What the adapters read from an AWS SDK v3 service exception, whatever the service. */
export interface ServiceErrorFacts {
  /** The error shape's name (`NoSuchKey`, `QueueDoesNotExist`, ...). */
  readonly name: string;
  /** The AWS error code: the query-compatible `Code` when the service sends one, else the name. */
  readonly code: string;
  readonly status: number | undefined;
  readonly message: string;
  readonly serverFault: boolean;
  readonly throttling: boolean;
}

const throttlingCodes = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'SlowDown',
  'RequestLimitExceededException',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'EC2ThrottledException',
  'PriorRequestNotComplete',
  'TransactionInProgressException',
  'KMS.ThrottlingException',
]);

const transientCodes = new Set(['InternalError', 'InternalFailure', 'ServiceUnavailable', 'InternalServerError', 'RequestTimeout', 'RequestTimeoutException']);

/** The facts of an SDK service exception; undefined for anything else (a bug, a network failure). */
export function serviceErrorFacts(error: unknown): ServiceErrorFacts | undefined {
  if (!(error instanceof Error) || !('$metadata' in error)) return undefined;
  const metadata = error.$metadata as { readonly httpStatusCode?: number } | undefined;
  const queryCode = 'Code' in error && typeof error.Code === 'string' ? error.Code : undefined;
  const code = queryCode ?? error.name;
  const status = metadata?.httpStatusCode;
  const retryable = '$retryable' in error ? (error.$retryable as { readonly throttling?: boolean } | undefined) : undefined;
  const fault = '$fault' in error ? error.$fault : undefined;
  return {
    name: error.name,
    code,
    status,
    message: error.message,
    serverFault: fault === 'server' || (status !== undefined && status >= 500),
    throttling: throttlingCodes.has(code) || throttlingCodes.has(error.name) || retryable?.throttling === true || status === 429,
  };
}

/**
 * The port error every service shares: throttling, and transient server failures. Undefined when the
 * error needs a service-specific mapping.
 */
export function commonPortError(facts: ServiceErrorFacts): PortError | undefined {
  if (facts.throttling) return new Throttled(facts.code, facts.message);
  if (transientCodes.has(facts.code) || facts.serverFault) return new ServiceUnavailable(facts.code, facts.message);
  return undefined;
}

/** Network and socket failures that never reached a service (ECONNRESET, timeouts) count as transient. */
export function networkPortError(error: unknown): PortError | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  if (code !== undefined && ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN'].includes(code)) return new ServiceUnavailable(code, error.message);
  if (error.name === 'TimeoutError') return new ServiceUnavailable('TimeoutError', error.message);
  return undefined;
}
