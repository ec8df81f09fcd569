// Writes dist/build-info.json: the build id that run tokens carry (a hash of the sources that shape a trace).
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const folders = ['src', 'models', 'scenarios'];
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.ts') || name.endsWith('.json')) files.push(path);
  }
};
for (const folder of folders) {
  try {
    walk(join(root, folder));
  } catch {
    // a folder may not exist yet
  }
}
const hash = createHash('sha256');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
hash.update(`${pkg.name}@${pkg.version}\n`);
for (const file of files) hash.update(`${relative(root, file)}\n`).update(readFileSync(file));
mkdirSync(join(root, 'dist'), { recursive: true });
const buildId = `${pkg.version}-${hash.digest('hex').slice(0, 12)}`;
writeFileSync(join(root, 'dist', 'build-info.json'), JSON.stringify({ buildId }, null, 2) + '\n');
console.log(`build ${buildId}`);
