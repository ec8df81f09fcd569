import { describe, expect, it } from 'vitest';
import { InFlightWrites } from '../../../../src/adapters/memory/s3/inFlightWrites.js';

const live = { finished: false };

describe('InFlightWrites (409 ConditionalRequestConflict)', () => {
  it('reports a write to the same key issued earlier and not yet arrived', () => {
    const writes = new InFlightWrites();
    const earlier = writes.issue('pointer', live);
    const later = writes.issue('pointer', live);
    writes.arrive(later);
    expect(writes.earlierInFlight(later, 'pointer')).toBe(true);
    writes.arrive(earlier);
    expect(writes.earlierInFlight(later, 'pointer')).toBe(false);
  });

  it('ignores writes issued later, writes to other keys and writes that already arrived', () => {
    const writes = new InFlightWrites();
    writes.issue('other', live);
    const first = writes.issue('pointer', live);
    writes.issue('pointer', live);
    writes.arrive(first);
    expect(writes.earlierInFlight(first, 'pointer')).toBe(false);
  });

  it('forgets a write whose issuer was killed before the request arrived', () => {
    const writes = new InFlightWrites();
    const issuer = { finished: false };
    writes.issue('pointer', issuer);
    const later = writes.issue('pointer', live);
    writes.arrive(later);
    expect(writes.earlierInFlight(later, 'pointer')).toBe(true);
    issuer.finished = true;
    expect(writes.earlierInFlight(later, 'pointer')).toBe(false);
  });
});
