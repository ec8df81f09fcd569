import { beforeAll, describe, expect, it } from 'vitest';
import { checkLiveness } from '../../src/invariants/liveness.js';
import { lockTimestamp } from '../../src/pipeline/entities/compactionLock.js';
import { type WorldRun, runWorld, withSteps } from './support.js';

describe('liveness', () => {
  let head: WorldRun;
  beforeAll(async () => {
    head = await runWorld('head', 11, (b) => b.receipts(2));
  });

  it('holds for a head run: idle within the horizon, queues drained, no lock held, every message deleted', () => {
    expect(head.end).toBe('idle');
    expect(checkLiveness(head.inspection)).toEqual([]);
  });

  it('a run stopped at its horizon with messages left names the queues still holding them', async () => {
    const short = await runWorld('head', 11, (b) => b.receipts(2).horizonMs(12_000));
    expect(short.end).toBe('horizon');
    const violations = checkLiveness(short.inspection);
    expect(violations.length).toBeGreaterThan(0);
    for (const v of violations) expect(v.entity).toMatch(/^queue |^stream mapping$|^pipeline$/);
  });

  it('a lock row whose lease outlives the run is held at quiescence', () => {
    const until = lockTimestamp(head.inspection.epochMs + head.inspection.nowMs + 60_000);
    const lock = { PK: 'LOCK#words#chroma-words-compaction', SK: 'LOCK', TYPE: 'COMPACTION_LOCK', owner: 'o-1', expires: until, collection: 'words' };
    const expired = { ...lock, PK: 'LOCK#lines#chroma-lines-compaction', expires: lockTimestamp(head.inspection.epochMs) };
    const violations = checkLiveness({ ...head.inspection, items: [...head.inspection.items, lock, expired] });
    expect(violations).toEqual([
      expect.objectContaining({ invariant: 'liveness', entity: 'lock LOCK#words#chroma-words-compaction', actual: `owner o-1 holds it until ${until}` }),
    ]);
  });

  it('a message that expired by retention was lost without reaching a DLQ', () => {
    const sent = head.inspection.trace.find((e) => e.events.some((ev) => ev.machine === 'sqsMessage' && ev.type === 'sent'))!;
    const id = sent.events.find((ev) => ev.type === 'sent')!.id;
    const last = head.inspection.trace.at(-1)!;
    const lost = withSteps(head.inspection, new Map([[last.step, { events: [...last.events, { machine: 'sqsMessage' as const, id, type: 'expired' }] }]]));
    const violation = checkLiveness(lost).find((v) => v.entity.startsWith(`message ${id}`));
    expect(violation).toMatchObject({ actual: `expired by retention at step ${last.step}`, steps: [sent.step, last.step] });
  });

  it('stream records discarded by the stream mapping are lost (no on-failure destination)', () => {
    const step = head.inspection.trace.findLast((e) => e.op === 'fs.write')!.step;
    const discarded = withSteps(
      head.inspection,
      new Map([[step, { actor: 'esm.stream.shard0.lane0', op: 'esm.discard', outcome: 'discarded', entities: ['IMAGE#x|RECEIPT#00001#PLACE'], events: [], detail: { reason: 'retriesExhausted', eventIDs: ['e1', 'e2'] } }]]),
    );
    expect(checkLiveness(discarded).map((v) => v.actual)).toEqual([`2 discarded (retriesExhausted) at step ${step}`]);
  });
});
