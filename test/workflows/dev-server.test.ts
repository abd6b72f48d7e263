// The real Temporal dev server, on ephemeral ports and a scratch database file: it starts, serves the
// namespace with the project's search attributes, keeps working on an existing database, reports a busy
// port clearly, and leaves no process behind. Needs the Temporal CLI (`npm run temporal:ensure`).
import { mkdtempSync } from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { createLogger } from '../../platform/logger';
import { locateTemporalCli } from '../../devtools/temporal-cli';
import { DevServerPortInUseError, startTemporalDevServer, type TemporalDevServer } from '../../devtools/temporal-dev-server';
import { AgreementStatusKey, customSearchAttributes } from '../../core/search-attributes';

const projectRoot = path.resolve(__dirname, '..', '..');
const log = createLogger('dev-server-test', process.env.TEST_LOG_LEVEL ?? 'warn');
const namespace = 'allianceflow-dev-server-test';

/** Ports the OS has just handed out; all are held open together so that they differ from each other. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function customAttributes(address: string): Promise<Record<string, number>> {
  const connection = await Connection.connect({ address });
  try {
    const response = await connection.operatorService.listSearchAttributes({ namespace });
    return response.customAttributes ?? {};
  } finally {
    await connection.close();
  }
}

describe('Temporal dev server', () => {
  let cliPath: string;
  let dir: string;
  let dbFile: string;
  const started: TemporalDevServer[] = [];

  beforeAll(async () => {
    // No build here: a missing CLI should fail fast with the locator's explanation, not time out.
    cliPath = await locateTemporalCli({ configuredPath: process.env.TEMPORAL_CLI, projectRoot, log, build: false });
    dir = mkdtempSync(path.join(os.tmpdir(), 'dev-server-test-'));
    dbFile = path.join(dir, 'nested', 'folder', 'temporal.sqlite');
  });

  afterAll(async () => {
    await Promise.all(started.map((server) => server.stop()));
    await fsp.rm(dir, { recursive: true, force: true });
  });

  it('starts, serves the namespace and the search attributes, and stops without leaving a process', async () => {
    const [port, uiPort] = await freePorts(2);
    // Start with one attribute only, as if the others were added to the code later (see next test).
    const server = await startTemporalDevServer({
      cliPath,
      port: port!,
      uiPort: uiPort!,
      namespace,
      dbFile,
      searchAttributes: [AgreementStatusKey],
      log,
    });
    started.push(server);
    expect(server.address).toBe(`127.0.0.1:${port}`);
    expect(server.uiUrl).toBe(`http://127.0.0.1:${uiPort}`);

    const connection = await Connection.connect({ address: server.address });
    try {
      const described = await connection.workflowService.describeNamespace({ namespace });
      expect(described.namespaceInfo?.name).toBe(namespace);
    } finally {
      await connection.close();
    }
    expect(await customAttributes(server.address)).toMatchObject({ AgreementStatus: 2 /* KEYWORD */ });
    expect((await fetch(server.uiUrl!)).status).toBe(200);
    await expect(fsp.stat(dbFile)).resolves.toBeTruthy();

    const pid = server.process.pid!;
    await server.stop();
    expect(server.process.exitCode !== null || server.process.signalCode !== null).toBe(true);
    expect(processExists(pid)).toBe(false);
    await expect(fsp.stat(`${dbFile}.pid`)).rejects.toThrow();
  });

  it('reuses the existing database file and registers search attributes added since', async () => {
    // start-dev registers --search-attribute only when it creates the namespace, i.e. on a new file.
    const [port] = await freePorts(1);
    const server = await startTemporalDevServer({
      cliPath,
      port: port!,
      uiPort: false,
      namespace,
      dbFile,
      searchAttributes: customSearchAttributes,
      log,
    });
    started.push(server);
    expect(server.uiUrl).toBeUndefined();
    expect(await customAttributes(server.address)).toMatchObject({
      AgreementStatus: 2 /* KEYWORD */,
      AllianceId: 2 /* KEYWORD */,
      OrganizationIds: 7 /* KEYWORD_LIST */,
    });
    await server.stop();
    expect(processExists(server.process.pid!)).toBe(false);
  });

  it('fails at once, saying so, when the port is taken', async () => {
    // Holds the port; accepted sockets are dropped so that close() does not wait for them.
    const blocker = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const began = Date.now();
    try {
      const started = startTemporalDevServer({
        cliPath,
        port,
        uiPort: false,
        namespace,
        dbFile: path.join(dir, 'busy.sqlite'),
        searchAttributes: customSearchAttributes,
        log,
      });
      await expect(started).rejects.toThrow(new RegExp(`exited before it was ready[\\s\\S]*Port ${port}[\\s\\S]*in use[\\s\\S]*address already in use`));
      // Its own type: the test stack starts again on new ports when a port was taken (test/support/local-stack.ts).
      await expect(started).rejects.toBeInstanceOf(DevServerPortInUseError);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    expect(Date.now() - began).toBeLessThan(15_000);
  });
});
