import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLambdaTmp } from '../../../src/adapters/memory/fs/memoryFileSystem.js';
import type { InvocationOutcome } from '../../../src/adapters/memory/lambda/invocation.js';
import { LambdaRuntime } from '../../../src/adapters/memory/lambda/runtime.js';
import { writeEntries } from '../../../src/pipeline/archive/directoryArchive.js';
import { pointerKey, timestampedPrefix, versionedPrefix } from '../../../src/pipeline/snapshot/layout.js';
import type { SnapshotUploadResult } from '../../../src/pipeline/snapshot/results.js';
import { uploadSnapshotAtomic } from '../../../src/pipeline/snapshot/uploadSnapshotAtomic.js';
import { createSimulation } from '../../../src/sim/createSimulation.js';
import type { TraceEntry } from '../../../src/sim/trace.js';
import { testEpochMs } from '../../support/simulate.js';
import { bytes, chromaFiles, headUpload, seedUpload, snapshotWorld, text } from './world.js';

const oldVersions = ['20251114_100000', '20251114_101000', '20251114_102000', '20251114_103000'];
const layouts = { tarball: headUpload, directory: seedUpload } as const;
const files = chromaFiles('N', 4);

interface UploadRun {
  readonly outcome: InvocationOutcome<SnapshotUploadResult>;
  readonly handlerStartedAt: number;
  readonly steps: readonly TraceEntry[];
  readonly pointer: string | undefined;
  /** Objects under each version prefix, by version id. */
  readonly versions: ReadonlyMap<string, readonly string[]>;
}

/**
 * The compaction Lambda (seed era: 300 s, here `timeoutMs`) writes its Chroma directory into /tmp and runs
 * upload_snapshot_atomic; four versions already exist and the pointer names the newest.
 */
async function runUpload(seed: number, layout: keyof typeof layouts, timeoutMs: number): Promise<UploadRun> {
  const sim = createSimulation({ seed, strategy: 'random', epochMs: testEpochMs });
  const world = snapshotWorld(sim);
  const runtime = new LambdaRuntime(sim);
  let handlerStartedAt = NaN;
  const invoke = runtime.register<null, SnapshotUploadResult>({
    name: 'compaction',
    timeoutMs,
    ephemeralStorageBytes: 512 * 1024 * 1024,
    createTmp: (container, limit) => createLambdaTmp(sim, container, limit),
    handler: async (_event, context) => {
      handlerStartedAt = sim.now;
      const ports = { ...world.ports, fs: context.container.tmp };
      await writeEntries(ports.fs, '/tmp/chroma-lines', files);
      const metadata = { update_type: 'batch_compaction' };
      return uploadSnapshotAtomic(ports, { ...layouts[layout], localDir: '/tmp/chroma-lines', collection: 'lines', metadata });
    },
  });
  let outcome: InvocationOutcome<SnapshotUploadResult> | undefined;
  sim.spawn('sqs mapping', async () => {
    for (const v of oldVersions) await world.store.putObject({ key: `${versionedPrefix('lines', v)}chroma.sqlite3`, body: bytes(v) });
    await world.store.putObject({ key: pointerKey('lines'), body: bytes(oldVersions.at(-1)!) });
    outcome = await invoke(null);
  });
  await sim.run(Infinity);
  const versions = new Map<string, string[]>();
  for (const key of world.store.keys(timestampedPrefix('lines'))) {
    const [version, ...rest] = key.slice(timestampedPrefix('lines').length).split('/');
    versions.set(version!, [...(versions.get(version!) ?? []), rest.join('/')]);
  }
  return { outcome: outcome!, handlerStartedAt, steps: sim.trace.steps, pointer: text(world.store.peek(pointerKey('lines'))?.body), versions };
}

const lambdaSteps = (run: UploadRun): TraceEntry[] => run.steps.filter((s) => s.actor.startsWith('lambda compaction'));
const isPut = (s: TraceEntry): boolean => s.op === 's3.putObject';
const isPointerPut = (s: TraceEntry): boolean => isPut(s) && s.detail?.key === pointerKey('lines');
const seeds = fc.integer({ min: 0, max: 0xffffffff });
const fractions = fc.double({ min: 0.05, max: 0.95, noNaN: true });
const completeObjects = { tarball: ['.snapshot_hash', 'snapshot.tar.gz'], directory: ['.snapshot_hash', ...files.map((f) => f.path)].sort() };

/** A virtual time strictly between two steps' effects, as an invocation timeout. */
const cutBetween = (run: UploadRun, before: TraceEntry, after: TraceEntry, fraction: number): number => {
  const at = before.t + (after.t - before.t) * fraction;
  return Math.max(1, at - run.handlerStartedAt);
};

describe('an upload cut by the Lambda timeout', () => {
  it.each(['tarball', 'directory'] as const)(
    '%s layout: cut between its first object PUT and the pointer PUT leaves the versioned prefix partial and the pointer unchanged',
    async (layout) => {
      await fc.assert(
        fc.asyncProperty(seeds, fc.nat(), fractions, async (seed, pick, fraction) => {
          const full = await runUpload(seed, layout, 300_000);
          expect(full.outcome.kind).toBe('success');
          const steps = lambdaSteps(full);
          const objectPuts = steps.filter((s) => isPut(s) && !isPointerPut(s));
          const index = pick % (objectPuts.length - 1);
          const from = objectPuts[index]!;
          const next = steps.find((s) => s.step > from.step && s.t > from.t)!;
          const cut = await runUpload(seed, layout, cutBetween(full, from, next, fraction));
          expect(cut.outcome.kind).toBe('timeout');
          expect(cut.pointer).toBe(oldVersions.at(-1));
          const newVersions = [...cut.versions.keys()].filter((v) => !oldVersions.includes(v));
          expect(newVersions).toHaveLength(1);
          const written = cut.versions.get(newVersions[0]!)!;
          expect(written).toHaveLength(index + 1);
          expect(written.length).toBeLessThan(completeObjects[layout].length);
          expect(written.every((o) => completeObjects[layout].includes(o))).toBe(true);
          expect([...cut.versions.keys()].filter((v) => oldVersions.includes(v))).toEqual(oldVersions);
        }),
        { numRuns: 30 },
      );
    },
  );

  it.each(['tarball', 'directory'] as const)(
    '%s layout: cut after the pointer PUT and before cleanup finishes leaves the pointer promoted to a complete version and old versions undeleted',
    async (layout) => {
      await fc.assert(
        fc.asyncProperty(seeds, fractions, async (seed, fraction) => {
          const full = await runUpload(seed, layout, 300_000);
          if (full.outcome.kind !== 'success' || full.outcome.result.status !== 'uploaded') throw new Error('the uncut upload must succeed');
          expect(full.versions.size).toBe(4);
          const steps = lambdaSteps(full);
          const pointerPut = steps.find(isPointerPut)!;
          const cleanupDelete = steps.find((s) => s.op === 's3.deleteObject')!;
          const cut = await runUpload(seed, layout, cutBetween(full, pointerPut, cleanupDelete, fraction));
          expect(cut.outcome.kind).toBe('timeout');
          const promoted = full.outcome.result.version_id;
          expect(cut.pointer).toBe(promoted);
          expect(cut.versions.get(promoted)).toEqual(completeObjects[layout]);
          expect(cut.versions.size).toBe(5);
        }),
        { numRuns: 30 },
      );
    },
  );
});
