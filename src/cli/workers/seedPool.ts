import { Worker } from 'node:worker_threads';
import { HarnessError, UsageError } from '../../sim/errors.js';
import { type SeedOutcome, type SeedRunOptions, type SeedRunSummary, seedsOf, summariseSeeds } from '../seedRunner.js';
import type { SeedAssignment, SeedReport } from './messages.js';
import { seedWorkerEntry } from './workerEntry.js';

/**
 * Runs seeds on worker threads (`run --workers N`). Each worker runs one seed at a time with the same
 * `runSeed` as `--workers 1`, re-running a violating seed itself; its result is its request for the next
 * seed, so a slow seed holds up one thread only. Outcomes are put back in seed order, so the summary equals
 * the one thread's apart from timings and thread ids. Seeds are handed out in order and the budget is
 * checked before each, so a run cut short by its budget has run a prefix of its seeds, as on one thread.
 * The workers start on first use and serve every scenario of the command until `close`.
 */
export class SeedPool {
  private readonly workers: Worker[] = [];
  /** The run in progress: where the workers' reports and failures go. */
  private current: { readonly report: (worker: Worker, report: SeedReport) => void; readonly fail: (error: Error) => void } | undefined;
  /** A worker that failed while no run was in progress breaks the pool. */
  private broken: Error | undefined;
  private closing = false;

  constructor(private readonly size: number) {}

  async run(options: SeedRunOptions): Promise<SeedRunSummary> {
    if (this.broken !== undefined) throw this.broken;
    const started = performance.now();
    const seeds = seedsOf(options);
    const outcomes: SeedOutcome[] = [];
    const inFlight = new Map<Worker, number>();
    let next = 0;
    let done = 0;
    let violating = 0;
    let budgetExhausted = false;
    let lastProgress = started;
    const workers = this.start(Math.min(this.size, seeds.length));
    try {
      await new Promise<void>((resolve, reject) => {
        const assign = (worker: Worker): void => {
          if (next < seeds.length && options.budgetMs !== undefined && performance.now() - started >= options.budgetMs) budgetExhausted = true;
          if (next < seeds.length && !budgetExhausted) {
            const assignment: SeedAssignment = { scenario: options.scenario.name, flags: options.flags, strategy: options.strategy, seed: seeds[next]! };
            inFlight.set(worker, next++);
            worker.postMessage(assignment);
          }
          if (inFlight.size === 0) resolve();
        };
        this.current = {
          fail: reject,
          report: (worker, report) => {
            const index = inFlight.get(worker);
            inFlight.delete(worker);
            if (index === undefined) return;
            if (report.kind === 'error') {
              const message = `seed ${report.seed} on worker thread ${worker.threadId}: ${report.message}`;
              reject(report.name === 'UsageError' ? new UsageError(message) : new HarnessError(message));
              return;
            }
            outcomes[index] = report.outcome;
            done++;
            if (report.outcome.failure !== undefined) violating++;
            if (performance.now() - lastProgress > 100) {
              lastProgress = performance.now();
              options.onProgress?.({ done, total: seeds.length, violating, elapsedMs: lastProgress - started });
            }
            assign(worker);
          },
        };
        // Every worker gets its first seed at once, so with enough seeds each of them runs at least one.
        for (const worker of workers) assign(worker);
        if (workers.length === 0) resolve();
      });
    } finally {
      this.current = undefined;
    }
    return summariseSeeds(options, outcomes.slice(0, next), performance.now() - started, budgetExhausted);
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.splice(0).map((worker) => worker.terminate()));
  }

  private start(count: number): readonly Worker[] {
    if (count > this.workers.length) {
      const entry = seedWorkerEntry();
      while (this.workers.length < count) this.workers.push(this.spawn(entry));
    }
    return this.workers.slice(0, count);
  }

  private spawn(entry: URL): Worker {
    const worker = new Worker(entry);
    const id = worker.threadId;
    worker.on('message', (report: SeedReport) => this.current?.report(worker, report));
    worker.on('error', (error: Error) => this.fail(new HarnessError(`worker thread ${id} failed: ${error.message}`)));
    worker.on('exit', (code: number) => {
      const index = this.workers.indexOf(worker);
      if (index >= 0) this.workers.splice(index, 1);
      if (!this.closing) this.fail(new HarnessError(`worker thread ${id} exited with code ${code}`));
    });
    return worker;
  }

  private fail(error: Error): void {
    if (this.current === undefined) this.broken ??= error;
    else this.current.fail(error);
  }
}
