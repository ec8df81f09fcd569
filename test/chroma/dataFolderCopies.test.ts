import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChromaClient } from 'chromadb';
import { afterEach, describe, expect, it } from 'vitest';
import { type ChromaServer, startChroma } from './chromaProcess.js';
import { type CopyVerdict, copyFolder, judgeCopy } from './folderCopies.js';
import { startLiveWriter } from './liveWriter.js';

/**
 * Spec §3.12: a persistent Chroma folder is safe to copy only after the client released it. These start
 * their own Chroma servers on a folder on disk (not tmpfs: Chroma's writes then take long enough to be
 * caught half-way) and copy it with fs.cpSync.
 */
const rounds = 3;
const copiesPerStop = 2;
const liveCopies = 60;

let root: string;
let server: ChromaServer | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
  rmSync(root, { recursive: true, force: true });
});

function embedding(i: number): number[] {
  return [i, i / 3, -i, 1 / (i + 1)];
}

describe('copies of a real Chroma data folder', () => {
  it(`taken after a clean stop (SIGTERM) pass quick_check and hold every record: ${rounds} stops × ${copiesPerStop} copies`, async () => {
    root = mkdtempSync(join(tmpdir(), 'receipt-sim-chroma-copies-'));
    const data = join(root, 'data');
    const verdicts: CopyVerdict[] = [];
    for (let round = 0; round < rounds; round++) {
      server = await startChroma(data);
      const client = new ChromaClient({ host: '127.0.0.1', port: server.port });
      const words = await client.getOrCreateCollection({ name: 'words', embeddingFunction: null });
      for (let batch = 0; batch < 8; batch++) {
        const ids = Array.from({ length: 50 }, (_, i) => `w${round}-${batch}-${i}`);
        await words.upsert({ ids, embeddings: ids.map((_, i) => embedding(i)), metadatas: ids.map(() => ({ round, batch })) });
      }
      await words.update({ ids: [`w${round}-0-0`], metadatas: [{ label: 'TOTAL' }] });
      await words.delete({ ids: [`w${round}-0-1`] });
      const count = await words.count();
      const exit = await server.stop();
      server = undefined;
      // `chroma run` has no SIGTERM handler: Node ends at once, between the transactions of answered requests.
      expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
      for (let copy = 0; copy < copiesPerStop; copy++) {
        const folder = join(root, `stopped-${round}-${copy}`);
        copyFolder(data, folder);
        const verdict = judgeCopy(folder);
        verdicts.push(verdict);
        expect(verdict, folder).toEqual({ asCopied: 'ok', journal: false, records: count });
      }
    }
    expect(verdicts).toHaveLength(rounds * copiesPerStop);
  });

  it(`taken while the server writes back to back are all checked, and their damaged share is reported (${liveCopies} copies)`, async () => {
    root = mkdtempSync(join(tmpdir(), 'receipt-sim-chroma-copies-'));
    const data = join(root, 'data');
    server = await startChroma(data);
    const writer = await startLiveWriter(server.port, 'live');
    const verdicts: CopyVerdict[] = [];
    let batches: number;
    let retakes = 0;
    try {
      for (let copy = 0; copy < liveCopies; copy++) {
        const folder = join(root, `live-${copy}`);
        retakes += copyFolder(data, folder) - 1;
        verdicts.push(judgeCopy(folder));
        rmSync(folder, { recursive: true, force: true });
        await sleep(copy % 7);
      }
    } finally {
      batches = await writer.stop();
    }
    const damaged = verdicts.filter((v) => v.asCopied !== 'ok');
    const withJournal = verdicts.filter((v) => v.journal);
    const damagedAfterRollback = verdicts.filter((v) => (v.afterRollback ?? v.asCopied) !== 'ok');
    const reports = [...new Set(damaged.map((v) => v.asCopied.split('\n')[0]))];
    console.log(
      `chroma live copies: ${damaged.length}/${verdicts.length} not sound as copied (read-only quick_check not ok, or SQLite refused), ` +
        `${withJournal.length}/${verdicts.length} caught a journal file, ${damagedAfterRollback.length}/${verdicts.length} still not sound after ` +
        `SQLite rolled the copied journal back; ${batches} batches of 50 upserts written meanwhile; ${retakes} copies retaken because ` +
        `the journal vanished mid-copy; reports: ${JSON.stringify(reports)}`,
    );
    expect(verdicts).toHaveLength(liveCopies);
    expect(batches).toBeGreaterThan(0);
  });
});
