import { headProfile } from '../src/harness/profiles.js';
import { pipelineScenario } from '../src/harness/world/pipelineScenario.js';

/** The head profile with skewed Lambda clocks: 5 receipts 20 s apart, so each collection publishes enough versions for the cleanup to matter. */
export const headClockSkew = pipelineScenario(headProfile, {
  name: 'head-clock-skew',
  summary: 'head profile (2026): 5 receipts 20 s apart on Lambda containers whose clocks are off by up to ±90 s',
  faults: { 'clock.skew': { rate: 0.5, always: true } },
  expectation: { kind: 'violates', invariants: ['snapshotIntegrity', 'convergence', 'modelConformance'] },
  mechanism:
    "Every Lambda container's clock is off by up to ±90 s, and the head version id `YYYYmmdd_HHMMSS_ffffff_{8 hex}` comes from the uploading container's clock (§5.1). " +
    "After promoting, `upload_snapshot_atomic` lists the versions, sorts their names descending and deletes all but the 4 newest, without looking at the pointer (§5.2 step 6): once containers whose clocks run ahead have written 4 later-named versions, a version just promoted by a container whose clock runs behind is deleted while the pointer names it (in seed 9 by the promoting compactor's own cleanup, 0.4 s after its pointer put). " +
    'Every later download of that version finds no `snapshot.tar.gz` and an empty listing; the error does not mention NoSuchKey, so §5.3 step 3 does not re-initialise, and each cycle of the collection fails all its messages (§3.4 step 4; snapshotIntegrity). ' +
    'The same skew lets a container whose clock runs ahead take over a lease that is still live in true time, since `expires < :now` compares the clocks of two hosts (§4.1; modelConformance). ' +
    'Convergence, in most seeds and in the committed witness, is the head label path of `head-label-validation-before-merge` (§3.7, §6.2).',
  configure: (builder) => builder.receipts(5).uploadSpacingMs(20_000),
});
