/**
 * The stream processor raising on purpose (spec §2.2, §2.7, §8.2): too many records, a missing queue
 * URL, failed SQS entries, an over-long seed-era run, a COMPACTION_RUN record without a receipt id.
 * Any raise fails the invocation, so the whole stream batch is retried (with bisection).
 */
export class StreamProcessorError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'StreamProcessorError';
  }
}
