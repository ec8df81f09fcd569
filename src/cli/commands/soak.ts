import { findProfile } from '../../harness/profiles.js';
import { UsageError } from '../../sim/errors.js';
import { type SoakSettings, runSoak } from '../../soak/soakRun.js';
import { summaryLines, writeSoakReport } from '../../soak/soakReport.js';
import type { TargetName } from '../../soak/soakTarget.js';
import { newRunId } from '../../soak/soakNames.js';
import { type Parsed, choiceOption, durationOption, integerOption, parseCommandLine, stringOption } from '../args.js';
import type { ScenarioCatalog } from '../catalog.js';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import type { Output } from '../output.js';

export const soakHelp = `Usage: receipt-sim soak --target aws|local [options]

Runs the pipeline's handlers in this process as concurrent loops on the real clock (stream poller,
SQS pollers for compaction, validation and the ack-only queues) against real services, while a
seeded workload uploads receipts at --rate. Snapshot integrity is checked at every checkpoint;
after the workload the pipeline drains and snapshotIntegrity, convergence, noLostUpdates and
liveness are checked on the state read back. Reports go to reports/<run-id>/ (summary.json,
summary.txt, and trace.jsonl, trace.txt, index.html over every request sent, as for simulated runs;
receipt-sim report re-renders index.html). Soak runs are not replayable.

Targets:
  local   s3rver, dynalite and local-aws-sqs started on 127.0.0.1 by this command; dynalite has
          no Streams, so the stream processor reads a client-side write feed (not a real stream)
  aws     the account of the standard AWS chains (AWS_REGION, credentials); needs --yes

Options:
  --target aws|local       where to run (required)
  --duration DURATION      how long the workload uploads (default 5m), e.g. 30m, 1m, 20s
  --rate R                 receipts per minute (default 30)
  --profile P              seed, head or hardened (default head); refused when the capability
                           probe finds the target lacks what the profile needs
  --seed N                 workload seed (default: random, printed)
  --create-resources       create the table, bucket and queues (names rsim-soak-<run-id>...)
                           and delete them at the end; implied by --target local
  --table NAME             an existing table (env RECEIPT_SIM_SOAK_TABLE)
  --bucket NAME            an existing bucket (env RECEIPT_SIM_SOAK_BUCKET); objects go under
                           the run's key prefix rsim-soak-<run-id>/ and are deleted at the end
  --queue-prefix P         existing queues named P-lines, P-words, ... (env RECEIPT_SIM_SOAK_QUEUE_PREFIX)
  --yes                    confirm a run against AWS (it creates resources and costs money)
  --max-requests N         stop cleanly once N requests were sent (cleanup is not capped)
  --checkpoint DURATION    snapshot integrity check interval (default: a third of --duration)
  --drain-timeout DURATION how long the drain may take (default 5m)
  --compactors N           pollers per compaction queue (default 1). The head mapping allows 2,
                           but then a compactor that finds the lock busy leaves the messages
                           it fetched itself in flight for the queue's 900 s visibility
                           (§3.2), so the drain needs --drain-timeout 17m
  --validators N           LLM validation pollers (default 2)
  --run-id ID              name the run (default: UTC time and 4 hex digits)
  --out DIR                reports folder (default reports)
  --json                   print summary.json on stdout
  -h, --help               this text

Exit codes: 0 every check passed, 1 a check failed, 2 usage or configuration error (no --yes,
no AWS region/credentials, a profile the target cannot serve, --max-requests reached),
3 harness error or interrupted (SIGINT; resources are cleaned up either way).`;

