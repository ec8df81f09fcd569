// Writes dist/build-info.json with the build id that run tokens carry (see src/cli/buildInfo.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeBuildId, packageRoot } from '../dist/src/cli/buildInfo.js';

const buildId = computeBuildId();
mkdirSync(join(packageRoot, 'dist'), { recursive: true });
writeFileSync(join(packageRoot, 'dist', 'build-info.json'), JSON.stringify({ buildId }, null, 2) + '\n');
