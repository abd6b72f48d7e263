// A Temporal dev server of the scenario's own (its own SQLite file and port), so that it can be stopped
// and started again without touching the one the rest of the test run shares. Starting a new server on
// the same database file and port is a restart: the workflows' histories are in the file.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../../platform/logger';
import { startTemporalDevServer, type TemporalDevServer } from '../../../devtools/temporal-dev-server';
import { customSearchAttributes } from '../../../core/search-attributes';
import { freePort } from '../../support/free-port';

export interface OwnDevServer {
  address: string;
  /** Graceful stop (SIGTERM): the server closes its port; the database file stays. */
  stop(): Promise<void>;
  /** Starts a server on the same file and port again. */
  start(): Promise<void>;
  running(): boolean;
  /** Stops it for good and removes its files. */
  dispose(): Promise<void>;
}

export async function startOwnDevServer(label: string): Promise<OwnDevServer> {
  const cliPath = process.env.TEMPORAL_CLI;
  if (!cliPath) throw new Error('TEMPORAL_CLI is not set: run the fault tests through jest (test/global-setup.ts sets it)');
  const dir = mkdtempSync(path.join(os.tmpdir(), `allianceflow-${label}-temporal-`));
  const port = await freePort();
  const log = createLogger(`${label}-dev-server`, 'warn');
  const options = {
    cliPath,
    port,
    uiPort: false as const,
    namespace: 'default',
    dbFile: path.join(dir, 'temporal.sqlite'),
    searchAttributes: customSearchAttributes,
    log,
    // A loaded machine: give the server time to come up.
    readyTimeoutMs: 180_000,
  };
  let server: TemporalDevServer | null = await startTemporalDevServer(options);
  const own: OwnDevServer = {
    address: server.address,
    running: () => server !== null,
    async stop() {
      const s = server;
      server = null;
      await s?.stop();
    },
    async start() {
      if (server) return;
      server = await startTemporalDevServer(options);
    },
    async dispose() {
      await own.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return own;
}
