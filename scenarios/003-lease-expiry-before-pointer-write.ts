import { headProfile } from '../src/harness/profiles.js';
import { pipelineScenario } from '../src/harness/world/pipelineScenario.js';

/**
 * Seed 003, step 5: "Atomically update pointer (with lock validation): Under lock, verify pointer hasn't
 * changed, then update pointer atomically"; spec §7: "Lock lease expiry between the ownership check and the
 * pointer write". The head profile's single lock and blind pointer put, with every host's clock skewed,
 * stalling hosts (heartbeats included) and stale ownership reads, four receipts 5 s apart.
 */
export const leaseExpiryBeforePointerWrite = pipelineScenario(headProfile, {
  name: '003-lease-expiry-before-pointer-write',
  summary: 'head profile: the lease of a compactor lapses after its last ownership check and before its unconditional pointer put',
  faults: { 'clock.skew': { rate: 1, always: true }, 'process.pause': { rate: 0.06, always: true }, 'dynamodb.staleWindow': { rate: 0.2 } },
  expectation: { kind: 'violates', invariants: ['noLostUpdates', 'modelConformance', 'liveness'] },
  mechanism:
    'The head compactor holds `chroma-{c}-compaction` from download to promotion with a heartbeat every 30 s on a 3 min lease, checks ownership with an eventually consistent GetItem before and after the upload, and then puts the pointer unconditionally (§3.4, §4.2, §4.3, §5.2 steps 1, 4, 5). ' +
    "Neither check fences the put: with every host's clock skewed, an acquire compares `expires < :now` on the acquirer's clock (§4.1), so a container whose clock runs ahead of the holder's takes over a lease that is still live, and a stalled holder (heartbeat task included) can outlive its lease between its last check and its put. " +
    "The dispossessed holder's heartbeat is a full PUT whose only condition is that the row exists (§4.2), so it writes its own owner back: in the witness compaction~14 takes the lease at 1401.6 s, 117 s after compaction~12's last heartbeat, and compaction~12's next heartbeat at 1404.7 s rewrites the row (modelConformance); compaction~12 then passes its ownership check, promotes and deletes the row, and compaction~14's heartbeats fail. " +
    "When both holders download the same pointer and both put it, the later put drops the other's merge although its runs are COMPLETED (noLostUpdates). " +
    'Stalls can also stretch a cycle past the 900 s function timeout; the invocation is killed holding the lock, and its last heartbeat keeps the row live past the end of the run, since expiry is only logical (§1.1; liveness).',
  configure: (builder) => builder.llmRates({ labelPerWord: 0 }).receipts(4).uploadSpacingMs(5_000),
});
