import { PortError } from '../../ports/errors.js';

/**
 * An error as the production code's logs and result dicts carry it. The AWS error code stays in the
 * text because §5.3 step 3 decides on it (`NoSuchKey`, "does not exist").
 */
export function errorText(error: unknown): string {
  if (error instanceof PortError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
