/**
 * The errors a port may raise. Adapters map their service's errors onto these classes, so pipeline code
 * never sees an SDK error type. `code` keeps the AWS error name for logs and traces.
 */
export class PortError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** DynamoDB ConditionalCheckFailedException. */
export class ConditionalCheckFailed extends PortError {
  constructor(message = 'The conditional request failed') {
    super('ConditionalCheckFailedException', message);
  }
}

/** DynamoDB TransactionCanceledException: `reasons` has one entry per action, in order. */
export class TransactionCanceled extends PortError {
  constructor(readonly reasons: readonly ('None' | 'ConditionalCheckFailed' | 'TransactionConflict')[]) {
    super('TransactionCanceledException', `Transaction cancelled, reasons: [${reasons.join(', ')}]`);
  }
}

/** Throttling of any service (ProvisionedThroughputExceeded, SlowDown 503, ThrottlingException). */
export class Throttled extends PortError {
  constructor(code: string, message = 'Rate exceeded') {
    super(code, message, true);
  }
}

/** A transient server-side failure (500/503 InternalError, ServiceUnavailable). */
export class ServiceUnavailable extends PortError {
  constructor(code = 'ServiceUnavailable', message = 'Service unavailable') {
    super(code, message, true);
  }
}

/** S3 NoSuchKey / 404 on HEAD. */
export class NoSuchKey extends PortError {
  constructor(readonly key: string) {
    super('NoSuchKey', `The specified key does not exist: ${key}`);
  }
}

/** S3 412 PreconditionFailed (If-Match / If-None-Match). */
export class PreconditionFailed extends PortError {
  constructor(readonly key: string) {
    super('PreconditionFailed', `At least one of the pre-conditions you specified did not hold: ${key}`);
  }
}

/** S3 409 ConditionalRequestConflict: a concurrent conditional write to the same key. */
export class ConditionalRequestConflict extends PortError {
  constructor(readonly key: string) {
    super('ConditionalRequestConflict', `A conflicting conditional operation is in progress: ${key}`, true);
  }
}

/** S3 NoSuchUpload: the multipart upload was completed, aborted or never existed. */
export class NoSuchUpload extends PortError {
  constructor(readonly uploadId: string) {
    super('NoSuchUpload', `The specified multipart upload does not exist: ${uploadId}`);
  }
}

/** SQS ReceiptHandleIsInvalid, QueueDoesNotExist and similar client errors. */
export class QueueError extends PortError {}

/** File system errors carry the POSIX code (ENOENT, ENOSPC, EEXIST, ENOTEMPTY, EISDIR). */
export class FileSystemError extends PortError {
  constructor(
    code: 'ENOENT' | 'ENOSPC' | 'EEXIST' | 'ENOTEMPTY' | 'EISDIR' | 'ENOTDIR',
    readonly path: string,
  ) {
    super(code, `${code}: ${path}`);
  }
}

/** A request the service rejects as malformed (ValidationException, InvalidParameterValue, ...). */
export class ValidationError extends PortError {
  constructor(message: string) {
    super('ValidationException', message);
  }
}

/**
 * The vector store refused or failed: used after close, written while read-only, or a damaged database
 * image or index. `code` is SQLite's (SQLITE_CORRUPT, SQLITE_READONLY, ...) or the store's own.
 */
export class VectorStoreError extends PortError {}
