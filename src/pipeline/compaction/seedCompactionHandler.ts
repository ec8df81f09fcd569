import { errorText } from '../snapshot/errorText.js';
import type { CompactionHandler } from './compactionHandler.js';
import type { CompactionMessage } from './compactionMessage.js';
import { type CompactionHandlerConfig, type CompactionHandlerPorts, storageMode } from './compactionHandlerConfig.js';
import { groupByCollection, parseSeedRecord } from './parseRecord.js';
import { seedEfsCycle } from './seedEfsCycle.js';
import { seedS3Cycle } from './seedS3Cycle.js';

/**
 * The seed-era compaction handler (§8.3, as of 2025-11-14): no extra fetch, no sort and no dedup. Records
 * that are not stream messages are reported failed; unparseable ones are skipped. Each collection runs one
 * cycle of the two-phase protocol (EFS or S3-only mode). `batchItemFailures` carry the SQS **receipt
 * handle**, not the messageId, and only for collection-level failures and non-stream records: merge,
 * metadata and label errors fail nothing.
 */
export function seedCompactionHandler(ports: CompactionHandlerPorts, config: CompactionHandlerConfig): CompactionHandler {
  const mode = storageMode(config, ports.efs);
  return async (event, context) => {
    const failures: string[] = [];
    const messages: CompactionMessage[] = [];
    for (const record of event.records) {
      const parsed = parseSeedRecord(record);
      if (parsed.kind === 'message') messages.push(parsed.message);
      else if (parsed.kind === 'failed') failures.push(record.receiptHandle);
      else ports.log('warning', 'Skipping unparseable record', { messageId: record.messageId, reason: parsed.reason });
    }
    for (const [collection, group] of groupByCollection(messages)) {
      let published: boolean;
      try {
        published =
          mode.kind === 'efs'
            ? await seedEfsCycle(ports, config, mode, collection, group, context.container.tmp)
            : await seedS3Cycle(ports, config, collection, group, context.container.tmp);
      } catch (error) {
        ports.log('error', 'Collection processing failed', { collection, error: errorText(error) });
        published = false;
      }
      if (!published) failures.push(...group.map((m) => m.context.receipt_handle));
    }
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
