import { describe, expect, it } from 'vitest';
import type { SqsRecord } from '../../../../src/ports/queue.js';
import { groupByCollection, parseHeadRecord, parseSeedRecord } from '../../../../src/pipeline/compaction/parseRecord.js';

const body = (fields: Record<string, unknown> = {}): string =>
  JSON.stringify({
    source: 'dynamodb_stream',
    entity_type: 'RECEIPT_WORD_LABEL',
    entity_data: { image_id: 'img', receipt_id: 1, line_id: 2, word_id: 3, label: 'TOTAL' },
    changes: { validation_status: { old: 'PENDING', new: 'VALID' } },
    event_name: 'MODIFY',
    timestamp: '2025-11-14T12:00:00.000000+00:00',
    stream_record_id: 'event-1',
    aws_region: 'us-east-1',
    ...fields,
  });

const record = (overrides: Partial<SqsRecord> = {}): SqsRecord => ({
  messageId: 'message-1',
  receiptHandle: 'handle-1',
  body: body(),
  attributes: { source: 'dynamodb_stream', collection: 'words' },
  receiveCount: 1,
  sentTimestamp: 0,
  eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:words',
  ...overrides,
});

describe('parsing SQS records into compaction messages, head era (§3.2 step 2)', () => {
  it('takes the collection from the attribute, record_id from the SQS messageId and timestamp from the body', () => {
    const parsed = parseHeadRecord(record());
    expect(parsed).toEqual({
      kind: 'message',
      message: {
        source: 'dynamodb_stream',
        entity_type: 'RECEIPT_WORD_LABEL',
        entity_data: { image_id: 'img', receipt_id: 1, line_id: 2, word_id: 3, label: 'TOTAL' },
        changes: { validation_status: { old: 'PENDING', new: 'VALID' } },
        event_name: 'MODIFY',
        collection: 'words',
        context: { record_id: 'message-1', receipt_handle: 'handle-1', timestamp: '2025-11-14T12:00:00.000000+00:00' },
      },
    });
  });

  it('defaults the collection to lines, changes to {} and the timestamp to ""', () => {
    const parsed = parseHeadRecord(record({ attributes: {}, body: body({ changes: undefined, timestamp: undefined }) }));
    expect(parsed.kind === 'message' && parsed.message).toMatchObject({ collection: 'lines', changes: {}, context: { timestamp: '' } });
  });

  it.each([
    ['a body that is not JSON', record({ body: '{"entity_type": ' })],
    ['a body that is not an object', record({ body: '[1, 2]' })],
    ['no entity_type', record({ body: body({ entity_type: undefined }) })],
    ['entity_data that is not an object', record({ body: body({ entity_data: 'x' }) })],
    ['an unknown event_name', record({ body: body({ event_name: 'UPSERT' }) })],
    ['a change that is not an {old, new} object', record({ body: body({ changes: { a: 1 } }) })],
    ['a collection attribute that is no collection', record({ attributes: { collection: 'receipt_summary' } })],
  ])('skips (so acknowledges) %s', (_name, bad) => {
    expect(parseHeadRecord(bad).kind).toBe('skipped');
  });
});

describe('parsing SQS records, seed era (§8.3)', () => {
  it('reports a record whose source is not dynamodb_stream as failed, whatever its body', () => {
    expect(parseSeedRecord(record({ attributes: { source: 'delta_upload', collection: 'words' }, body: 'not json' })).kind).toBe('failed');
    expect(parseSeedRecord(record({ attributes: { collection: 'words' } })).kind).toBe('failed');
  });

  it('skips a stream record without a collection attribute (no default) or with an invalid one', () => {
    expect(parseSeedRecord(record({ attributes: { source: 'dynamodb_stream' } })).kind).toBe('skipped');
    expect(parseSeedRecord(record({ attributes: { source: 'dynamodb_stream', collection: 'LINES' } })).kind).toBe('skipped');
  });

  it('skips a stream record with an unparseable body and parses a good one', () => {
    expect(parseSeedRecord(record({ body: 'nope' })).kind).toBe('skipped');
    expect(parseSeedRecord(record()).kind).toBe('message');
  });
});

describe('grouping by collection (§3.2 step 4)', () => {
  it('keeps the order of messages within a collection and of first appearance across collections', () => {
    const messages = ['w1', 'l1', 'w2', 'l2'].map((id) => {
      const parsed = parseHeadRecord(record({ messageId: id, attributes: { collection: id.startsWith('w') ? 'words' : 'lines' } }));
      if (parsed.kind !== 'message') throw new Error('unparsed');
      return parsed.message;
    });
    const groups = groupByCollection(messages);
    expect([...groups.keys()]).toEqual(['words', 'lines']);
    expect(groups.get('words')!.map((m) => m.context.record_id)).toEqual(['w1', 'w2']);
    expect(groups.get('lines')!.map((m) => m.context.record_id)).toEqual(['l1', 'l2']);
  });
});
