// `prisma generate`, offline. Prisma's CLI first tries to download its schema-engine binary even though
// generation itself runs in WebAssembly; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing
// executable (here: node itself) skips that download.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const projectRoot = path.resolve(__dirname, '..');
const prismaCli = path.join(projectRoot, 'node_modules', 'prisma', 'build', 'index.js');

const result = spawnSync(process.execPath, [prismaCli, 'generate'], {
  cwd: projectRoot,
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
});
process.exit(result.status ?? 1);
