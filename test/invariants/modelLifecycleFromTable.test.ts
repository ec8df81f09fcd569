import { describe, expect, it } from 'vitest';
import type { CommittedWrite } from '../../src/adapters/memory/dynamodb/committedWrite.js';
import { deriveTableLifecycles } from '../../src/invariants/lifecycleFromTable.js';
import { checkPipelineModelConformance } from '../../src/invariants/modelConformance.js';
import { lockTimestamp } from '../../src/pipeline/entities/compactionLock.js';
import type { Item } from '../../src/ports/values.js';
import type { TraceEntry } from '../../src/sim/trace.js';

const epochMs = Date.UTC(2026, 7, 3, 9, 0, 0);
const lockKey = { PK: 'LOCK#words#chroma-words-compaction', SK: 'LOCK' };
const runKey = { PK: 'IMAGE#i1', SK: 'RECEIPT#00001#COMPACTION_RUN#r1' };

/** A table whose writes happen one per step at the given virtual times; each item is the one before the next. */
function table(writes: readonly { readonly t: number; readonly key: CommittedWrite['key']; readonly after: Item | undefined }[]) {
  const trace: TraceEntry[] = [];
  const committed: CommittedWrite[] = [];
  const current = new Map<string, Item | undefined>();
  writes.forEach(({ t, key, after }, step) => {
    const op = after === undefined ? 'dynamodb.DeleteItem' : 'dynamodb.PutItem';
    trace.push({ step, t, actor: 'test', op, entities: [`${key.PK}|${key.SK}`], outcome: 'ok', parent: null, events: [], hash: '0' });
    committed.push({ step, key, before: current.get(key.PK + key.SK), after });
    current.set(key.PK + key.SK, after);
  });
  return { trace, derived: deriveTableLifecycles(trace, committed, epochMs) };
}

/** The lock row as owner `owner` writes it at virtual time `t` with a lease of `leaseMs`. */
const lock = (owner: string, t: number, leaseMs = 180_000): Item => ({
  ...lockKey,
  TYPE: 'COMPACTION_LOCK',
  owner,
  expires: lockTimestamp(epochMs + t + leaseMs),
  heartbeat: lockTimestamp(epochMs + t),
});

const run = (lines: string, words: string, extra: Item = {}): Item => ({
  ...runKey,
  TYPE: 'COMPACTION_RUN',
  run_id: 'r1',
  created_at: '2026-08-03T09:00:00+00:00',
  lines_state: lines,
  words_state: words,
  ...extra,
});

const summary = (derived: ReturnType<typeof table>['derived']) =>
  derived.map((d) => `${d.step} ${d.id} ${d.event.type}${'owner' in d.event ? ` ${d.event.owner}` : ''}`);

describe('lock-lease events derived from the lock row writes', () => {
  it('reads acquire, heartbeat, release, then an acquire by a new owner', () => {
    const { derived } = table([
      { t: 0, key: lockKey, after: lock('A', 0) },
      { t: 30_000, key: lockKey, after: lock('A', 30_000) },
      { t: 40_000, key: lockKey, after: undefined },
      { t: 50_000, key: lockKey, after: lock('B', 50_000) },
    ]);
    const row = lockKey.PK;
    expect(summary(derived)).toEqual([`0 ${row} acquire A`, `1 ${row} heartbeat A`, `2 ${row} release A`, `3 ${row} acquire B`]);
  });

  it('announces the expiry in true time before a takeover, once per lease, and then flags the stale heartbeat', () => {
    const { trace, derived } = table([
      { t: 0, key: lockKey, after: lock('A', 0) },
      { t: 180_000, key: lockKey, after: lock('B', 180_000) },
      { t: 200_000, key: lockKey, after: lock('A', 200_000) },
    ]);
    const row = lockKey.PK;
    expect(summary(derived)).toEqual([`0 ${row} acquire A`, `1 ${row} expire`, `1 ${row} takeover B`, `2 ${row} heartbeat A`]);
    expect(checkPipelineModelConformance(trace, derived).violations.map((v) => [v.actual, v.steps])).toEqual([['heartbeat by owner A', [1, 2]]]);
  });

  it('gives no expiry to a takeover 1 ms before the lease ends (a fast host clock), which the model flags', () => {
    const { trace, derived } = table([
      { t: 0, key: lockKey, after: lock('A', 0) },
      { t: 179_999, key: lockKey, after: lock('B', 179_999) },
    ]);
    expect(derived.map((d) => d.event.type)).toEqual(['acquire', 'takeover']);
    expect(checkPipelineModelConformance(trace, derived).violations).toHaveLength(1);
  });
});

describe('CompactionRun events derived from the run item writes', () => {
  it('reads creation per collection, the completions, and a repeated completion', () => {
    const { trace, derived } = table([
      { t: 0, key: runKey, after: run('PENDING', 'PENDING') },
      { t: 1, key: runKey, after: run('PENDING', 'COMPLETED', { words_merged_vectors: 3 }) },
      { t: 2, key: runKey, after: run('COMPLETED', 'COMPLETED', { words_merged_vectors: 3 }) },
      { t: 3, key: runKey, after: run('COMPLETED', 'COMPLETED', { words_merged_vectors: 4 }) },
    ]);
    expect(summary(derived)).toEqual(['0 r1/lines create', '0 r1/words create', '1 r1/words complete', '2 r1/lines complete', '3 r1/words complete']);
    expect(checkPipelineModelConformance(trace, derived).violations).toEqual([]);
  });

  it('flags a completion that creates the item (an update without the existence condition)', () => {
    const { trace, derived } = table([{ t: 0, key: runKey, after: { ...runKey, lines_state: 'COMPLETED' } }]);
    expect(summary(derived)).toEqual(['0 r1/lines complete']);
    expect(checkPipelineModelConformance(trace, derived).violations.map((v) => v.entity)).toEqual(['compactionRun:r1/lines']);
  });

  it('flags a re-put with a new created_at as a second creation, and a full PUT carrying a stale PENDING', () => {
    const reput = table([
      { t: 0, key: runKey, after: run('PENDING', 'PENDING') },
      { t: 1, key: runKey, after: run('PENDING', 'PENDING', { created_at: '2026-08-03T09:00:01+00:00' }) },
    ]);
    expect(summary(reput.derived).slice(2)).toEqual(['1 r1/lines create', '1 r1/words create']);
    expect(checkPipelineModelConformance(reput.trace, reput.derived).violations).toHaveLength(2);
    const stale = table([
      { t: 0, key: runKey, after: run('PENDING', 'PENDING') },
      { t: 1, key: runKey, after: run('PENDING', 'COMPLETED') },
      { t: 2, key: runKey, after: run('PROCESSING', 'PENDING') },
    ]);
    expect(summary(stale.derived).slice(3)).toEqual(['2 r1/lines start', '2 r1/words create']);
    expect(checkPipelineModelConformance(stale.trace, stale.derived).violations.map((v) => v.entity)).toEqual(['compactionRun:r1/words']);
  });

  it('refuses a write whose step is not a DynamoDB step of the trace', () => {
    const { trace } = table([{ t: 0, key: runKey, after: run('PENDING', 'PENDING') }]);
    const write: CommittedWrite = { step: 5, key: runKey, before: undefined, after: run('PENDING', 'PENDING') };
    expect(() => deriveTableLifecycles(trace, [write], epochMs)).toThrow(/step 5/);
  });
});
