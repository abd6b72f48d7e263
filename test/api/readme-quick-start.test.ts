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

/** The ```sh blocks of the README section whose heading starts with `heading`. */
export function sectionBlocks(readme: string, heading: string): string[] {
  const start = readme.indexOf(`\n## ${heading}`);
  if (start < 0) throw new Error(`README has no "## ${heading}" section`);
  const rest = readme.slice(start + 4);
  const end = rest.search(/^## /m);
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

/** The agreement quick start's blocks (the first loads the seed's variables, which the other walk-throughs use). */
export function quickStartBlocks(readme: string): string[] {
  return sectionBlocks(readme, 'Quick start: an agreement');
}

/** Runs the blocks in one bash session against this test's stack, as a reader would against `npm start`. */
async function runBlocks(blocks: string[]): Promise<string> {
  const script = ['set -euo pipefail', ...blocks].join('\n');
  const port = new URL(system.baseUrl).port;
  // Asynchronously: the API under test answers from this very process.
  const { stdout } = await promisify(execFile)('bash', ['-c', script], {
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
  return stdout;
}

const readme = () => readFileSync(path.join(root, 'README.md'), 'utf8');

test('the README quick start walks an agreement through launch, signatures and its audit trail', async () => {
  const blocks = quickStartBlocks(readme());
  expect(blocks.length).toBeGreaterThanOrEqual(4);
  const output = await runBlocks(blocks);
  process.stdout.write(`README quick start output:\n${output}`);
  expect(output).toMatch(/^launched agreement [0-9a-f-]{36}$/m);
  expect(output).toMatch(/^agreement [0-9a-f-]{36} is effective$/m);
  expect(output).toMatch(/"valid":true/);
});

test('the README placement walk-through offers, accepts, signs and logs a week', async () => {
  const [seedBlock] = quickStartBlocks(readme());
  const blocks = sectionBlocks(readme(), 'Quick start: a placement');
  expect(blocks.length).toBeGreaterThanOrEqual(3);
  const output = await runBlocks([seedBlock!, ...blocks]);
  process.stdout.write(`README placement walk-through output:\n${output}`);
  expect(output).toMatch(/^offered placement [0-9a-f-]{36} \(tripartite agreement [0-9a-f-]{36}\)$/m);
  expect(output).toMatch(/^\{"partyId":"student","status":"effective"\}$/m);
  expect(output).toMatch(/^placement [0-9a-f-]{36} is active$/m);
  expect(output).toMatch(/^\{"status":"active","checkIns":1\}$/m);
});

test('the README certification walk-through applies, reviews in two stages and verifies the certificate', async () => {
  const [seedBlock] = quickStartBlocks(readme());
  const blocks = sectionBlocks(readme(), 'Quick start: a certification');
  expect(blocks.length).toBeGreaterThanOrEqual(3);
  const output = await runBlocks([seedBlock!, ...blocks]);
  process.stdout.write(`README certification walk-through output:\n${output}`);
  expect(output).toMatch(/^applied: application [0-9a-f-]{36}$/m);
  expect(output).toMatch(/^certificate DTE-\d{4}-\d{6}$/m);
  expect(output).toMatch(/"status":"valid","proof":true/);
});
