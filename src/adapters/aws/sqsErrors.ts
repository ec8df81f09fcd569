import { PortError, QueueError, ValidationError } from '../../ports/errors.js';
import { commonPortError, networkPortError, serviceErrorFacts } from './awsErrors.js';

const validationCodes = new Set([
  'InvalidParameterValue',
  'InvalidParameterValueException',
  'MissingParameter',
  'InvalidAttributeName',
  'InvalidAttributeValue',
  'MalformedInput',
  'ValidationError',
  'ValidationException',
]);

/**
 * SQS errors as the Queue port names them: throttling as Throttled, 5xx as ServiceUnavailable,
 * malformed parameters as ValidationError, and every other SQS error (ReceiptHandleIsInvalid,
 * AWS.SimpleQueueService.NonExistentQueue, TooManyEntriesInBatchRequest, ...) as a QueueError keeping
 * SQS's query-compatible code, the same codes the in-memory fake uses. Anything that is not an SQS error
 * is rethrown as it is.
 */
export function sqsPortError(error: unknown): Error {
  if (error instanceof PortError) return error;
  const facts = serviceErrorFacts(error);
  if (facts === undefined) return networkPortError(error) ?? (error instanceof Error ? error : new Error(String(error)));
  const common = commonPortError(facts);
  if (common !== undefined) return common;
  if (validationCodes.has(facts.code) || validationCodes.has(facts.name)) return new ValidationError(`${facts.code}: ${facts.message}`);
  return new QueueError(facts.code, facts.message);
}
