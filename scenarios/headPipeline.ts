import { modestPipelineFaults, pipelineScenario } from '../src/harness/world/pipelineScenario.js';
import { headProfile } from '../src/harness/profiles.js';

/** The head profile's whole pipeline: 3 receipts uploaded at once, modest faults. */
export const headPipeline = pipelineScenario(headProfile, {
  name: 'head-pipeline',
  summary: 'head profile (2026): 3 receipts through ingest, Standard queues, single-lock compaction, async LLM validation; modest faults',
  faults: modestPipelineFaults,
  expectation: { kind: 'holds' },
});
