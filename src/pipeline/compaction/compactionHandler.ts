import type { InvocationContext } from '../../ports/lambda.js';
import type { SqsBatch, SqsBatchResponse } from '../../ports/queue.js';
import { errorText } from '../snapshot/errorText.js';
import type { CompactionMessage } from './compactionMessage.js';
import { type CompactionHandlerConfig, type CompactionHandlerPorts, maxMessagesPerCompaction } from './compactionHandlerConfig.js';
import { deleteFetchedMessages, fetchAdditionalMessages } from './extraFetch.js';
import { allRecordIds } from './failureMapping.js';
import { sortAndDedup } from './operations/ordering.js';
import { groupByCollection, parseHeadRecord } from './parseRecord.js';
import { processCollection } from './processCollection.js';
import { seedCompactionHandler } from './seedCompactionHandler.js';

export type CompactionHandler = (event: SqsBatch, context: InvocationContext) => Promise<SqsBatchResponse>;

/**
 * The compaction Lambda ("enhanced compaction handler", §3): the head flow of §3.2, or the seed era's
 * handler of §8.3. The era fixes the locking protocol: head takes the `lockMode`'s single lock across
 * the cycle (`twoPhase` is the seed era's protocol), the seed era runs the two-phase protocol of §8.4.
 */
export function compactionHandler(ports: CompactionHandlerPorts, config: CompactionHandlerConfig): CompactionHandler {
  const { era, flags, environment } = config;
  if (environment.CHROMADB_BUCKET !== ports.store.bucket) {
    throw new RangeError(`CHROMADB_BUCKET is ${environment.CHROMADB_BUCKET} but the object store is bound to ${ports.store.bucket}`);
  }
  if (era === 'head' && flags.lockMode === 'twoPhase') throw new RangeError('lockMode twoPhase is the seed-era protocol (§8.3); the head handler holds one lock');
  if (era === 'seed') {
    if (flags.lockMode !== 'twoPhase') throw new RangeError(`the seed-era handler runs the two-phase protocol (§8.4), not lockMode ${flags.lockMode}`);
    return seedCompactionHandler(ports, config);
  }
  return headCompactionHandler(ports, config);
}

/**
 * §3.2: extra fetch, parse, sort and dedup, group, `process_collection` per collection (an exception fails
 * all of that collection's ids), delete the fetched messages only when nothing failed, and report the
 * failed messageIds. Fetched messages that fail are reported too, although they are no messageId of the
 * mapping's batch (what the mapping does with them is its `unknownItemIdentifier` setting).
 */
function headCompactionHandler(ports: CompactionHandlerPorts, config: CompactionHandlerConfig): CompactionHandler {
  const maxMessages = maxMessagesPerCompaction(config.environment);
  return async (event, context) => {
    // 1.
    const fetched = await fetchAdditionalMessages(ports.queue, ports.log, event.records, config.environment, maxMessages);
    // 2.
    const parsed: CompactionMessage[] = [];
    for (const record of [...event.records, ...fetched.records]) {
      const result = parseHeadRecord(record);
      if (result.kind === 'message') parsed.push(result.message);
      else ports.log('warning', 'Skipping unparseable record', { messageId: record.messageId, reason: result.reason });
    }
    // 3. and 4.
    const groups = groupByCollection(sortAndDedup(parsed));
    // 5.
    const failed = new Set<string>();
    for (const [collection, messages] of groups) {
      let collectionFailures: readonly string[];
      try {
        collectionFailures = await processCollection(ports, config, collection, messages, context.container.tmp);
      } catch (error) {
        ports.log('error', 'Collection processing failed', { collection, error: errorText(error) });
        collectionFailures = allRecordIds(messages);
      }
      for (const id of collectionFailures) failed.add(id);
    }
    // 6.
    if (failed.size === 0 && fetched.records.length > 0) await deleteFetchedMessages(ports.queue, ports.log, fetched);
    // 7.
    return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
