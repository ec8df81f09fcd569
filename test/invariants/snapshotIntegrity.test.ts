import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BucketEntry, ObjectVersion } from '../../src/adapters/memory/s3/versionedBucket.js';
import { checkSnapshotIntegrity } from '../../src/invariants/snapshotIntegrity.js';
import { snapshotTimeline } from '../../src/invariants/snapshotTimeline.js';
import { tarballKey } from '../../src/pipeline/snapshot/layout.js';
import { type WorldRun, runWorld, s3Step, withObjects, withSteps } from './support.js';

const seeds = fc.integer({ min: 0, max: 0xffffffff });
const integrity = (run: Pick<WorldRun, 'inspection'>): ReturnType<typeof checkSnapshotIntegrity> => checkSnapshotIntegrity(run.inspection);

describe('snapshotIntegrity', () => {
  let head: WorldRun;
  beforeAll(async () => {
    head = await runWorld('head', 7, (b) => b.receipts(3));
  });

  it('holds for head runs: every version the pointer named and every download was complete and sound', async () => {
    await fc.assert(
      fc.asyncProperty(seeds, async (seed) => {
        const run = await runWorld('head', seed, (b) => b.receipts(2));
        expect(run.end).toBe('idle');
        expect(integrity(run)).toEqual([]);
      }),
      { numRuns: 3 },
    );
    expect(integrity(head)).toEqual([]);
  });

  it('judges a version on the bytes it had: a torn tarball is flagged where the pointer named it and where a compactor downloaded it', () => {
    const timeline = snapshotTimeline(head.inspection);
    const read = timeline.reads.find((r) => r.collection === 'words' && !r.ownVersion && timeline.moves.some((m) => m.version === r.version));
    expect(read).toBeDefined();
    const key = tarballKey('words', read!.version);
    const torn = withObjects(head.inspection, (k, entries) =>
      k !== key ? entries : entries.map((e): BucketEntry => (e.deleteMarker ? e : { ...e, body: e.body.slice(0, Math.floor(e.body.length / 2)) })),
    );
    const entities = checkSnapshotIntegrity(torn).map((v) => v.entity);
    expect(entities).toContain(`words snapshot ${read!.version} named by the pointer`);
    expect(entities).toContain(`words snapshot ${read!.version} read by ${read!.invocation}`);
  });

  it('flags a version deleted while the pointer still named it, the deleting step last', () => {
    const timeline = snapshotTimeline(head.inspection);
    const current = timeline.moves.findLast((m) => m.collection === 'lines')!;
    const step = head.inspection.trace.findLast((e) => e.step > current.step && e.op.startsWith('fs.'))!.step;
    const deleted = withSteps(head.inspection, new Map([[step, s3Step('s3.deleteObject', tarballKey('lines', current.version), { versionId: 'v99999999' })]]));
    const violation = checkSnapshotIntegrity(deleted).find((v) => v.entity === `lines snapshot ${current.version} named by the pointer`);
    expect(violation?.actual).toMatch(/snapshot\.tar\.gz deleted at step \d+ by lambda compaction~99 while the pointer named the version/);
    expect(violation?.steps.at(-1)).toBe(step);
    expect(violation?.steps).toContain(current.step);
  });

  it('flags a download that cleanup outran: a file deleted before the reader fetched it makes a partial read', () => {
    const timeline = snapshotTimeline(head.inspection);
    const read = timeline.reads.find((r) => r.steps.length >= 2 && r.fetched.has('snapshot.tar.gz'))!;
    const [headStep, getStep] = [read.steps[0]!, read.steps.at(-1)!];
    const raced = withSteps(
      head.inspection,
      new Map([
        [headStep, s3Step('s3.deleteObject', tarballKey(read.collection, read.version), { versionId: 'v99999999' })],
        [getStep, { outcome: 'NoSuchKey', detail: { key: tarballKey(read.collection, read.version) } }],
      ]),
    );
    const violation = checkSnapshotIntegrity(raced).find((v) => v.entity === `${read.collection} snapshot ${read.version} read by ${read.invocation}`);
    expect(violation?.actual).toMatch(/^partial download: 1 of 1 files deleted before it fetched them \(first snapshot\.tar\.gz, step \d+ by lambda compaction~99\)/);
    expect(violation?.steps).toEqual([headStep, getStep]);
  });

  it('seed era: an EFS copy taken while another actor writes into the directory is flagged', async () => {
    const seed = await runWorld('seed', 3, (b) => b.receipts(3).flags({ closeBeforeTar: true }));
    expect(integrity(seed)).toEqual([]);
    const copies = snapshotTimeline(seed.inspection).copies;
    const copy = copies.find((c) => c.steps.at(-1)! - c.steps[0]! > c.steps.length);
    expect(copy).toBeDefined();
    const between = Array.from({ length: copy!.steps.at(-1)! - copy!.steps[0]! }, (_, i) => copy!.steps[0]! + i).find((s) => !copy!.steps.includes(s))!;
    const path = `/mnt/chroma/snapshots/${copy!.collection}/${copy!.name}/chroma.sqlite3`;
    const disturbed = withSteps(
      seed.inspection,
      new Map([[between, { actor: 'lambda compaction~99', op: 'fs.write', outcome: 'ok', entities: [`fs://efs${path}`], events: [], detail: { path, page: 0 } }]]),
    );
    const violation = checkSnapshotIntegrity(disturbed).find((v) => v.entity === `${copy!.collection} EFS copy of ${copy!.name} by ${copy!.invocation}`);
    expect(violation?.actual).toBe(`copied while lambda compaction~99 changed the directory (1 changes, first at step ${between})`);
  });

  it('an object version the checker is given, not the one in the bucket now, is what gets judged', () => {
    const timeline = snapshotTimeline(head.inspection);
    const first = timeline.moves.find((m) => m.collection === 'words')!;
    const key = tarballKey('words', first.version);
    const original = head.inspection.bucket.versions(key).find((e): e is ObjectVersion => !e.deleteMarker)!;
    const replaced = withObjects(head.inspection, (k, entries) => (k === key ? [...entries, { ...original, versionId: 'v99999998', body: new Uint8Array(10) }] : entries));
    expect(checkSnapshotIntegrity(replaced).filter((v) => v.entity.startsWith(`words snapshot ${first.version}`))).toEqual([]);
  });
});
