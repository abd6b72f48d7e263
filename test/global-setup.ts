// One Temporal dev server, one fresh database and one workflow bundle for the whole test run. Test
// files reach them through the environment variables set here (jest's workers inherit them).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../platform/logger';
import { migrate } from '../platform/migrator';
import { locateTemporalCli } from '../platform/temporal-cli';
import { startTemporalDevServer } from '../platform/temporal-dev-server';
import { customSearchAttributes } from '../workflows/search-attributes';
import { buildWorkflowBundle } from '../platform/workflow-bundle';
import { freePort } from './support/free-port';
import { createScratchDatabase } from './support/scratch-database';
import { registerTestResources } from './support/test-resources';

export default async function globalSetup(): Promise<void> {
  const log = createLogger('test-setup', process.env.TEST_LOG_LEVEL ?? 'warn');
  const projectRoot = path.resolve(__dirname, '..');
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'allianceflow-test-'));

  const [cliPath, database, bundle] = await Promise.all([
    locateTemporalCli({ configuredPath: process.env.TEMPORAL_CLI, projectRoot, log }),
    createScratchDatabase('allianceflow_test'),
    // The same prebuilt bundle production workers load (npm run build), shared by every test worker.
    buildWorkflowBundle(path.join(workDir, 'workflow-bundle.js'), log),
  ]);
  await migrate(database.url, { log });

  const namespace = 'default';
  const server = await startTemporalDevServer({
    cliPath,
    port: await freePort(),
    uiPort: false,
    namespace,
    dbFile: path.join(workDir, 'temporal.sqlite'),
    searchAttributes: customSearchAttributes,
    log,
  });

  const bundlePath = bundle.codePath;

  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_NAMESPACE: namespace,
    TEMPORAL_CLI: cliPath,
    DATABASE_URL: database.url,
    WORKFLOW_BUNDLE_PATH: bundlePath,
    ALLIANCEFLOW_TEST_WORKDIR: workDir,
  });
  registerTestResources({ server, database, workDir });
}
