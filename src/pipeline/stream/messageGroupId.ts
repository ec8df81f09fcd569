import type { MessageGroupIds } from './options.js';
import type { QueueCollection } from './routing.js';
import type { StreamMessage } from './streamMessage.js';

/** FIFO `MessageGroupId` (spec §2.7, §8.2); undefined for Standard queues. */
export function messageGroupId(message: StreamMessage, collection: QueueCollection, mode: MessageGroupIds): string | undefined {
  const data = message.entity_data;
  switch (mode) {
    case 'none':
      return undefined;
    case 'perEntity': {
      // Python's `a or b or c or "default"`: the first id that is present and truthy.
      const id = [data.run_id, data.receipt_id, data.image_id].find((v) => v !== undefined && v !== null && v !== '' && v !== 0);
      return `${message.entity_type}:${id === undefined ? 'default' : String(id)}:${collection}`;
    }
    case 'perImage': {
      const image = data.image_id;
      return `COMPACTION_RUN:${typeof image === 'string' && image !== '' ? image : 'unknown'}:${collection}`;
    }
    case 'perCollection':
      return `compaction:${collection}`;
  }
}
