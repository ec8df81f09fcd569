import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { join } from 'node:path';
import { SqliteVectorStoreProvider } from '../adapters/chroma/sqliteVectorStore.js';
import { SystemClock } from '../adapters/aws/systemClock.js';
import { SeededRandom } from '../adapters/memory/random.js';
import { NodeFileSystem } from '../adapters/node/nodeFileSystem.js';
import { RealTasks } from '../adapters/node/realTasks.js';
import { Observations } from '../harness/world/observations.js';
import { defaultLlmRates } from '../harness/world/pipelineWorldBuilder.js';
import type { PipelineFlags } from '../pipeline/config/flags.js';
import type { Draw } from '../pipeline/ingest/draw.js';
import { DeterministicMerchantResolver } from '../pipeline/ingest/merchantResolution.js';
import { DeterministicLlm } from '../pipeline/validation/deterministicLlm.js';
import type { FileSystem } from '../ports/fileSystem.js';
import type { ObjectStore } from '../ports/objectStore.js';
import type { Queue } from '../ports/queue.js';
import type { Table } from '../ports/table.js';

/**
 * What the handlers of a soak run share, as `PipelineServices` is for a simulated world, but on the real
 * clock: the target's table (wrapped in the write feed on `--target local`), the prefixed object store,
 * SQS, the system clock, real background tasks, one Chroma provider, folders on the host for `/tmp` and
 * the seed era's EFS, and the external-service stand-ins of the simulation (merchant resolution, the LLM)
 * drawing from a PRNG seeded by `--seed`. Draw order depends on real timing, so runs are not replayable.
 */
export interface SoakServices {
  readonly flags: PipelineFlags;
  readonly table: Table;
  readonly store: ObjectStore;
  readonly queue: Queue;
  readonly clock: SystemClock;
  readonly tasks: RealTasks;
  readonly random: SeededRandom;
  readonly vectorStores: SqliteVectorStoreProvider;
  readonly efs: FileSystem | undefined;
  readonly llm: DeterministicLlm;
  readonly merchants: DeterministicMerchantResolver;
  readonly telemetry: Observations;
  readonly workDirectory: string;
}

export interface SoakServiceInputs {
  readonly flags: PipelineFlags;
  readonly table: Table;
  readonly store: ObjectStore;
  readonly queue: Queue;
  readonly seed: number;
  readonly workDirectory: string;
}

/** A Draw on a seeded PRNG (value in [0, arity)). */
export function seededDraw(seed: number): Draw {
  const rng = xoroshiro128plus(seed >>> 0);
  return (arity) => (arity <= 1 ? 0 : uniformInt(rng, 0, arity - 1));
}

export function createSoakServices(inputs: SoakServiceInputs): SoakServices {
  const clock = new SystemClock();
  const tasks = new RealTasks();
  const draw = seededDraw(inputs.seed ^ 0x2545f491);
  return {
    flags: inputs.flags,
    table: inputs.table,
    store: inputs.store,
    queue: inputs.queue,
    clock,
    tasks,
    random: new SeededRandom(inputs.seed),
    vectorStores: new SqliteVectorStoreProvider({ tasks, clock }),
    efs: inputs.flags.efsCache ? new NodeFileSystem('efs', join(inputs.workDirectory, 'efs')) : undefined,
    llm: new DeterministicLlm({ draw, rates: defaultLlmRates }),
    merchants: new DeterministicMerchantResolver({ draw, failureRate: 0.1 }),
    telemetry: new Observations(),
    workDirectory: inputs.workDirectory,
  };
}
