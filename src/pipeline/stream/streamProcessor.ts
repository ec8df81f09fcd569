import type { Clock } from '../../ports/clock.js';
import type { Queue } from '../../ports/queue.js';
import type { StreamBatch } from '../../ports/stream.js';
import { buildMessages } from './messageBuilder.js';
import type { Log, Metrics } from '../observability.js';
import { type StreamProcessorEnvironment, type StreamProcessorOptions, maxRecordsPerInvocation, seedRunLimitMs } from './options.js';
import { publishMessages } from './sqsPublisher.js';
import { StreamProcessorError } from './streamProcessorError.js';

/**
 * The stream processor Lambda handler (spec §2.2, §8.2): no records → a 400-style body (no raise); more
 * than 10 → raise (the mapping retries and bisects); build the messages, publish them. Any raise fails
 * the invocation and the whole stream batch is retried. Seed era: a run longer than 60 s on the
 * container's clock raises after finishing, so its messages are already sent and the retry sends them again.
 */
export interface StreamProcessorPorts {
  readonly queue: Queue;
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly log: Log;
}

export interface StreamProcessorConfig {
  readonly environment: StreamProcessorEnvironment;
  readonly options: StreamProcessorOptions;
}

export type StreamProcessorResponse =
  | { readonly statusCode: 400; readonly body: string }
  | { readonly statusCode: 200; readonly processed_records: number; readonly queued_messages: number };

export function streamProcessorHandler(
  ports: StreamProcessorPorts,
  config: StreamProcessorConfig,
): (event: StreamBatch) => Promise<StreamProcessorResponse> {
  return async (event) => {
    const startedAt = ports.clock.now();
    const records = event.records;
    if (records.length === 0) return { statusCode: 400, body: 'No records found in event' };
    if (records.length > maxRecordsPerInvocation) {
      throw new StreamProcessorError('TooManyRecords', `${records.length} records exceed MAX_RECORDS_PER_INVOCATION=${maxRecordsPerInvocation}`);
    }
    const messages = buildMessages(records, ports, config.options);
    const queued = await publishMessages(ports, config.environment, config.options, messages);
    ports.log('info', 'Processed stream records', { records: records.length, messages: messages.length, queued });
    const elapsedMs = ports.clock.now() - startedAt;
    if (config.options.era === 'seed' && elapsedMs > seedRunLimitMs) {
      throw new StreamProcessorError('InvocationTooSlow', `stream processing took ${elapsedMs} ms (limit ${seedRunLimitMs} ms)`);
    }
    return { statusCode: 200, processed_records: records.length, queued_messages: queued };
  };
}
