import { describe, expect, it } from 'vitest';
import type { CompactionMessage } from '../../../../src/pipeline/compaction/compactionMessage.js';
import { allRecordIds, failedRecordIds } from '../../../../src/pipeline/compaction/failureMapping.js';
import type { CollectionUpdateResults } from '../../../../src/pipeline/compaction/results.js';
import type { AttributeValue } from '../../../../src/ports/values.js';

const message = (recordId: string, entityType: string, entityData: Record<string, AttributeValue>): CompactionMessage => ({
  source: 'dynamodb_stream',
  entity_type: entityType,
  entity_data: entityData,
  changes: {},
  event_name: 'MODIFY',
  collection: 'words',
  context: { record_id: recordId, receipt_handle: `handle-${recordId}`, timestamp: '' },
});

const none: CollectionUpdateResults = { deltaMerges: [], placeUpdates: [], labelUpdates: [], sectionUpdates: [], deletions: [] };

const messages = [
  message('run-a', 'COMPACTION_RUN', { run_id: 'a', image_id: 'img1', receipt_id: 1 }),
  message('run-b', 'COMPACTION_RUN', { run_id: 'b', image_id: 'img2', receipt_id: 1 }),
  message('place-1', 'RECEIPT_PLACE', { image_id: 'img1', receipt_id: 1 }),
  message('place-2', 'RECEIPT_PLACE', { image_id: 'img1', receipt_id: 2 }),
  message('label-1', 'RECEIPT_WORD_LABEL', { image_id: 'img1', receipt_id: 2, line_id: 1, word_id: 1, label: 'DATE' }),
  message('label-2', 'RECEIPT_WORD_LABEL', { image_id: 'img2', receipt_id: 1, line_id: 1, word_id: 1, label: 'DATE' }),
  message('word-remove', 'RECEIPT_WORD', { image_id: 'img1', receipt_id: 3, line_id: 4, word_id: 5 }),
];

describe('failure → batchItemFailures mapping (§3.10)', () => {
  it('fails nothing when no result has an error', () => {
    expect(failedRecordIds(none, messages)).toEqual([]);
  });

  it('a failed delta merge fails exactly its own record_id', () => {
    const results = {
      ...none,
      deltaMerges: [
        { run_id: 'a', image_id: 'img1', receipt_id: 1, merged_count: 0, error: 'delta download failed: x', record_id: 'run-a' },
        { run_id: 'b', image_id: 'img2', receipt_id: 1, merged_count: 3, error: null, record_id: 'run-b' },
      ],
    };
    expect(failedRecordIds(results, messages)).toEqual(['run-a']);
  });

  it('a failed place or section result fails every message of that (image_id, receipt_id), runs included', () => {
    const place = { ...none, placeUpdates: [{ kind: 'place' as const, image_id: 'img1', receipt_id: 1, updated: 0, error: 'boom' }] };
    expect(failedRecordIds(place, messages)).toEqual(['run-a', 'place-1']);
    const section = { ...none, sectionUpdates: [{ kind: 'section' as const, image_id: 'img1', receipt_id: 2, updated: 0, error: 'boom' }] };
    expect(failedRecordIds(section, messages)).toEqual(['place-2', 'label-1']);
  });

  it('a failed label result fails every message with a word_id of the same image (the IMAGE# prefix match)', () => {
    const results = { ...none, labelUpdates: [{ chroma_id: 'IMAGE#img1#RECEIPT#00002#LINE#00001#WORD#00001', updated: 0, error: 'boom' }] };
    expect(failedRecordIds(results, messages)).toEqual(['label-1', 'word-remove']);
  });

  it('deletion errors fail no message', () => {
    const results = { ...none, deletions: [{ entity_type: 'RECEIPT_WORD', image_id: 'img1', receipt_id: 3, deleted: 0, error: 'boom' }] };
    expect(failedRecordIds(results, messages)).toEqual([]);
  });

  it('lists each failed id once', () => {
    const results = {
      ...none,
      placeUpdates: [{ kind: 'place' as const, image_id: 'img1', receipt_id: 1, updated: 0, error: 'boom' }],
      deltaMerges: [{ run_id: 'a', image_id: 'img1', receipt_id: 1, merged_count: 0, error: 'x', record_id: 'run-a' }],
    };
    expect(failedRecordIds(results, messages)).toEqual(['run-a', 'place-1']);
    expect(allRecordIds([...messages, messages[0]!])).toHaveLength(messages.length);
  });
});
