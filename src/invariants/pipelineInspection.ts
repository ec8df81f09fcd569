import type { BucketEntry } from '../adapters/memory/s3/versionedBucket.js';
import type { Era } from '../pipeline/config/flags.js';
import type { Item } from '../ports/values.js';
import type { RunEnd } from '../sim/scheduler.js';
import type { TraceEntry } from '../sim/trace.js';

/**
 * Everything the pipeline checkers look at once a run stopped, as plain data and read-only views, so that
 * each checker is a pure function of one inspection (a test can build or doctor one): the trace, the
 * table's items now, the vectors bucket (every version and delete marker ever written, with bodies), the
 * queues now, and the stream mapping's backlog.
 */
export interface BucketView {
  readonly bucket: string;
  /** Every version and delete marker ever written under `key`, oldest first. */
  versions(key: string): readonly BucketEntry[];
}

export interface QueueInspection {
  readonly name: string;
  readonly deadLetter: boolean;
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
  /** Ids of the messages the queue holds now (any state). */
  readonly messageIds: readonly string[];
}

export interface PipelineInspection {
  readonly era: Era;
  readonly end: RunEnd;
  readonly horizonMs: number;
  /** Wall-clock epoch milliseconds of virtual time 0, and the virtual time the run stopped at. */
  readonly epochMs: number;
  readonly nowMs: number;
  readonly trace: readonly TraceEntry[];
  /** The table's current items. */
  readonly items: readonly Item[];
  readonly bucket: BucketView;
  readonly queues: readonly QueueInspection[];
  /** Stream records taken into the stream mapping and neither processed nor discarded. */
  readonly pendingStreamRecords: number;
}
