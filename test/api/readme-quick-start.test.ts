// The README's quick start, run as it stands: every ```sh block of its "Quick start" section, in order,
// in one bash session, against the real stack (Temporal dev server, PostgreSQL, a worker and the API).
// The seed line runs the real `npm run seed -- --env` against this test's own database, with the API
// port of this test's server, exactly as a reader would against `npm start`.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createLogger } from '../../platform/logger';
import { type ApplicationDatabase, createApplicationDatabase } from '../support/scratch-database';
import { startTestSystem, type TestSystem } from '../support/test-system';

const root = path.resolve(__dirname, '../..');
let database: ApplicationDatabase;
let system: TestSystem;

beforeAll(async () => {
  database = await createApplicationDatabase('allianceflow_readme', createLogger('readme-test', 'warn'));
  system = await startTestSystem({ databaseUrl: database.url });
});
afterAll(async () => {
  await system?.stop();
  await database?.drop();
});

/** The ```sh blocks of the README section whose heading starts with "Quick start". */
export function quickStartBlocks(readme: string): string[] {
  const start = readme.search(/^## Quick start/m);
  if (start < 0) throw new Error('README has no "## Quick start" section');
  const rest = readme.slice(start + 3);
  const end = rest.search(/^## /m);
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

test('the README quick start walks an agreement through launch, signatures and its audit trail', async () => {
  const blocks = quickStartBlocks(readFileSync(path.join(root, 'README.md'), 'utf8'));
  expect(blocks.length).toBeGreaterThanOrEqual(4);
  const script = ['set -euo pipefail', ...blocks].join('\n');
  const port = new URL(system.baseUrl).port;
  // Asynchronously: the API under test answers from this very process.
  const { stdout: output } = await promisify(execFile)('bash', ['-c', script], {
    cwd: root,
    env: {
      ...process.env,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: port,
      DATABASE_URL: database.url,
      MIGRATION_DATABASE_URL: database.ownerUrl,
      LOG_LEVEL: 'warn',
    },
    timeout: 150_000,
  });
  process.stdout.write(`README quick start output:\n${output}`);
  expect(output).toMatch(/^launched agreement [0-9a-f-]{36}$/m);
  expect(output).toMatch(/^agreement [0-9a-f-]{36} is effective$/m);
  expect(output).toMatch(/"valid":true/);
});
