/**
 * Measures the snapshot round trip of the SQLite-backed Chroma store on a MemoryFileSystem inside a
 * simulation: store → close → packDirectory → extractArchive → open → checkStoreIntegrity, for a
 * receipt-sized collection and a large one. Prints bytes, wall milliseconds and simulation steps per
 * phase (each phase is its own `sim.run`, timed from outside the run).
 *
 *   npx tsx scripts/measureChromaRoundTrip.ts [records...] [--dimensions N]
 */
import { SqliteVectorStoreProvider } from '../src/adapters/chroma/sqliteVectorStore.js';
import { checkStoreIntegrity } from '../src/adapters/chroma/storeIntegrity.js';
import { SimulatedClock } from '../src/adapters/memory/clock.js';
import { MemoryFileSystem } from '../src/adapters/memory/fs/memoryFileSystem.js';
import { SimulatedTasks } from '../src/adapters/memory/tasks.js';
import type { VectorRecord, VectorStore } from '../src/ports/vectorStore.js';
import { extractArchive, packDirectory } from '../src/pipeline/archive/directoryArchive.js';
import { deterministicEmbedding } from '../src/pipeline/embedding/deterministicEmbedding.js';
import { createSimulation } from '../src/sim/createSimulation.js';

const args = process.argv.slice(2);
const dimensionsAt = args.indexOf('--dimensions');
const dimensions = dimensionsAt === -1 ? 16 : Number(args[dimensionsAt + 1]);
const sizes = args.filter((a, i) => i !== dimensionsAt && i !== dimensionsAt + 1).map(Number);

function words(count: number): VectorRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const text = `word-${i}`;
    return {
      id: `IMAGE#0c6f3b2a-1d2e-4f5a-8b9c-0d1e2f3a4b5c#RECEIPT#${String(Math.floor(i / 60) + 1).padStart(5, '0')}#LINE#${String(Math.floor((i % 60) / 6) + 1).padStart(5, '0')}#WORD#${String((i % 6) + 1).padStart(5, '0')}`,
      embedding: deterministicEmbedding(text, dimensions),
      document: text,
      metadata: { image_id: '0c6f3b2a-1d2e-4f5a-8b9c-0d1e2f3a4b5c', receipt_id: Math.floor(i / 60) + 1, line_id: Math.floor((i % 60) / 6) + 1, word_id: (i % 6) + 1, text, x: 0.5, y: 0.25, confidence: 0.98, merchant_name: 'Shop', label_status: 'NONE' },
    };
  });
}

async function measure(count: number): Promise<void> {
  const sim = createSimulation({ seed: 1, strategy: 'random', epochMs: Date.UTC(2025, 10, 14, 12) });
  const tasks = new SimulatedTasks(sim);
  const clock = new SimulatedClock(sim);
  const fs = new MemoryFileSystem(sim, { name: 'tmp', directories: ['/tmp'] });
  const provider = new SqliteVectorStoreProvider({ tasks, clock });
  const records = words(count);
  const rows: string[] = [];
  let store: VectorStore | undefined;
  let tarball = new Uint8Array();

  const phase = async (name: string, body: () => Promise<string>): Promise<void> => {
    let note = '';
    const steps = sim.trace.length;
    const virtual = sim.now;
    sim.spawn(name, async () => {
      note = await body();
    });
    const started = performance.now();
    await sim.run(Infinity);
    const ms = performance.now() - started;
    rows.push(`  ${name.padEnd(8)} ${ms.toFixed(1).padStart(8)} ms  ${String(sim.trace.length - steps).padStart(6)} steps  ${(sim.now - virtual).toFixed(0).padStart(6)} virtual ms  ${note}`);
  };

  await phase('store', async () => {
    store = await provider.open(fs, '/tmp/chroma');
    const collection = await store.getOrCreateCollection('words');
    for (let i = 0; i < records.length; i += 250) await collection.upsert(records.slice(i, i + 250));
    return `${records.length} records in batches of 250`;
  });
  await phase('close', async () => {
    await store!.close();
    const files = fs.snapshotFiles('/tmp/chroma');
    return [...files].map(([path, data]) => `${path.replace(/^[0-9a-f-]{36}\//, '<id>/')} ${data.length} B`).join(', ');
  });
  await phase('pack', async () => {
    tarball = await packDirectory(fs, '/tmp/chroma', clock.now());
    return `tar.gz ${tarball.length} B`;
  });
  await phase('extract', async () => `${(await extractArchive(fs, tarball, '/tmp/extracted')).length} files`);
  await phase('open', async () => {
    store = await provider.open(fs, '/tmp/extracted', { readOnly: true });
    const count = await (await store.getCollection('words'))!.count();
    await store.close();
    return `${count} records`;
  });
  await phase('check', async () => JSON.stringify(await checkStoreIntegrity(fs, '/tmp/extracted')));
  console.log(`${count} records, ${dimensions} dimensions:\n${rows.join('\n')}`);
}

for (const count of sizes.length > 0 ? sizes : [60, 10_000]) await measure(count);
