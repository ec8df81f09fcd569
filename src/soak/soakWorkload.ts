import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import { generateOcrReceipt } from '../pipeline/ingest/generateOcrReceipt.js';
import type { OcrReceipt } from '../pipeline/ingest/ocrReceipt.js';
import type { UploadReceiptResult } from '../pipeline/ingest/ingestPorts.js';
import { seededDraw } from './soakServices.js';

/**
 * The seeded workload of a soak run: receipt n (generated from `--seed`, as the simulation generates
 * them) is uploaded at n · 60 000 / rate ms after the start, for the run's duration, without waiting for
 * earlier uploads; each upload is one invocation of the upload function. Uploads that have started are
 * awaited before `run` returns; none start after `stop`.
 */
export interface WorkloadSettings {
  readonly ratePerMinute: number;
  readonly durationMs: number;
  readonly seed: number;
}

export interface WorkloadStats {
  readonly started: number;
  readonly succeeded: number;
  readonly failed: number;
}

export type Upload = (receipt: OcrReceipt, index: number) => Promise<UploadReceiptResult | undefined>;

export class SoakWorkload {
  private startedCount = 0;
  private succeededCount = 0;
  private failedCount = 0;

  constructor(
    private readonly settings: WorkloadSettings,
    private readonly ids: Random,
    private readonly clock: Clock,
  ) {}

  stats(): WorkloadStats {
    return { started: this.startedCount, succeeded: this.succeededCount, failed: this.failedCount };
  }

  async run(upload: Upload, stop: AbortSignal): Promise<void> {
    const draw = seededDraw(this.settings.seed);
    const spacingMs = 60_000 / this.settings.ratePerMinute;
    const start = this.clock.now();
    const uploads: Promise<void>[] = [];
    for (let index = 0; !stop.aborted; index++) {
      const dueMs = index * spacingMs;
      if (dueMs >= this.settings.durationMs) break;
      const waitMs = start + dueMs - this.clock.now();
      if (waitMs > 0) await sleepUnlessStopped(this.clock, waitMs, stop);
      if (stop.aborted) break;
      const receipt = generateOcrReceipt(draw, { imageId: this.ids.uuid(), receiptId: 1 });
      this.startedCount++;
      uploads.push(
        upload(receipt, index + 1).then((result) => {
          if (result === undefined) this.failedCount++;
          else this.succeededCount++;
        }),
      );
    }
    const remainingMs = start + this.settings.durationMs - this.clock.now();
    if (remainingMs > 0 && !stop.aborted) await sleepUnlessStopped(this.clock, remainingMs, stop);
    await Promise.all(uploads);
  }
}

/** Sleeps in steps of at most a second so that a stop is noticed soon. */
export async function sleepUnlessStopped(clock: Clock, ms: number, stop: AbortSignal): Promise<void> {
  const until = clock.now() + ms;
  while (!stop.aborted) {
    const left = until - clock.now();
    if (left <= 0) return;
    await clock.sleep(Math.min(left, 1_000));
  }
}
