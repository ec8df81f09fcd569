/**
 * The fault model. Every fault the simulation can inject is one option below. A rate is a probability per
 * opportunity, and the unit says what one opportunity is. A scenario names the options it wants and their
 * rates (its fault menu); at the start of a run the fault plan draws, for each option of the menu that is
 * not marked `always`, whether it is on in this run (value 0 = off, so shrinking removes faults), and
 * then every opportunity draws whether it fires. Nothing fails unless a fault or the system under test
 * makes it fail: with an empty menu every request succeeds after its latency.
 *
 * Faults fire at yield points only, so their effect is visible in the trace as the outcome of a step.
 * "Before the effect" means the request is rejected and nothing changed; "after the effect" means the
 * change was applied but the caller sees an error (it cannot tell the two apart, as with AWS).
 */
export interface FaultOption {
  readonly summary: string;
  /** What one opportunity is; the rate is a probability per opportunity. */
  readonly unit: string;
}

export const faultCatalog = {
  'process.pause': {
    summary: 'the host stalls for 1 to 90 s before continuing (GC, CPU starvation, a frozen container)',
    unit: 'per yield point of a host actor',
  },
  'clock.skew': {
    summary: "the host's wall clock is off by up to ±90 s for its whole life",
    unit: 'per host (Lambda container or client) when it is created',
  },
  'lambda.crash': {
    summary: 'the invocation dies at this point (out of memory, runtime crash); effects so far stay applied',
    unit: 'per yield point of a Lambda invocation',
  },
  'lambda.coldStart': {
    summary: 'the invocation gets a new container (empty /tmp and module state) after a 1 to 10 s start',
    unit: 'per invocation that could have reused a warm container',
  },
  'dynamodb.throttle': {
    summary: 'ProvisionedThroughputExceededException before the effect',
    unit: 'per DynamoDB request',
  },
  'dynamodb.staleWindow': {
    summary: 'an eventually consistent read may return a version up to 30 s old instead of up to 1 s old',
    unit: 'per eventually consistent read (Get, Query, GSI query)',
  },
  'dynamodb.unprocessedItems': {
    summary: 'BatchWriteItem returns part of its requests as UnprocessedItems',
    unit: 'per BatchWriteItem request',
  },
  'dynamodb.transactionConflict': {
    summary: 'TransactWriteItems is cancelled with TransactionConflict before the effect',
    unit: 'per TransactWriteItems request',
  },
  'stream.shardRollover': {
    summary: 'the shard closes and a child shard takes this record and the ones after it',
    unit: 'per stream record',
  },
  'stream.recordDelay': {
    summary: 'the record reaches the event source mapping 1 to 60 s late',
    unit: 'per stream record',
  },
  's3.throttle': {
    summary: '503 SlowDown before the effect',
    unit: 'per S3 request',
  },
  's3.errorAfterEffect': {
    summary: '500 InternalError after the effect: the write happened, the caller sees an error',
    unit: 'per S3 write request',
  },
  'sqs.duplicate': {
    summary: 'a message that is in flight is delivered again (at-least-once delivery, Standard queues)',
    unit: 'per ReceiveMessage call on a Standard queue',
  },
  'sqs.sendFailure': {
    summary: 'one entry of SendMessageBatch is reported Failed (InternalError) and not enqueued',
    unit: 'per SendMessageBatch entry',
  },
  'sqs.emptyReceive': {
    summary: 'ReceiveMessage returns nothing although messages are visible (short polling samples servers)',
    unit: 'per ReceiveMessage call',
  },
  'sqs.throttle': {
    summary: 'ThrottlingException before the effect',
    unit: 'per SQS request',
  },
  'fs.full': {
    summary: 'ENOSPC: the write of this page fails as if /tmp were full',
    unit: 'per page written to a size-limited file system (/tmp)',
  },
  'esm.invokeThrottle': {
    summary: 'the event source mapping cannot invoke the function (throttled); the batch stays in flight',
    unit: 'per invocation attempt of an event source mapping',
  },
} as const satisfies Record<string, FaultOption>;

export type FaultName = keyof typeof faultCatalog;

export const faultNames = Object.keys(faultCatalog).sort() as FaultName[];

export function isFaultName(name: string): name is FaultName {
  return Object.hasOwn(faultCatalog, name);
}
