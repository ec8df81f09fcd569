import { ChromaClient } from 'chromadb';
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { packageRoot } from '../../src/cli/buildInfo.js';
import { type ChromaDifferentialRecord, chromaDifferentialFile } from '../../src/report/verdicts/chromaDifferential.js';
import { alignParsedFloats } from './floatParsing.js';
import { type Observed, observe } from './observe.js';
import { type Operation, sequence } from './operations.js';
import { ServerCollection } from './serverCollection.js';
import { observeStore } from './storeRun.js';

/**
 * The differential test of issue 5/7 item 3: the same random operation sequences go to a fresh collection
 * of a real Chroma server (started by test/globalSetup/chromaServer.ts) and to the SQLite-backed store,
 * and every observation must agree: refused or not, ids as sets, documents and metadata exactly (but
 * for Chroma's inexact float parsing, see floatParsing.ts), embeddings at float32 precision. `CHROMA_DIFF_RUNS` sets the number of sequences (default 200).
 * With `CHROMA_DIFF_RECORD=1` a passing run writes reports/chroma-differential.json, which `receipt-sim
 * verdicts` reads to stop marking the verdicts that rest on the Chroma model provisional.
 */
const runs = Number(process.env['CHROMA_DIFF_RUNS'] ?? 200);
const endpoint = `http://127.0.0.1:${inject('chromaPort')}`;

const tally = {
  sequences: 0,
  operations: 0,
  byKind: {} as Partial<Record<Operation['kind'], number>>,
  readsCompared: 0,
  whereReads: 0,
  whereReadsWithRecords: 0,
  refusalsAgreed: 0,
  orderDiffers: 0,
  floatsFewUlpsApart: 0,
  routes: { client: 0, http: 0 },
};

async function observeServer(client: ChromaClient, operations: readonly Operation[]): Promise<Observed[]> {
  const name = `differential-${tally.sequences}-${Date.now()}`;
  const created = await client.createCollection({ name, embeddingFunction: null });
  const collection = new ServerCollection(created, endpoint);
  try {
    return await observe(operations, { collection: () => collection, reopen: async () => undefined });
  } finally {
    tally.routes.client += collection.routes.client;
    tally.routes.http += collection.routes.http;
    await client.deleteCollection({ name });
  }
}

function compare(operations: readonly Operation[], server: readonly Observed[], store: readonly Observed[]): void {
  expect(store.length).toBe(server.length);
  server.forEach((expected, step) => {
    const actual = store[step]!;
    const operation = operations[step] ?? (step === operations.length ? 'final get of everything' : 'final count');
    const context = `step ${step} of ${JSON.stringify(operations)}\noperation ${JSON.stringify(operation)}\nserver: ${expected.reason ?? 'ok'}\nstore: ${actual.reason ?? 'ok'}`;
    const { store: observation, aligned } = alignParsedFloats(expected.observation, actual.observation);
    tally.floatsFewUlpsApart += aligned;
    expect(observation, context).toEqual(expected.observation);
    if (expected.observation.kind === 'read') {
      tally.readsCompared++;
      if (typeof operation === 'object' && operation.kind === 'get' && operation.request.where !== undefined) {
        tally.whereReads++;
        if (expected.observation.records.length > 0) tally.whereReadsWithRecords++;
      }
    }
    if (expected.observation.kind === 'refused') tally.refusalsAgreed++;
    if (expected.order !== undefined && JSON.stringify(expected.order) !== JSON.stringify(actual.order)) tally.orderDiffers++;
  });
}

function recordPass(): void {
  // chromadb's exports map does not expose its package.json.
  const chromadb = (JSON.parse(readFileSync(join(packageRoot, 'node_modules/chromadb/package.json'), 'utf8')) as { version: string }).version;
  const record: ChromaDifferentialRecord = { result: 'passed', sequences: tally.sequences, operations: tally.operations, chromadb };
  writeFileSync(join(packageRoot, chromaDifferentialFile), `${JSON.stringify(record, null, 2)}\n`);
}

describe('the SQLite-backed store against a real Chroma server', () => {
  afterAll(() => {
    console.log(`chroma differential: ${JSON.stringify(tally)}`);
  });

  it(
    `${runs} random sequences of upserts, updates, gets, where filters and deletes observe the same on both`,
    async () => {
      const client = new ChromaClient({ host: '127.0.0.1', port: inject('chromaPort') });
      await fc.assert(
        fc.asyncProperty(sequence, async (operations) => {
          tally.sequences++;
          tally.operations += operations.length;
          for (const operation of operations) tally.byKind[operation.kind] = (tally.byKind[operation.kind] ?? 0) + 1;
          const server = await observeServer(client, operations);
          const store = await observeStore(operations);
          compare(operations, server, store);
        }),
        { numRuns: runs },
      );
      if (process.env['CHROMA_DIFF_RECORD'] === '1') recordPass();
    },
    Math.max(120_000, runs * 1_000),
  );
});
