import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The build id carried by run tokens: the package version plus a hash of every source file that shapes a
 * trace (src, models, scenarios). Committed witnesses (`scenarios/witnesses`) are outputs, not sources:
 * they are left out, or writing one would change the build that made it. A compiled package reads the id
 * written at build time; running from sources computes it the same way.
 */
export const packageRoot = findPackageRoot(fileURLToPath(new URL('.', import.meta.url)));

function findPackageRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = join(dir, '..');
    if (parent === dir) throw new Error('package.json not found above ' + start);
    dir = parent;
  }
  return dir;
}

const witnessFolder = join('scenarios', 'witnesses');

export function computeBuildId(root: string = packageRoot): string {
  const files: string[] = [];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (relative(root, path) === witnessFolder) continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') || name.endsWith('.json')) files.push(path);
    }
  };
  for (const folder of ['src', 'models', 'scenarios']) walk(join(root, folder));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  const hash = createHash('sha256').update(`${pkg.name}@${pkg.version}\n`);
  for (const file of files) hash.update(`${relative(root, file)}\n`).update(readFileSync(file));
  return `${pkg.version}-${hash.digest('hex').slice(0, 12)}`;
}

let cached: string | undefined;

export function buildId(): string {
  if (cached !== undefined) return cached;
  const compiled = import.meta.url.includes('/dist/');
  const infoPath = join(packageRoot, 'dist', 'build-info.json');
  if (compiled && existsSync(infoPath)) {
    cached = (JSON.parse(readFileSync(infoPath, 'utf8')) as { buildId: string }).buildId;
  } else {
    cached = computeBuildId();
  }
  return cached;
}
