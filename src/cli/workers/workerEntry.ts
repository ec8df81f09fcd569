import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UsageError } from '../../sim/errors.js';
import { buildId, packageRoot } from '../buildInfo.js';

/**
 * The file a seed worker thread runs. Compiled (dist/, as `bin/receipt-sim.js` runs) it is the .js file
 * beside this one. Running from the TypeScript sources (vitest, tsx) it is the compiled copy in dist/,
 * since Node 20 cannot load a .ts file in a worker; that copy must be built from these very sources (same
 * build id), or the workers would run other code than `--workers 1` and give other hashes and tokens.
 */
export function seedWorkerEntry(): URL {
  if (import.meta.url.endsWith('.js')) return new URL('./seedWorker.js', import.meta.url);
  const source = relative(packageRoot, fileURLToPath(new URL('./seedWorker.ts', import.meta.url)));
  const compiled = join(packageRoot, 'dist', source.replace(/\.ts$/, '.js'));
  const infoPath = join(packageRoot, 'dist', 'build-info.json');
  if (!existsSync(compiled) || !existsSync(infoPath)) {
    throw new UsageError(`--workers from the TypeScript sources runs the compiled worker ${compiled}, which is missing: run npm run build`);
  }
  const built = (JSON.parse(readFileSync(infoPath, 'utf8')) as { buildId: string }).buildId;
  if (built !== buildId()) {
    throw new UsageError(`--workers runs the worker compiled in ${join(packageRoot, 'dist')} (build ${built}), not these sources (build ${buildId()}): run npm run build`);
  }
  return pathToFileURL(compiled);
}
