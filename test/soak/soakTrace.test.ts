import { describe, expect, it } from 'vitest';
import { asActor } from '../../src/soak/soakActor.js';
import { soakNames } from '../../src/soak/soakNames.js';
import { SoakTrace } from '../../src/soak/soakTrace.js';

const names = soakNames('20261122-120000-abcd');

function request(trace: SoakTrace, service: 's3' | 'sqs' | 'dynamodb', operation: string, input: unknown, outcome = 'ok'): Promise<void> {
  const ended = trace.observe({ service, operation, input });
  return Promise.resolve().then(() => ended(outcome));
}

describe('the trace of a soak run', () => {
  it('records each request as a step of the actor that sent it, parented on that actor’s previous step', async () => {
    const trace = new SoakTrace(names);
    await request(trace, 's3', 'CreateBucket', { Bucket: names.bucket });
    await asActor('compaction-words~1', async () => {
      await request(trace, 'sqs', 'ReceiveMessage', { QueueUrl: `http://127.0.0.1:9324/000000000000/${names.queuePrefix}-words` });
      await asActor('compaction~1', () => request(trace, 's3', 'GetObject', { Bucket: names.bucket, Key: `${names.runPrefix}/words/snapshot/latest-pointer.txt` }, 'NoSuchKey'));
      await request(trace, 'sqs', 'DeleteMessageBatch', { QueueUrl: `http://127.0.0.1:9324/000000000000/${names.queuePrefix}-words`, Entries: [] });
    });
    expect(trace.steps.map(({ step, actor, op, entities, outcome, parent }) => ({ step, actor, op, entities, outcome, parent }))).toEqual([
      { step: 0, actor: 'soak', op: 's3.createBucket', entities: [], outcome: 'ok', parent: null },
      { step: 1, actor: 'compaction-words~1', op: 'sqs.receiveMessage', entities: ['queue words'], outcome: 'ok', parent: null },
      { step: 2, actor: 'compaction~1', op: 's3.getObject', entities: ['words/snapshot/latest-pointer.txt'], outcome: 'NoSuchKey', parent: null },
      { step: 3, actor: 'compaction-words~1', op: 'sqs.deleteMessageBatch', entities: ['queue words'], outcome: 'ok', parent: 1 },
    ]);
    expect(trace.hash).toBe(trace.steps[3]!.hash);
  });

  it('names DynamoDB items by PK and SK, in transactions and batches too', async () => {
    const trace = new SoakTrace(names);
    const key = { PK: 'IMAGE#1', SK: 'RECEIPT#00001' };
    await request(trace, 'dynamodb', 'TransactWrite', { TransactItems: [{ Put: { TableName: names.table, Item: { ...key, TYPE: 'RECEIPT' } } }, { Delete: { TableName: names.table, Key: { PK: 'IMAGE#1', SK: 'LOCK' } } }] });
    await request(trace, 'dynamodb', 'BatchWrite', { RequestItems: { [names.table]: [{ PutRequest: { Item: key } }] } });
    expect(trace.steps.map((s) => s.entities)).toEqual([['IMAGE#1 RECEIPT#00001', 'IMAGE#1 LOCK'], ['IMAGE#1 RECEIPT#00001']]);
  });

  it('keeps only the first steps up to its limit and counts the requests after them', async () => {
    const trace = new SoakTrace(names, 2);
    for (let i = 0; i < 5; i++) await request(trace, 's3', 'HeadObject', { Key: `${names.runPrefix}/k${i}` });
    expect(trace.steps.map((s) => s.entities[0])).toEqual(['k0', 'k1']);
    expect(trace.stats()).toEqual({ requests: 5, recordedSteps: 2, stepLimit: 2 });
  });
});
