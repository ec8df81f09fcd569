import { describe, expect, it } from 'vitest';
import { receiptWordLabelToItem } from '../../../src/pipeline/entities/receiptWordLabel.js';
import { type StreamEra, streamProcessorOptions } from '../../../src/pipeline/stream/options.js';
import { streamProcessorHandler } from '../../../src/pipeline/stream/streamProcessor.js';
import type { SendBatchResult, SendEntry } from '../../../src/ports/queue.js';
import type { StreamRecord } from '../../../src/ports/stream.js';
import { label } from '../entities/fixtures.js';
import { Recorder, ScriptedQueue, TestClock, environment, modify, remove } from './fixtures.js';

/** A queue whose every send takes `sendMs` on the handler's clock. */
class SlowQueue extends ScriptedQueue {
  constructor(
    private readonly clock: TestClock,
    private readonly sendMs: number,
  ) {
    super();
  }
  override async sendMessageBatch(url: string, entries: readonly SendEntry[]): Promise<SendBatchResult> {
    this.clock.ms += this.sendMs;
    return super.sendMessageBatch(url, entries);
  }
}

function handler(era: StreamEra, queue: ScriptedQueue = new ScriptedQueue(), clock = new TestClock()) {
  const recorder = new Recorder();
  const handle = streamProcessorHandler({ queue, clock, metrics: recorder, log: recorder.log }, { environment, options: streamProcessorOptions(era) });
  return { handle, queue, recorder };
}

const labelRemoves = (n: number): StreamRecord[] =>
  Array.from({ length: n }, (_, i) => remove(receiptWordLabelToItem(label({ word_id: i + 1 }))));

describe('streamProcessorHandler (spec §2.2)', () => {
  for (const era of ['head', 'seed'] as const) {
    it(`${era}: an event without records returns a 400-style body and raises nothing`, async () => {
      const { handle, queue } = handler(era);
      await expect(handle({ records: [] })).resolves.toEqual({ statusCode: 400, body: 'No records found in event' });
      expect(queue.calls).toEqual([]);
    });

    it(`${era}: more than 10 records raise before anything is sent, so the mapping bisects the batch`, async () => {
      const { handle, queue } = handler(era);
      await expect(handle({ records: labelRemoves(11) })).rejects.toThrow(/MAX_RECORDS_PER_INVOCATION=10/);
      expect(queue.calls).toEqual([]);
      await expect(handle({ records: labelRemoves(10) })).resolves.toMatchObject({ statusCode: 200, processed_records: 10 });
    });
  }

  it('head: builds, publishes and reports the records processed and the messages queued', async () => {
    const { handle, queue } = handler('head');
    const records = [modify(receiptWordLabelToItem(label()), receiptWordLabelToItem(label({ validation_status: 'VALID' }))), ...labelRemoves(2)];
    await expect(handle({ records })).resolves.toEqual({ statusCode: 200, processed_records: 3, queued_messages: 9 });
    expect(queue.calls.map((c) => c.entries.length)).toEqual([3, 3, 3]);
  });

  it('seed: a run over 60 s raises after finishing, its messages already sent (so the retry sends them again)', async () => {
    const clock = new TestClock();
    const { handle, queue } = handler('seed', new SlowQueue(clock, 61_000), clock);
    await expect(handle({ records: labelRemoves(1) })).rejects.toThrow(/limit 60000 ms/);
    expect(queue.calls).toHaveLength(1);
  });

  it('seed: a run of exactly 60 s passes; head: no run limit at all', async () => {
    const seedClock = new TestClock();
    await expect(handler('seed', new SlowQueue(seedClock, 60_000), seedClock).handle({ records: labelRemoves(1) })).resolves.toMatchObject({
      statusCode: 200,
    });
    const headClock = new TestClock();
    await expect(handler('head', new SlowQueue(headClock, 100_000), headClock).handle({ records: labelRemoves(1) })).resolves.toMatchObject({
      statusCode: 200,
    });
  });

  it('head: a Failed entry fails the invocation; seed: the invocation succeeds and the message is lost', async () => {
    const failing = () => new ScriptedQueue({ failEntry: () => true });
    await expect(handler('head', failing()).handle({ records: labelRemoves(1) })).rejects.toThrow(/failed entries/);
    await expect(handler('seed', failing()).handle({ records: labelRemoves(1) })).resolves.toEqual({
      statusCode: 200,
      processed_records: 1,
      queued_messages: 0,
    });
  });
});
