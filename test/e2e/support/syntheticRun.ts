import type { ReportInput, ReportSummary } from '../../../src/report/html/reportInput.js';
import type { TraceEntry } from '../../../src/sim/trace.js';

/**
 * A made-up run of `steps` steps for measuring the report at scale: `invocations` Lambda-like actors with
 * two child tasks each, queues and a stream lane, working in bursts separated by long idle gaps (as
 * visibility timeouts make real runs do), each step on one of a few hundred entities; the violation
 * shows at the last step of one invocation and names two of its earlier steps.
 */
export function syntheticRun(steps: number, invocations: number): ReportInput {
  const actors: string[] = ['esm.stream.shard0.lane0', 'esm lines.fifo', 'esm words.fifo'];
  for (let i = 1; i <= invocations; i++) {
    const name = `lambda compaction${i === 1 ? '' : `~${i}`}`;
    actors.push(name, `${name}/chroma-flush`, `${name}/lock-heartbeat`);
  }
  const ops = ['fs.read', 'fs.write', 's3.getObject', 's3.putObject', 'dynamodb.PutItem', 'sqs.ReceiveMessage', 'lambda.Invoke'];
  const lastOf = new Map<string, number>();
  const trace: TraceEntry[] = [];
  let t = 0;
  let state = 12345;
  const next = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  for (let step = 0; step < steps; step++) {
    t += step % 2000 === 1999 ? 600_000 : next(40) / 4;
    const actor = actors[next(actors.length)]!;
    const parent = lastOf.get(actor) ?? (step > 0 ? next(step) : null);
    lastOf.set(actor, step);
    trace.push({
      step,
      t,
      actor,
      op: ops[next(ops.length)]!,
      entities: [`s3://chromadb-vectors/words/snapshot/${next(300)}/chroma.sqlite3`],
      outcome: next(50) === 0 ? 'NoSuchKey' : 'ok',
      parent,
      events: [],
      detail: { page: next(16) },
      hash: step.toString(16).padStart(16, '0'),
    });
  }
  const violating = trace[lastOf.get('lambda compaction~2')!]!;
  const earlier = trace.filter((e) => e.actor === violating.actor).slice(0, 2).map((e) => e.step);
  const summary: ReportSummary = {
    scenario: 'synthetic',
    profile: 'seed',
    seed: 1,
    strategy: 'random',
    flags: {},
    replayable: true,
    replay: 'npx receipt-sim replay (synthetic run)',
    build: 'synthetic',
    hash: trace[trace.length - 1]!.hash,
    end: 'idle',
    steps,
    schedulingChoices: 0,
    schedulingPoints: [],
    virtualMs: t,
    violations: [{ invariant: 'snapshotIntegrity', entity: 'words snapshot', expected: 'sound', actual: 'torn', steps: [...earlier, violating.step] }],
    nondeterminism: null,
    faultCoverage: [],
    modelCoverage: [],
    observations: {},
  };
  return { summary, trace };
}
