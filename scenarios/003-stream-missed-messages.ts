import { pipelineScenario } from '../src/harness/world/pipelineScenario.js';
import { seedOneCause } from './profileWith.js';

/**
 * Seed 003: "Stream processing: Delay or missed messages". The seed profile (closed clients) with late
 * stream records, shard rollovers and SendMessageBatch entries reported Failed. One receipt and no labels
 * written (`seedOneCause`), so that neither concurrent compactions (`003-concurrent-compactions`) nor the
 * label path (`001-labels-without-wait`) shows through.
 */
export const streamMissedMessages = {
  ...pipelineScenario(seedOneCause, {
    name: '003-stream-missed-messages',
    summary: 'seed profile with closed clients; one receipt; stream records arrive late and SendMessageBatch entries fail',
    faults: { 'stream.recordDelay': { rate: 0.3 }, 'stream.shardRollover': { rate: 0.05 }, 'sqs.sendFailure': { rate: 0.1, always: true } },
    expectation: { kind: 'holds' },
    mechanism:
      'Late stream records and shard rollovers only delay or reorder messages: the records of one item keep their order (§2.1), a run INSERT sends its two messages whenever it is processed (§8.2), and a late or repeated run message merges the same delta again idempotently (§3.5 step 6). ' +
      "A SendMessageBatch entry reported Failed is only logged in the seed era (§8.2; head raises and the stream batch is retried, §2.7), so that collection's run message is lost: the delta is never merged and the run stays PENDING with nothing to retry it. " +
      'No invariant reports that (noLostUpdates judges COMPLETED runs, liveness only messages that were sent), and no snapshot is built from anything torn, so the scenario holds. ' +
      'The mutant `saveLabels=true` writes labels that no message carries to Chroma (§8.2, §8.6), breaking convergence.',
    configure: (builder) => builder.receipts(1),
  }),
  mutant: { flag: 'saveLabels', value: true, breaks: ['convergence'] },
};
