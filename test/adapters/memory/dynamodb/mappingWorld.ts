import type { InvocationOutcome, Invoker } from '../../../../src/adapters/memory/lambda/invocation.js';
import { MemoryStream } from '../../../../src/adapters/memory/dynamodb/memoryStream.js';
import { MemoryTable } from '../../../../src/adapters/memory/dynamodb/memoryTable.js';
import { StreamEventSourceMapping, type StreamMappingConfig } from '../../../../src/adapters/memory/dynamodb/streamMapping.js';
import type { StreamBatch, StreamRecord } from '../../../../src/ports/stream.js';
import type { Simulation } from '../../../../src/sim/simulation.js';

export interface Invocation {
  /** Virtual time at which the function was invoked. */
  readonly at: number;
  readonly records: readonly StreamRecord[];
  readonly outcome: InvocationOutcome<unknown>['kind'];
}

export interface MappingWorld {
  readonly table: MemoryTable;
  readonly stream: MemoryStream;
  readonly mapping: StreamEventSourceMapping;
  readonly invocations: Invocation[];
}

export interface MappingWorldOptions {
  readonly config?: Partial<StreamMappingConfig>;
  readonly shardCount?: number;
  /** How the n-th invocation (from 0) ends; success by default. */
  readonly outcome?: (index: number, batch: StreamBatch) => InvocationOutcome<unknown>['kind'];
  /** Start the mapping when the world is built (default) or leave it to the test. */
  readonly start?: boolean;
}

/** A table with a stream and a mapping whose function records every invocation and takes 50 ms. */
export function mappingWorld(sim: Simulation, options: MappingWorldOptions = {}): MappingWorld {
  const stream = new MemoryStream(sim, { shardCount: options.shardCount ?? 1 });
  const table = new MemoryTable(sim, { name: 'receipts', streams: stream });
  const invocations: Invocation[] = [];
  const invoke: Invoker<StreamBatch, unknown> = async (batch) => {
    const outcome = options.outcome?.(invocations.length, batch) ?? 'success';
    invocations.push({ at: sim.now, records: batch.records, outcome });
    await sim.sleep(50);
    switch (outcome) {
      case 'success':
        return { kind: 'success', result: null };
      case 'error':
        return { kind: 'error', error: new Error('handler failed') };
      default:
        return { kind: outcome };
    }
  };
  const mapping = new StreamEventSourceMapping(sim, stream, invoke, options.config);
  if (options.start !== false) mapping.start();
  return { table, stream, mapping, invocations };
}

/** The version numbers of the records delivered successfully, per item key, in delivery order. */
export function deliveredVersions(invocations: readonly Invocation[]): Map<string, number[]> {
  const perKey = new Map<string, number[]>();
  for (const invocation of invocations.filter((i) => i.outcome === 'success')) {
    for (const record of invocation.records) {
      const id = `${record.keys.PK}|${record.keys.SK}`;
      perKey.set(id, [...(perKey.get(id) ?? []), record.newImage?.version as number]);
    }
  }
  return perKey;
}
