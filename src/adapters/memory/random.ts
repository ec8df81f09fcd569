import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { Random } from '../../ports/random.js';

/**
 * Identifiers from a stream seeded by the run's seed, separate from the choice source: shrinking the
 * choices must not make two lock owners or two run ids equal. Calls happen in a deterministic order, so
 * the same run draws the same identifiers.
 */
export class SeededRandom implements Random {
  private readonly rng;

  constructor(seed: number) {
    this.rng = xoroshiro128plus((seed ^ 0x5bd1e995) >>> 0);
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) out += uniformInt(this.rng, 0, 0xffff).toString(16).padStart(4, '0');
    return out.slice(0, length);
  }

  uuid(): string {
    const h = this.hex(32);
    const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}
