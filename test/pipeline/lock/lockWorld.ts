import { fixedLatencies } from '../../../src/sim/latency.js';
import { SimulatedClock } from '../../../src/adapters/memory/clock.js';
import { MemoryStream } from '../../../src/adapters/memory/dynamodb/memoryStream.js';
import { MemoryTable } from '../../../src/adapters/memory/dynamodb/memoryTable.js';
import { SeededRandom } from '../../../src/adapters/memory/random.js';
import { SimulatedTasks } from '../../../src/adapters/memory/tasks.js';
import { type ChromaCollection, parseLockTimestamp } from '../../../src/pipeline/entities/compactionLock.js';
import { LockManager } from '../../../src/pipeline/lock/lockManager.js';
import type { LockPorts, LogValue } from '../../../src/pipeline/lock/lockPorts.js';
import { type LockSettings, productionLockSettings } from '../../../src/pipeline/lock/lockSettings.js';
import type { Clock } from '../../../src/ports/clock.js';
import type { StreamEventName } from '../../../src/ports/stream.js';
import type { TableKey } from '../../../src/ports/table.js';
import type { Item } from '../../../src/ports/values.js';
import { type RunSetup, createSimulation } from '../../../src/sim/createSimulation.js';
import type { Simulation } from '../../../src/sim/simulation.js';
import { testEpochMs } from '../../support/simulate.js';

/** Every change of a lock row, from the table's stream, at the virtual time the write took effect. */
export interface RowChange {
  readonly t: number;
  readonly event: StreamEventName;
  readonly pk: string;
  readonly sk: string;
  readonly oldImage?: Item;
  readonly newImage?: Item;
}

export interface LogLine {
  readonly t: number;
  readonly actor: string;
  readonly event: string;
  readonly fields: Readonly<Record<string, LogValue>>;
}

export interface LockWorld {
  readonly sim: Simulation;
  readonly table: MemoryTable;
  readonly clock: SimulatedClock;
  readonly ports: LockPorts;
  readonly history: RowChange[];
  readonly logs: LogLine[];
  manager(settings?: LockSettings, collection?: ChromaCollection, clock?: Clock): LockManager;
}

export function lockWorld(sim: Simulation): LockWorld {
  const stream = new MemoryStream(sim);
  const table = new MemoryTable(sim, { name: 'receipts', streams: stream });
  const history: RowChange[] = [];
  stream.subscribe(({ record, appendedAt }) =>
    history.push({
      t: appendedAt,
      event: record.eventName,
      pk: record.keys.PK,
      sk: record.keys.SK,
      oldImage: record.oldImage,
      newImage: record.newImage,
    }),
  );
  const logs: LogLine[] = [];
  const clock = new SimulatedClock(sim);
  const ports: LockPorts = {
    table,
    clock,
    random: new SeededRandom(sim.seed),
    tasks: new SimulatedTasks(sim),
    log: (event, fields) => logs.push({ t: sim.now, actor: sim.current?.name ?? '(scheduler)', event, fields }),
  };
  return {
    sim,
    table,
    clock,
    ports,
    history,
    logs,
    manager: (settings = productionLockSettings, collection = 'lines', managerClock = clock) =>
      new LockManager({ ...ports, clock: managerClock }, collection, settings),
  };
}

export interface Host<World> {
  readonly name: string;
  readonly clockSkewMs?: number;
  readonly body: (world: World) => Promise<void>;
}

/** Runs several host actors in one fresh simulation to idle; the first error of any host fails the run. */
export async function runHosts<World>(
  setup: Partial<RunSetup>,
  build: (sim: Simulation) => World,
  hosts: (world: World) => readonly Host<World>[],
): Promise<World> {
  const sim = createSimulation({ seed: 1, strategy: 'random', epochMs: testEpochMs, ...setup });
  const world = build(sim);
  const failures: unknown[] = [];
  for (const host of hosts(world)) {
    sim.spawn(host.name, () => host.body(world), { clockSkewMs: host.clockSkewMs ?? 0, onError: (error) => failures.push(error) });
  }
  await sim.run(48 * 3600 * 1000);
  if (failures.length > 0) throw failures[0];
  return world;
}

/** Wall-clock microseconds of a virtual time, as `parseLockTimestamp` returns them. */
export const wallMicros = (t: number): number => Math.round((testEpochMs + t) * 1000);

export function expiresMicros(image: Item | undefined): number {
  const expires = image?.expires;
  if (typeof expires !== 'string') throw new Error('row without expires');
  return parseLockTimestamp(expires)!;
}

/** A clock whose sleeps are recorded: the backoff delays a protocol asked for. */
export class RecordingClock implements Clock {
  readonly sleeps: number[] = [];

  constructor(private readonly inner: Clock) {}

  now(): number {
    return this.inner.now();
  }

  nowIso(): string {
    return this.inner.nowIso();
  }

  sleep(milliseconds: number): Promise<void> {
    this.sleeps.push(milliseconds);
    return this.inner.sleep(milliseconds);
  }
}

/** A clock whose `n`-th sleep (1-based) lasts `pauseMs` longer: the host froze during it. */
export class PausingClock extends RecordingClock {
  constructor(
    inner: Clock,
    private readonly pausedSleep: number,
    private readonly pauseMs: number,
  ) {
    super(inner);
  }

  override sleep(milliseconds: number): Promise<void> {
    const extra = this.sleeps.length + 1 === this.pausedSleep ? this.pauseMs : 0;
    return super.sleep(milliseconds + extra);
  }
}

/** Latencies of zero, so virtual elapsed times equal the protocol's own sleeps. */
export const zeroLatencies = fixedLatencies(0);

export interface Lease {
  readonly owner: string;
  readonly startMicros: number;
  readonly endMicros: number;
}

/**
 * The leases the row's history grants: each write that installs a new owner starts one; it lasts until
 * the newest expiry that owner wrote, or until the row is deleted (released). A takeover does not end
 * the previous lease: its holder still believes in it until its expiry.
 */
export function leasesOf(history: readonly RowChange[], key: TableKey): Lease[] {
  const leases: { owner: string; startMicros: number; endMicros: number }[] = [];
  for (const change of history.filter((c) => c.pk === key.PK && c.sk === key.SK)) {
    const current = leases.at(-1);
    const owner = change.newImage?.owner;
    if (typeof owner !== 'string') {
      if (current !== undefined) current.endMicros = Math.min(current.endMicros, wallMicros(change.t));
      continue;
    }
    if (current?.owner === owner) current.endMicros = expiresMicros(change.newImage);
    else leases.push({ owner, startMicros: wallMicros(change.t), endMicros: expiresMicros(change.newImage) });
  }
  return leases;
}

export function overlaps(leases: readonly Lease[]): [Lease, Lease][] {
  const found: [Lease, Lease][] = [];
  for (let i = 1; i < leases.length; i++) if (leases[i]!.startMicros < leases[i - 1]!.endMicros) found.push([leases[i - 1]!, leases[i]!]);
  return found;
}
