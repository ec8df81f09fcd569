import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CapabilitySet, probeCapabilities, requireCapabilities } from '../adapters/aws/capabilities.js';
import { dynamoCapabilityProbe, tableStreamArn } from '../adapters/aws/dynamoCapabilities.js';
import { DynamoStreamReader } from '../adapters/aws/dynamoStreamReader.js';
import { DynamoTable } from '../adapters/aws/dynamoTable.js';
import { S3ObjectStore } from '../adapters/aws/s3ObjectStore.js';
import { s3ConditionalWritesProbe } from '../adapters/aws/s3Capabilities.js';
import { SqsQueue } from '../adapters/aws/sqsQueue.js';
import { SystemClock } from '../adapters/aws/systemClock.js';
import { SeededRandom } from '../adapters/memory/random.js';
import { buildId } from '../cli/buildInfo.js';
import type { Profile } from '../harness/profiles.js';
import { UsageError } from '../sim/errors.js';
import type { Observations } from '../harness/world/observations.js';
import type { TraceEntry } from '../sim/trace.js';
import { drainPipeline } from './drain.js';
import { abortOnSignal } from './interruption.js';
import { PrefixedObjectStore } from './prefixedObjectStore.js';
import { RequestBudget } from './requestBudget.js';
import { type SoakCheck, type DrainOutcome, convergenceCheck, livenessCheck, noLostUpdatesCheck, readSnapshots, snapshotIntegrityCheck } from './soakChecks.js';
import { type SoakClients, createSoakClients } from './soakClients.js';
import { type NameOverrides, newRunId, soakNames } from './soakNames.js';
import { type PipelineConcurrency, type SoakPipeline, type StreamInput, startSoakPipeline } from './soakPipeline.js';
import { type StopReason, type SoakSummary, checkViolations, replayNote } from './soakReport.js';
import { type CleanupReport, SoakResources } from './soakResources.js';
import { createSoakServices } from './soakServices.js';
import { SoakTrace } from './soakTrace.js';
import { type SoakTarget, type TargetName, capabilitiesNeeded, openTarget, verificationNote } from './soakTarget.js';
import { scanTable } from './targetState.js';
import { SoakWorkload, sleepUnlessStopped } from './soakWorkload.js';
import { WriteFeedTable } from './writeFeedTable.js';

/**
 * One soak run (issue 7): open the target, create or look up the run's resources, probe the target's
 * capabilities and refuse a profile it cannot serve, run the handlers as concurrent loops on the real
 * clock while the seeded workload uploads receipts at the rate, check snapshot integrity at every
 * checkpoint, drain, run the checks on the state read back, and always clean up (also after SIGINT, a
 * refused profile, an error or `--max-requests`). The returned summary is what the report holds.
 */
