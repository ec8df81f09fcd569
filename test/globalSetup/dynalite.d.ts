/** The part of dynalite 4.0.0's API the global setup uses (the package ships no types). */
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    readonly createTableMs?: number;
    readonly deleteTableMs?: number;
    readonly updateTableMs?: number;
    /** LevelDB folder; in memory when absent. */
    readonly path?: string;
  }

  export default function dynalite(options?: DynaliteOptions): Server;
}
