import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BucketEntry, ObjectVersion } from '../../src/adapters/memory/s3/versionedBucket.js';
import { completedRunVectors } from '../../src/invariants/completedRuns.js';
import { DynamoState } from '../../src/invariants/dynamoState.js';
import { checkNoLostUpdates } from '../../src/invariants/noLostUpdates.js';
import { recordsAt, snapshotTimeline } from '../../src/invariants/snapshotTimeline.js';
import { pointerKey, tarballKey } from '../../src/pipeline/snapshot/layout.js';
import { type WorldRun, firstRun, runWorld, withObjects } from './support.js';

const seeds = fc.integer({ min: 0, max: 0xffffffff });
const noLabels = { labelPerWord: 0 };

describe('noLostUpdates', () => {
  let head: WorldRun;
  beforeAll(async () => {
    head = await runWorld('head', 6, (b) => b.receipts(3).llmRates(noLabels));
  });

  it('holds for head runs: the single compaction lock serialises the pointer moves and every COMPLETED delta stays in the snapshot', async () => {
    await fc.assert(
      fc.asyncProperty(seeds, async (seed) => {
        const run = await runWorld('head', seed, (b) => b.receipts(3).llmRates(noLabels));
        expect(checkNoLostUpdates(run.inspection)).toEqual([]);
      }),
      { numRuns: 3 },
    );
    expect(checkNoLostUpdates(head.inspection)).toEqual([]);
  });

  it('without a lock (lockMode none) two compactors promote versions built on the same one: the later move is a lost update', async () => {
    const run = await firstRun(
      [1, 2, 3, 4, 5, 6, 7, 8],
      (seed) => runWorld('head', seed, (b) => b.receipts(4).llmRates(noLabels).flags({ lockMode: 'none' })),
      (r) => checkNoLostUpdates(r.inspection).some((v) => v.entity.includes(' pointer ')),
    );
    expect(run).toBeDefined();
    const violation = checkNoLostUpdates(run!.inspection).find((v) => v.entity.includes(' pointer '))!;
    const [, collection, replaced, promoted] = /^(lines|words) pointer (\S+) → (\S+)$/.exec(violation.entity)!;
    expect(violation.expected).toBe(`a version built on ${replaced!}`);
    expect(violation.actual).toMatch(new RegExp(`^lambda compaction~\\d+ promoted ${promoted!} built on (?!${replaced!})`));
    const last = run!.inspection.trace[violation.steps.at(-1)!]!;
    expect(last.op).toBe('s3.putObject');
    expect(last.entities).toEqual([`s3://chromadb-vectors/${pointerKey(collection!)}`]);
  });

  it('a current snapshot missing a COMPLETED run’s vectors is flagged per run, naming the move that lost them', () => {
    const timeline = snapshotTimeline(head.inspection);
    const moves = timeline.moves.filter((m) => m.collection === 'words');
    const [first, current] = [moves[0]!, moves.at(-1)!];
    const old = head.inspection.bucket.versions(tarballKey('words', first.version)).find((e): e is ObjectVersion => !e.deleteMarker)!;
    const rolledBack = withObjects(head.inspection, (key, entries) =>
      key === tarballKey('words', current.version) ? entries.map((e): BucketEntry => (e.deleteMarker ? e : { ...e, body: old.body })) : entries,
    );
    const violations = checkNoLostUpdates(rolledBack).filter((v) => v.entity.endsWith('(words)'));
    expect(violations.length).toBeGreaterThan(0);
    for (const violation of violations) {
      expect(violation.actual).toMatch(/^\d+ missing \(e\.g\. IMAGE#.+#WORD#\d{5}\)/);
      expect(violation.steps).toContain(current.step);
    }
  });

  it('a row with a second vector for another of its lines is not exactly one vector', () => {
    const timeline = snapshotTimeline(head.inspection);
    const current = timeline.moves.findLast((m) => m.collection === 'lines')!;
    const records = recordsAt(timeline, current, Infinity)!;
    const row = records.find((r) => typeof r.metadata.row_line_ids === 'string' && (JSON.parse(r.metadata.row_line_ids) as number[]).length > 1);
    expect(row).toBeDefined();
    const other = (JSON.parse(String(row!.metadata.row_line_ids)) as number[]).find((id) => id !== row!.metadata.line_id)!;
    const second = { id: row!.id.replace(/\d{5}$/, String(other).padStart(5, '0')), document: null, metadata: {} };
    const state = new DynamoState('head', head.inspection.items);
    const runs = completedRunVectors(head.inspection, timeline, state, 'lines', { version: current.version, step: current.step, records: [...records, second] });
    expect(runs.flatMap((r) => r.duplicated)).toEqual([row!.id]);
  });
});
