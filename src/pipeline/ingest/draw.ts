/**
 * An injected integer source: `draw(arity)` returns an integer in [0, arity). The harness passes the
 * simulation's choice source (kind `workload` for generated receipts, `service` for the stand-ins of
 * external services), so every decision is recorded, replayed and shrunk; value 0 is always the least
 * eventful answer.
 */
export type Draw = (arity: number) => number;

const resolution = 1_000_000;

/** True with probability `rate`. Rates 0 and 1 draw nothing; otherwise value 0 means "no". */
export function chance(draw: Draw, rate: number): boolean {
  if (rate <= 0) return false;
  if (rate >= 1) return true;
  return draw(resolution) >= Math.round((1 - rate) * resolution);
}

/** One of `items` (value 0 = the first). */
export function pick<T>(draw: Draw, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError('pick from an empty list');
  return items[draw(items.length)]!;
}

/** An integer in [low, high] (value 0 = `low`). */
export function between(draw: Draw, low: number, high: number): number {
  return low + draw(high - low + 1);
}
