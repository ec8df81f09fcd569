import { SqliteVectorStoreProvider } from '../../adapters/chroma/sqliteVectorStore.js';
import { SimulatedClock } from '../../adapters/memory/clock.js';
import { MemoryStream } from '../../adapters/memory/dynamodb/memoryStream.js';
import { MemoryTable } from '../../adapters/memory/dynamodb/memoryTable.js';
import { type MemoryFileSystem, createEfs } from '../../adapters/memory/fs/memoryFileSystem.js';
import { LambdaRuntime } from '../../adapters/memory/lambda/runtime.js';
import { SeededRandom } from '../../adapters/memory/random.js';
import { MemoryObjectStore } from '../../adapters/memory/s3/memoryObjectStore.js';
import { MemoryQueues } from '../../adapters/memory/sqs/memoryQueues.js';
import { SimulatedTasks } from '../../adapters/memory/tasks.js';
import type { PipelineFlags } from '../../pipeline/config/flags.js';
import type { Draw } from '../../pipeline/ingest/draw.js';
import { DeterministicMerchantResolver } from '../../pipeline/ingest/merchantResolution.js';
import { DeterministicLlm, type LlmRates } from '../../pipeline/validation/deterministicLlm.js';
import type { ReceiptLlm } from '../../pipeline/validation/receiptLlm.js';
import type { Simulation } from '../../sim/simulation.js';
import { DrawnLatencyLlm } from './drawnLatencyLlm.js';
import { Observations } from './observations.js';

/**
 * The services every part of a pipeline world shares: the table (§1.1) with its stream, the vectors
 * bucket `chromadb-vectors`, SQS, the Lambda service, the EFS file system when the flag `efsCache` mounts
 * it, one Chroma provider, the host clocks, ids (one seeded stream for the whole world, so no two ids
 * repeat), and the stand-ins of the external services (merchant resolution, the LLM) answering from the
 * simulation's `service` choices. One `Observations` collects every handler's metrics and logs.
 */
export interface PipelineServices {
  readonly sim: Simulation;
  readonly flags: PipelineFlags;
  readonly stream: MemoryStream;
  readonly table: MemoryTable;
  readonly store: MemoryObjectStore;
  readonly queues: MemoryQueues;
  readonly runtime: LambdaRuntime;
  readonly clock: SimulatedClock;
  readonly tasks: SimulatedTasks;
  readonly random: SeededRandom;
  readonly vectorStores: SqliteVectorStoreProvider;
  readonly efs: MemoryFileSystem | undefined;
  readonly llm: ReceiptLlm;
  readonly merchants: DeterministicMerchantResolver;
  readonly telemetry: Observations;
}

export interface ServiceOptions {
  readonly llmRates: Partial<LlmRates>;
  readonly merchantFailureRate: number;
}

export const vectorsBucket = 'chromadb-vectors';

export function createServices(sim: Simulation, flags: PipelineFlags, options: ServiceOptions): PipelineServices {
  const stream = new MemoryStream(sim);
  const clock = new SimulatedClock(sim);
  const tasks = new SimulatedTasks(sim);
  const draw: Draw = (arity) => sim.choices.draw('service', arity);
  return {
    sim,
    flags,
    stream,
    table: new MemoryTable(sim, { name: 'receipts', streams: stream }),
    store: new MemoryObjectStore(sim, { bucket: vectorsBucket }),
    queues: new MemoryQueues(sim),
    runtime: new LambdaRuntime(sim),
    clock,
    tasks,
    random: new SeededRandom(sim.seed),
    vectorStores: new SqliteVectorStoreProvider({ tasks, clock }),
    efs: flags.efsCache ? createEfs(sim, 'efs') : undefined,
    llm: new DrawnLatencyLlm(new DeterministicLlm({ draw, rates: options.llmRates }), draw, clock),
    merchants: new DeterministicMerchantResolver({ draw, failureRate: options.merchantFailureRate }),
    telemetry: new Observations(),
  };
}
