import {
  ConditionalRequestConflict,
  NoSuchKey,
  NoSuchUpload,
  PortError,
  PreconditionFailed,
  ValidationError,
} from '../../ports/errors.js';
import { commonPortError, networkPortError, serviceErrorFacts } from './awsErrors.js';

/** What the failed S3 request was about, for the port error's fields. */
export interface S3RequestTarget {
  readonly key: string;
  readonly uploadId?: string;
}

const validationCodes = new Set([
  'InvalidPart',
  'InvalidPartOrder',
  'EntityTooSmall',
  'EntityTooLarge',
  'InvalidArgument',
  'InvalidRequest',
  'MalformedXML',
  'KeyTooLongError',
  'MetadataTooLarge',
  'InvalidDigest',
  'BadDigest',
]);

/**
 * S3 errors as the ObjectStore port names them: 404 NoSuchKey (HEAD has no body, so its 404 comes as
 * `NotFound`), 412 PreconditionFailed, 409 ConditionalRequestConflict (older
 * responses name it OperationAborted), NoSuchUpload, malformed requests
 * as ValidationError, 503 SlowDown as Throttled and other 5xx as ServiceUnavailable. Anything that is not
 * an S3 error (a bug, a credentials failure) is rethrown as it is.
 */
export function s3PortError(error: unknown, target: S3RequestTarget): Error {
  if (error instanceof PortError) return error;
  const facts = serviceErrorFacts(error);
  if (facts === undefined) return networkPortError(error) ?? asError(error);
  if (facts.code === 'SlowDown' || facts.status === 503) return commonPortError({ ...facts, throttling: true })!;
  if (facts.code === 'NoSuchKey' || (facts.code === 'NotFound' && facts.status === 404)) return new NoSuchKey(target.key);
  if (facts.code === 'PreconditionFailed' || facts.status === 412) return new PreconditionFailed(target.key);
  if (facts.code === 'ConditionalRequestConflict' || facts.code === 'OperationAborted') return new ConditionalRequestConflict(target.key);
  if (facts.code === 'NoSuchUpload') return new NoSuchUpload(target.uploadId ?? '');
  if (validationCodes.has(facts.code)) return new ValidationError(`${facts.code}: ${facts.message}`);
  return commonPortError(facts) ?? new PortError(facts.code, facts.message);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
