import type { Violation } from '../harness/scenario.js';
import { parseLockTimestamp } from '../pipeline/entities/compactionLock.js';
import type { TraceEntry } from '../sim/trace.js';
import { text } from './dynamoState.js';
import type { PipelineInspection } from './pipelineInspection.js';
import { causalChain, detailText, stepList } from './traceSteps.js';

/**
 * `liveness` (design.md "Invariants", spec §7 "every message is either processed or ends in a DLQ"):
 * - the run reached quiescence (ended idle: no running invocation, no timer but idle pollers) within its
 *   horizon (48 virtual hours by default);
 * - then no message is visible, in flight or delayed in a queue other than a DLQ, and no stream record is
 *   pending in the stream mapping;
 * - no lock row is held then: a `COMPACTION_LOCK` whose `expires` lies after the end (lock expiry is
 *   logical, §1.1, so an expired row left behind is not held);
 * - no message was lost without reaching a DLQ: every SQS message sent ends deleted or in a dead-letter
 *   queue (its lifecycle events in the trace); retention expiry counts as lost; and no stream record was
 *   discarded (retries exhausted or too old, §2.1: no on-failure destination).
 */
const name = 'liveness';

export function checkLiveness(inspection: PipelineInspection): Violation[] {
  return [...quiescence(inspection), ...heldLocks(inspection), ...lostMessages(inspection.trace), ...discardedRecords(inspection.trace)];
}

function quiescence(inspection: PipelineInspection): Violation[] {
  const { trace, end } = inspection;
  const violations: Violation[] = [];
  const expected = 'idle within the horizon: every queue outside the DLQs drained, no pending stream record';
  for (const queue of inspection.queues) {
    const left = queue.visible + queue.inFlight + queue.delayed;
    if (queue.deadLetter || left === 0) continue;
    const last = trace.findLast((e) => e.detail?.queue === queue.name);
    violations.push({
      invariant: name,
      entity: `queue ${queue.name}`,
      expected,
      actual: `${end}; ${queue.visible} visible, ${queue.inFlight} in flight, ${queue.delayed} delayed`,
      steps: last === undefined ? [] : causalChain(trace, last.step, 4),
    });
  }
  if (inspection.pendingStreamRecords > 0) {
    violations.push({ invariant: name, entity: 'stream mapping', expected, actual: `${end}; ${inspection.pendingStreamRecords} stream records pending`, steps: [] });
  }
  if (end !== 'idle' && violations.length === 0) {
    const last = trace.at(-1)?.step;
    violations.push({ invariant: name, entity: 'pipeline', expected, actual: `stopped at the ${inspection.horizonMs / 3_600_000} h horizon while still busy`, steps: stepList(last) });
  }
  return violations;
}

function heldLocks(inspection: PipelineInspection): Violation[] {
  const nowMicros = (inspection.epochMs + inspection.nowMs) * 1000;
  return inspection.items.flatMap((item): Violation[] => {
    if (item.TYPE !== 'COMPACTION_LOCK') return [];
    const expires = parseLockTimestamp(text(item, 'expires') ?? '');
    if (expires === undefined || expires <= nowMicros) return [];
    const entity = `${String(item.PK)}|${String(item.SK)}`;
    const lastWrite = inspection.trace.findLast((e) => e.op.startsWith('dynamodb.') && e.outcome === 'ok' && e.entities.includes(entity));
    return [
      {
        invariant: name,
        entity: `lock ${String(item.PK)}`,
        expected: 'no lock held once the pipeline is quiet',
        actual: `owner ${text(item, 'owner') ?? '?'} holds it until ${text(item, 'expires') ?? '?'}`,
        steps: lastWrite === undefined ? [] : causalChain(inspection.trace, lastWrite.step, 4),
      },
    ];
  });
}

/** Messages whose lifecycle ends expired (retention) or that never ended deleted or redriven to a DLQ. */
function lostMessages(trace: readonly TraceEntry[]): Violation[] {
  const last = new Map<string, { readonly type: string; readonly step: number; readonly sent: number; readonly queue: string | undefined }>();
  for (const entry of trace) {
    for (const event of entry.events) {
      if (event.machine !== 'sqsMessage' || event.type === 'deduplicated') continue;
      const previous = last.get(event.id);
      last.set(event.id, { type: event.type, step: entry.step, sent: previous?.sent ?? entry.step, queue: previous?.queue ?? detailText(entry, 'queue') });
    }
  }
  return [...last].flatMap(([id, fate]): Violation[] =>
    fate.type !== 'expired'
      ? []
      : [
          {
            invariant: name,
            entity: `message ${id}${fate.queue === undefined ? '' : ` (${fate.queue})`}`,
            expected: 'deleted after processing, or moved to a DLQ',
            actual: `expired by retention at step ${fate.step}`,
            steps: stepList(fate.sent, fate.step),
          },
        ],
  );
}

function discardedRecords(trace: readonly TraceEntry[]): Violation[] {
  return trace
    .filter((e) => e.op === 'esm.discard')
    .map((e) => {
      const ids = e.detail?.eventIDs;
      const count = Array.isArray(ids) ? ids.length : 1;
      return {
        invariant: name,
        entity: `stream records of ${e.entities.slice(0, 2).join(', ')}${e.entities.length > 2 ? ', …' : ''}`,
        expected: 'every stream record processed (there is no on-failure destination, §2.1)',
        actual: `${count} discarded (${detailText(e, 'reason') ?? '?'}) at step ${e.step}`,
        steps: causalChain(trace, e.step, 4),
      };
    });
}
