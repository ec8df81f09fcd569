import { SimulatedClock } from '../../../src/adapters/memory/clock.js';
import { MemoryStream } from '../../../src/adapters/memory/dynamodb/memoryStream.js';
import { MemoryTable } from '../../../src/adapters/memory/dynamodb/memoryTable.js';
import { StreamEventSourceMapping } from '../../../src/adapters/memory/dynamodb/streamMapping.js';
import { createLambdaTmp } from '../../../src/adapters/memory/fs/memoryFileSystem.js';
import type { InvocationOutcome } from '../../../src/adapters/memory/lambda/invocation.js';
import { LambdaRuntime } from '../../../src/adapters/memory/lambda/runtime.js';
import { MemoryQueues } from '../../../src/adapters/memory/sqs/memoryQueues.js';
import { type StreamEra, streamProcessorOptions } from '../../../src/pipeline/stream/options.js';
import type { QueueCollection } from '../../../src/pipeline/stream/routing.js';
import { streamProcessorHandler } from '../../../src/pipeline/stream/streamProcessor.js';
import type { QueueConfig } from '../../../src/ports/queue.js';
import type { StreamBatch } from '../../../src/ports/stream.js';
import type { Simulation } from '../../../src/sim/simulation.js';
import { Recorder } from './fixtures.js';

/**
 * The stream half of the pipeline on the fakes: the table and its stream, the event source mapping of
 * §2.1, the stream processor Lambda (256 MB, 120 s) and its queues: Standard queues as §2.8 for head, the
 * two FIFO queues of §8.2 for seed.
 */
export interface StreamWorld {
  readonly table: MemoryTable;
  readonly queues: MemoryQueues;
  readonly urls: Partial<Record<QueueCollection, string>>;
  readonly mapping: StreamEventSourceMapping;
  readonly recorder: Recorder;
  readonly outcomes: InvocationOutcome<unknown>['kind'][];
}

export interface ReceivedBody {
  readonly entity_type: string;
  readonly event_name: string;
  readonly entity_data: Record<string, unknown>;
  readonly stream_record_id: string;
  readonly collection: string | undefined;
  readonly groupId: string | undefined;
}

const base = { contentBasedDeduplication: false, messageRetentionSeconds: 345_600, receiveWaitTimeSeconds: 20, delaySeconds: 0 };

const headQueues: Record<QueueCollection, QueueConfig> = {
  lines: { ...base, name: 'lines', fifo: false, visibilityTimeoutSeconds: 900 },
  words: { ...base, name: 'words', fifo: false, visibilityTimeoutSeconds: 900 },
  receipt_summary: { ...base, name: 'summary', fifo: false, visibilityTimeoutSeconds: 120, delaySeconds: 15 },
  line_items: { ...base, name: 'line-item', fifo: false, visibilityTimeoutSeconds: 240, delaySeconds: 15 },
};

const seedQueues: Partial<Record<QueueCollection, QueueConfig>> = {
  lines: { ...base, name: 'lines.fifo', fifo: true, contentBasedDeduplication: true, visibilityTimeoutSeconds: 1200 },
  words: { ...base, name: 'words.fifo', fifo: true, contentBasedDeduplication: true, visibilityTimeoutSeconds: 1200 },
};

export function streamWorld(sim: Simulation, era: StreamEra): StreamWorld {
  const stream = new MemoryStream(sim);
  const table = new MemoryTable(sim, { name: 'receipts', streams: stream });
  const queues = new MemoryQueues(sim);
  const urls: Partial<Record<QueueCollection, string>> = {};
  for (const [collection, config] of Object.entries(era === 'head' ? headQueues : seedQueues)) {
    urls[collection as QueueCollection] = queues.createQueue(config);
  }
  const recorder = new Recorder();
  const handle = streamProcessorHandler(
    { queue: queues, clock: new SimulatedClock(sim), metrics: recorder, log: recorder.log },
    {
      environment: {
        LINES_QUEUE_URL: urls.lines,
        WORDS_QUEUE_URL: urls.words,
        RECEIPT_SUMMARY_QUEUE_URL: urls.receipt_summary,
        LINE_ITEM_QUEUE_URL: urls.line_items,
      },
      options: streamProcessorOptions(era),
    },
  );
  const invoke = new LambdaRuntime(sim).register<StreamBatch, unknown>({
    name: 'stream-processor',
    timeoutMs: 120_000,
    ephemeralStorageBytes: 512 * 1024 * 1024,
    createTmp: (container, bytes) => createLambdaTmp(sim, container, bytes),
    handler: (event) => handle(event),
  });
  const outcomes: InvocationOutcome<unknown>['kind'][] = [];
  const mapping = new StreamEventSourceMapping(sim, stream, async (event, options) => {
    const outcome = await invoke(event, options);
    outcomes.push(outcome.kind);
    return outcome;
  });
  mapping.start();
  return { table, queues, urls, mapping, recorder, outcomes };
}

/** Every message a queue holds (any state), decoded. */
export function bodies(world: StreamWorld, collection: QueueCollection): ReceivedBody[] {
  const url = world.urls[collection];
  if (url === undefined) return [];
  return world.queues.messages(url).map((m) => {
    const body = JSON.parse(m.body) as Omit<ReceivedBody, 'collection' | 'groupId'>;
    return { ...body, collection: m.attributes.collection, groupId: m.messageGroupId };
  });
}

/** `ENTITY_TYPE EVENT` of each message, sorted (different keys are processed in any order). */
export function kinds(world: StreamWorld, collection: QueueCollection): string[] {
  return bodies(world, collection)
    .map((b) => `${b.entity_type} ${b.event_name}`)
    .sort();
}
