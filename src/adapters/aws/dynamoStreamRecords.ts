import type { _Record, AttributeValue as WireValue } from '@aws-sdk/client-dynamodb-streams';
import { PortError } from '../../ports/errors.js';
import type { StreamEventName, StreamRecord } from '../../ports/stream.js';
import type { AttributeValue, Item } from '../../ports/values.js';

/**
 * DynamoDB Streams records (wire format) as the port's StreamRecord: keys and images unmarshalled to
 * plain values, the creation time in epoch milliseconds. The Streams client has no DocumentClient, so
 * the unmarshalling is done here for the types the port knows (S, N, BOOL, NULL, L, M); a set or binary
 * attribute is refused, since no item of the spec holds one.
 */
function malformed(message: string): PortError {
  return new PortError('MalformedStreamRecord', message);
}

function fromWireValue(value: WireValue): AttributeValue {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.L !== undefined) return value.L.map(fromWireValue);
  if (value.M !== undefined) return fromWireItem(value.M);
  throw malformed(`attribute type ${Object.keys(value).join(',')} is not one the pipeline stores`);
}

function fromWireItem(attributes: Record<string, WireValue>): Item {
  return Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, fromWireValue(value)]));
}

const eventNames: ReadonlySet<string> = new Set<StreamEventName>(['INSERT', 'MODIFY', 'REMOVE']);

export function toStreamRecord(record: _Record): StreamRecord {
  const change = record.dynamodb;
  const { eventID, eventName, awsRegion } = record;
  if (eventID === undefined || eventName === undefined || !eventNames.has(eventName) || awsRegion === undefined) {
    throw malformed(`record without event id, name or region: ${String(eventID)}`);
  }
  if (change?.Keys === undefined || change.SequenceNumber === undefined || change.ApproximateCreationDateTime === undefined) {
    throw malformed(`record ${eventID} without keys, sequence number or creation time`);
  }
  const keys = fromWireItem(change.Keys);
  if (typeof keys.PK !== 'string' || typeof keys.SK !== 'string') throw malformed(`record ${eventID} without string PK and SK`);
  return {
    eventID,
    eventName: eventName as StreamEventName,
    awsRegion,
    keys: { PK: keys.PK, SK: keys.SK },
    ...(change.NewImage === undefined ? {} : { newImage: fromWireItem(change.NewImage) }),
    ...(change.OldImage === undefined ? {} : { oldImage: fromWireItem(change.OldImage) }),
    sequenceNumber: change.SequenceNumber,
    approximateCreationTime: change.ApproximateCreationDateTime.getTime(),
  };
}