export interface SoakSettings {
  readonly target: TargetName;
  readonly profile: Profile;
  readonly durationMs: number;
  readonly ratePerMinute: number;
  readonly seed: number;
  readonly createResources: boolean;
  readonly maxRequests: number;
  readonly checkpointMs: number;
  readonly drainTimeoutMs: number;
  readonly concurrency: PipelineConcurrency;
  readonly names: NameOverrides;
  readonly runId?: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface SoakProgress {
  progress(text: string): void;
  log(text: string): void;
  /** Called once the run's resources exist (tests interrupt the run here). */
  provisioned?(resources: SoakResources): void;
}

export interface SoakResult {
  readonly summary: SoakSummary;
  /** The requests the run sent, one step each (the first `SoakTrace.stepLimit`). */
  readonly trace: readonly TraceEntry[];
  /** The error that ended the run (a UsageError for a refused profile), after cleanup. */
  readonly error?: unknown;
}

const progressEveryMs = 5_000;

export async function runSoak(settings: SoakSettings, reporter: SoakProgress): Promise<SoakResult> {
  const clock = new SystemClock();
  const startedAt = new Date().toISOString();
  const runId = settings.runId ?? newRunId();
  const names = soakNames(runId, settings.names);
  const budget = new RequestBudget(settings.maxRequests);
  const trace = new SoakTrace(names);
  const stop = new AbortController();
  void budget.exceeded.then(() => stop.abort());
  const interruption = abortOnSignal(stop);
  const checks: SoakCheck[] = [];
  const state: RunState = { capabilities: new Map(), drain: undefined, cleanup: undefined, pipeline: undefined, workload: undefined, telemetry: undefined, endMs: 0 };
  let target: SoakTarget | undefined;
  let resources: SoakResources | undefined;
  let store: PrefixedObjectStore | undefined;
  let failure: unknown;
  const workDirectory = await mkdtemp(join(tmpdir(), `receipt-sim-soak-${runId}-`));
  try {
    target = await openTarget(settings.target, settings.env);
    const clients = createSoakClients(target.endpoints, budget, trace.observe);
    const createResources = settings.target === 'local' || settings.createResources;
    resources = await SoakResources.provision(
      clients,
      {
        names,
        createTable: createResources,
        createBucket: createResources && (settings.target === 'local' || settings.names.bucket === undefined),
        createQueues: createResources,
        flags: settings.profile.flags,
      },
      (ms) => clock.sleep(ms),
    );
    store = new PrefixedObjectStore(new S3ObjectStore({ client: clients.s3, bucket: names.bucket }), names.runPrefix);
    reporter.provisioned?.(resources);
    if (!stop.signal.aborted) await soak(settings, reporter, { clients, resources, store, runId, workDirectory, budget }, stop.signal, checks, state);
  } catch (error) {
    failure = error;
  } finally {
    stop.abort();
    await state.pipeline?.loops;
    budget.unlimited();
    if (resources !== undefined) state.cleanup = await resources.cleanup(store);
    await target?.stop();
    await rm(workDirectory, { recursive: true, force: true });
    interruption.dispose();
  }
  const stoppedBy: StopReason = interruption.interrupted ? 'interrupted' : budget.wasExceeded ? 'maxRequests' : failure instanceof UsageError ? 'refused' : failure !== undefined ? 'error' : 'completed';
  return {
    summary: summarise(settings, runId, names, startedAt, stoppedBy, failure, checks, state, budget, trace),
    trace: trace.steps,
    ...(failure === undefined || stoppedBy === 'maxRequests' ? {} : { error: failure }) };
}

interface RunState {
  capabilities: CapabilitySet;
  drain: DrainOutcome | undefined;
  cleanup: CleanupReport | undefined;
  pipeline: SoakPipeline | undefined;
  workload: SoakWorkload | undefined;
  telemetry: Observations | undefined;
  endMs: number;
}

interface Provisioned {
  readonly clients: SoakClients;
  readonly resources: SoakResources;
  readonly store: PrefixedObjectStore;
  readonly runId: string;
  readonly workDirectory: string;
  readonly budget: RequestBudget;
}

async function soak(settings: SoakSettings, reporter: SoakProgress, run: Provisioned, stop: AbortSignal, checks: SoakCheck[], state: RunState): Promise<void> {
  const { clients, resources, store } = run;
  const clock = new SystemClock();
  const table = new DynamoTable({ name: resources.plan.names.table, client: clients.dynamodb });
  state.capabilities = await probeCapabilities([s3ConditionalWritesProbe(store, 'probe'), dynamoCapabilityProbe(table, run.runId)]);
  reporter.log(`capabilities of ${settings.target}: ${[...state.capabilities.values()].map((f) => `${f.capability} ${f.present ? 'yes' : 'no'}`).join(', ')}`);
  requireCapabilities({ profile: settings.profile.name, capabilities: capabilitiesNeeded(settings.profile.name, settings.target) }, state.capabilities);

  let input: StreamInput;
  let pipelineTable: DynamoTable | WriteFeedTable = table;
  if (settings.target === 'local') {
    const feed = new WriteFeedTable(table, clients.region, () => clock.now());
    pipelineTable = feed;
    input = { kind: 'feed', feed };
  } else {
    const streamArn = await tableStreamArn(table);
    if (streamArn === undefined) throw new UsageError(`table ${table.name} has no NEW_AND_OLD_IMAGES stream; create it with --create-resources or enable the stream`);
    input = { kind: 'stream', source: new DynamoStreamReader({ streamArn, client: clients.streams }) };
  }
  const seed = settings.seed ^ runSalt(run.runId);
  const services = createSoakServices({ flags: settings.profile.flags, table: pipelineTable, store, queue: new SqsQueue({ client: clients.sqs }), seed, workDirectory: run.workDirectory });
  const loopStop = new AbortController();
  stop.addEventListener('abort', () => loopStop.abort(), { once: true });
  const pipeline = startSoakPipeline(services, resources.queues, input, settings.concurrency, loopStop.signal);
  state.pipeline = pipeline;
  state.telemetry = services.telemetry;
  const workload = new SoakWorkload({ ratePerMinute: settings.ratePerMinute, durationMs: settings.durationMs, seed: settings.seed }, new SeededRandom(seed), clock);
  state.workload = workload;
  const started = clock.now();
  const progress = (phase: string): void => {
    const w = workload.stats();
    const c = pipeline.invocations.counts()['compaction'];
    const elapsed = Math.round((clock.now() - started) / 1000);
    reporter.progress(`soak ${phase} ${elapsed}s/${settings.durationMs / 1000}s: receipts ${w.succeeded}/${w.started} uploaded, compaction ${c?.success ?? 0}/${c?.invocations ?? 0} ok, requests ${run.budget.counts().total}, checks ${checks.filter((k) => k.passed).length}/${checks.length} passed`);
  };
  const workloadDone = workload.run((receipt, index) => pipeline.upload(receipt, index), stop);
  const checkpoints = (async () => {
    let finished = false;
    void workloadDone.finally(() => (finished = true));
    for (let n = 1, next = started + settings.checkpointMs; !finished && !stop.aborted; ) {
      await sleepUnlessStopped(clock, Math.min(progressEveryMs, Math.max(0, next - clock.now())), stop);
      progress('running');
      if (clock.now() < next || finished || stop.aborted) continue;
      checks.push(snapshotIntegrityCheck(await readSnapshots(store), `checkpoint ${n++}`));
      next += settings.checkpointMs;
    }
  })();
  await Promise.all([workloadDone, checkpoints]);
  if (stop.aborted) return;
  state.drain = await drainPipeline(clients.sqs, resources.queues, pipeline, clock, settings.drainTimeoutMs, stop, (depths) =>
    progress(`draining (messages left ${Object.values(depths).reduce((a, b) => a + b, 0)})`),
  );
  state.endMs = clock.now() - started;
  loopStop.abort();
  await pipeline.loops;
  if (stop.aborted) return;
  const items = await scanTable(clients.dynamodb, table.name);
  const snapshots = await readSnapshots(store);
  const era = settings.profile.flags.era;
  checks.push(
    snapshotIntegrityCheck(snapshots, 'after drain'),
    convergenceCheck(era, items, snapshots, 'after drain'),
    await noLostUpdatesCheck(era, items, snapshots, store, 'after drain'),
    livenessCheck(state.drain, items, clock.now(), 'after drain'),
  );
}

/** Mixes the run id into the id stream, so runs sharing a table never draw the same image ids. */
function runSalt(runId: string): number {
  return createHash('sha256').update(runId).digest().readUInt32BE(0);
}

function summarise(
  settings: SoakSettings,
  runId: string,
  names: SoakSummary['names'],
  startedAt: string,
  stoppedBy: StopReason,
  failure: unknown,
  checks: readonly SoakCheck[],
  state: RunState,
  budget: RequestBudget,
  trace: SoakTrace,
): SoakSummary {
  const workload = state.workload?.stats() ?? { started: 0, succeeded: 0, failed: 0 };
  const failed = checks.filter((c) => !c.passed);
  const exitCode = stoppedBy === 'completed' ? (failed.length === 0 ? 0 : 1) : stoppedBy === 'refused' || stoppedBy === 'maxRequests' ? 2 : 3;
  const message = {
    completed: failed.length === 0 ? `all ${checks.length} checks passed` : `${failed.length} of ${checks.length} checks failed: ${[...new Set(failed.map((c) => c.name))].join(', ')}`,
    interrupted: 'interrupted by SIGINT; resources cleaned up, checks after the drain not run',
    maxRequests: `--max-requests ${settings.maxRequests} reached; stopped and cleaned up, checks after the drain not run. Raise --max-requests or lower --rate/--duration`,
    refused: failure instanceof Error ? failure.message : String(failure),
    error: failure instanceof Error ? failure.message : String(failure),
  }[stoppedBy];
  const seconds = state.endMs / 1000;
  return {
    kind: 'soak',
    scenario: `soak-${settings.target}`,
    replayable: false,
    replay: replayNote,
    runId,
    target: settings.target,
    profile: settings.profile.name,
    flags: settings.profile.flags,
    seed: settings.seed,
    strategy: 'real clock',
    build: buildId(),
    hash: trace.hash,
    end: stoppedBy,
    steps: trace.steps.length,
    virtualMs: trace.steps.at(-1)?.t ?? 0,
    violations: checkViolations(checks),
    trace: trace.stats(),
    ratePerMinute: settings.ratePerMinute,
    durationMs: settings.durationMs,
    startedAt,
    endedAt: new Date().toISOString(),
    names,
    streamSource: settings.target === 'local' ? 'client-side write feed, not a real stream (dynalite has no Streams)' : 'DynamoDB Streams (NEW_AND_OLD_IMAGES)',
    verifies: verificationNote(settings.profile.name, settings.target),
    capabilities: [...state.capabilities.values()],
    workload,
    throughputReceiptsPerSecond: seconds > 0 ? workload.succeeded / seconds : 0,
    invocations: state.pipeline?.invocations.counts() ?? {},
    metrics: Object.fromEntries([...(state.telemetry?.metrics ?? [])].sort(([a], [b]) => a.localeCompare(b))),
    harnessErrors: state.pipeline?.invocations.errors ?? [],
    requests: budget.counts(),
    drain: state.drain,
    checks,
    cleanup: state.cleanup,
    stoppedBy,
    message,
    exitCode,
  };
}
