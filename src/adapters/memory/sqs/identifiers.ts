import { createHash } from 'node:crypto';

/**
 * Names and identifiers of the simulated SQS region. Message ids and receipt handles are derived from
 * counters (not from the choice source), so shrinking a run never makes two of them equal; a receipt
 * handle never looks like a message id, which matters when a handler reports handles as failures.
 */
const region = 'us-east-1';
const account = '000000000000';

export function queueUrlFor(name: string): string {
  return `https://sqs.${region}.amazonaws.com/${account}/${name}`;
}

export function queueArnFor(name: string): string {
  return `arn:aws:sqs:${region}:${account}:${name}`;
}

/** A UUID-shaped identifier derived from a name that is unique within the run. */
export function uuidFrom(unique: string): string {
  const h = createHash('sha256').update(unique).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function receiptHandleFor(messageId: string, receive: number): string {
  return `AQEB${createHash('sha256').update(`${messageId}/${receive}`).digest('base64url')}`;
}

export function contentDeduplicationId(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}