const options = {
  target: { type: 'string' },
  duration: { type: 'string' },
  rate: { type: 'string' },
  profile: { type: 'string' },
  seed: { type: 'string' },
  'create-resources': { type: 'boolean' },
  table: { type: 'string' },
  bucket: { type: 'string' },
  'queue-prefix': { type: 'string' },
  yes: { type: 'boolean' },
  'max-requests': { type: 'string' },
  checkpoint: { type: 'string' },
  'drain-timeout': { type: 'string' },
  compactors: { type: 'string' },
  validators: { type: 'string' },
  'run-id': { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export async function soakCommand(argv: readonly string[], output: Output, _catalog: ScenarioCatalog, env: NodeJS.ProcessEnv = process.env): Promise<ExitCodeValue> {
  const parsed = parseCommandLine('soak', argv, options);
  if (parsed.values.help === true) {
    output.result(soakHelp);
    return ExitCode.ok;
  }
  const settings = soakSettings(parsed, env);
  // The pinned SDK (toolchain.md) warns on Node 20 that its later releases need Node 22.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
  if (settings.target === 'aws' && parsed.values.yes !== true) {
    throw new UsageError('soak --target aws creates AWS resources and costs money; add --yes to confirm');
  }
  output.log(`soak ${settings.runId}: target ${settings.target}, profile ${settings.profile.name}, seed ${settings.seed}, ${settings.ratePerMinute}/min for ${settings.durationMs / 1000} s`);
  const { summary, trace, error } = await runSoak(settings, { progress: (t) => output.progress(t), log: (t) => output.log(t) });
  output.endProgress();
  const folder = writeSoakReport(stringOption(parsed, 'out') ?? 'reports', summary, trace);
  output.result(output.json ? JSON.stringify(summary, null, 2) : [...summaryLines(summary), `report: ${folder}/index.html`].join('\n'));
  if (error !== undefined) throw error;
  return summary.exitCode as ExitCodeValue;
}

function soakSettings(parsed: Parsed, env: NodeJS.ProcessEnv): SoakSettings & { readonly runId: string } {
  const target = choiceOption<TargetName>(parsed, 'target', ['aws', 'local']);
  if (target === undefined) throw new UsageError('soak needs --target aws or --target local; see `receipt-sim soak --help`');
  const durationMs = durationOption(parsed, 'duration') ?? 300_000;
  if (durationMs <= 0) throw new UsageError('--duration must be positive');
  const rate = Number(stringOption(parsed, 'rate') ?? '30');
  if (!(rate > 0 && rate <= 6_000)) throw new UsageError(`--rate must be receipts per minute, more than 0 and at most 6000, got "${stringOption(parsed, 'rate') ?? ''}"`);
  const runId = stringOption(parsed, 'run-id') ?? newRunId();
  if (!/^[a-z0-9][a-z0-9-]{0,30}$/.test(runId)) throw new UsageError(`--run-id must be lower-case letters, digits and dashes (at most 31), got "${runId}"`);
  const nameOf = (flag: string, variable: string): string | undefined => stringOption(parsed, flag) ?? (env[variable] || undefined);
  const table = nameOf('table', 'RECEIPT_SIM_SOAK_TABLE');
  const bucket = nameOf('bucket', 'RECEIPT_SIM_SOAK_BUCKET');
  const queuePrefix = nameOf('queue-prefix', 'RECEIPT_SIM_SOAK_QUEUE_PREFIX');
  const createResources = parsed.values['create-resources'] === true;
  if (target === 'aws' && !createResources && (table === undefined || bucket === undefined || queuePrefix === undefined)) {
    throw new UsageError('soak --target aws needs --create-resources, or existing --table, --bucket and --queue-prefix (or RECEIPT_SIM_SOAK_TABLE/_BUCKET/_QUEUE_PREFIX)');
  }
  return {
    target,
    profile: findProfile(stringOption(parsed, 'profile') ?? 'head'),
    durationMs,
    ratePerMinute: rate,
    seed: integerOption(parsed, 'seed', 0, 2 ** 31 - 1) ?? Math.floor(Math.random() * 2 ** 31),
    createResources,
    maxRequests: integerOption(parsed, 'max-requests', 1, Number.MAX_SAFE_INTEGER) ?? Infinity,
    checkpointMs: durationOption(parsed, 'checkpoint') ?? Math.max(10_000, durationMs / 3),
    drainTimeoutMs: durationOption(parsed, 'drain-timeout') ?? 300_000,
    concurrency: {
      compactors: integerOption(parsed, 'compactors', 1, 16) ?? 1,
      validators: integerOption(parsed, 'validators', 1, 16) ?? 2,
      waitTimeSeconds: 5,
      retryDelaySeconds: 5,
    },
    names: { ...(table === undefined ? {} : { table }), ...(bucket === undefined ? {} : { bucket }), ...(queuePrefix === undefined ? {} : { queuePrefix }) },
    runId,
    env,
  };
}
