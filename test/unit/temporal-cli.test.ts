// locateTemporalCli without the real CLI or Go: fake executables (shell scripts) on a temporary PATH and
// in a temporary project root stand in for them, so every branch runs in milliseconds.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { localTemporalCliPath, locateTemporalCli } from '../../devtools/temporal-cli';

// The fakes are POSIX shell scripts.
const describePosix = process.platform === 'win32' ? describe.skip : describe;

// Fake scripts call mkdir, sleep, ... but the PATH the locator sees must hold only the fakes.
const SYSTEM_PATH = '/usr/bin:/bin';

function capturingLogger(): { log: pino.Logger; lines: { level: string; msg: string }[] } {
  const lines: { level: string; msg: string }[] = [];
  const log = pino(
    { level: 'debug', formatters: { level: (label) => ({ level: label }) } },
    { write: (line: string) => void lines.push(JSON.parse(line) as { level: string; msg: string }) },
  );
  return { log, lines };
}

async function writeExecutable(file: string, script: string): Promise<string> {
  await fsp.mkdir(path.dirname(file), { recursive: true });
  await fsp.writeFile(file, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  return file;
}

const fakeCli = (file: string, version: string): Promise<string> => writeExecutable(file, `echo "temporal version ${version} (Server 1.29.1, UI 2.42.1)"`);

// A stand-in for `go install`: records its arguments, then writes a fake CLI into $GOBIN like Go would.
const fakeGo = (file: string, behaviour: 'succeed' | 'fail'): Promise<string> =>
  writeExecutable(
    file,
    [
      `PATH=${SYSTEM_PATH}`,
      'echo "$@" >> "$FAKE_GO_LOG"',
      'echo "go: downloading github.com/temporalio/cli v1.5.1" >&2',
      behaviour === 'fail'
        ? 'echo "go: github.com/temporalio/cli@v1.5.1: some compile error" >&2; exit 2'
        : [
            'sleep 1',
            'mkdir -p "$GOBIN"',
            `printf '#!/bin/sh\\necho "temporal version 1.5.1 (built by fake go)"\\n' > "$GOBIN/temporal"`,
            'chmod +x "$GOBIN/temporal"',
          ].join('\n'),
    ].join('\n'),
  );

describePosix('locateTemporalCli', () => {
  let dir: string;
  let projectRoot: string;
  let pathDir: string;
  let goLog: string;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'temporal-cli-test-'));
    projectRoot = path.join(dir, 'project');
    pathDir = path.join(dir, 'path-bin');
    goLog = path.join(dir, 'go-invocations.log');
    await fsp.mkdir(projectRoot, { recursive: true });
    await fsp.mkdir(pathDir, { recursive: true });
  });

  afterEach(async () => {
    await fsp.rm(dir, { recursive: true, force: true });
  });

  const env = (): NodeJS.ProcessEnv => ({ PATH: pathDir, FAKE_GO_LOG: goLog });
  const goInvocations = async (): Promise<string[]> => (await fsp.readFile(goLog, 'utf8').catch(() => '')).split('\n').filter(Boolean);

  it('rejects a TEMPORAL_CLI that does not exist, naming the variable and the path', async () => {
    const { log } = capturingLogger();
    const missing = path.join(dir, 'no-such-temporal');
    await expect(locateTemporalCli({ configuredPath: missing, projectRoot, log, env: env() })).rejects.toThrow(
      `TEMPORAL_CLI is set to ${missing}, but there is no executable file there`,
    );
  });

  it('rejects a TEMPORAL_CLI that is not executable', async () => {
    const { log } = capturingLogger();
    const notExecutable = path.join(dir, 'temporal.txt');
    await fsp.writeFile(notExecutable, 'not a program', { mode: 0o644 });
    await expect(locateTemporalCli({ configuredPath: notExecutable, projectRoot, log, env: env() })).rejects.toThrow(
      /TEMPORAL_CLI is set to .*no executable file there/,
    );
  });

  it('uses TEMPORAL_CLI before anything on PATH, and logs its version', async () => {
    const { log, lines } = capturingLogger();
    const configured = await fakeCli(path.join(dir, 'configured', 'temporal'), '9.9.9');
    await fakeCli(path.join(pathDir, 'temporal'), '1.0.0');
    await expect(locateTemporalCli({ configuredPath: configured, projectRoot, log, env: env() })).resolves.toBe(configured);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'Using the Temporal CLI', version: expect.stringContaining('9.9.9') }));
  });

  it('finds a `temporal` on PATH before the project build', async () => {
    const { log } = capturingLogger();
    const onPath = await fakeCli(path.join(pathDir, 'temporal'), '1.6.0');
    await fakeCli(localTemporalCliPath(projectRoot), '1.5.1');
    await expect(locateTemporalCli({ projectRoot, log, env: env() })).resolves.toBe(onPath);
  });

  it('skips a `temporal` on PATH that is some other program, with a warning', async () => {
    const { log, lines } = capturingLogger();
    await writeExecutable(path.join(pathDir, 'temporal'), 'echo "temporal: a time-series tool, v3"');
    const local = await fakeCli(localTemporalCliPath(projectRoot), '1.5.1');
    await expect(locateTemporalCli({ projectRoot, log, env: env() })).resolves.toBe(local);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: expect.stringContaining('Ignoring') }));
  });

  it('uses the project build in .tools/bin when nothing is on PATH', async () => {
    const { log } = capturingLogger();
    const local = await fakeCli(localTemporalCliPath(projectRoot), '1.5.1');
    await expect(locateTemporalCli({ projectRoot, log, env: env() })).resolves.toBe(local);
  });

  it('explains in one paragraph how to get the CLI when there is neither CLI nor Go', async () => {
    const { log } = capturingLogger();
    const attempt = locateTemporalCli({ projectRoot, log, env: env() });
    await expect(attempt).rejects.toThrow(/Go is not installed/);
    const message = await attempt.catch((error: Error) => error.message);
    expect(message).not.toContain('\n');
    expect(message).toContain('set TEMPORAL_CLI');
    expect(message).toContain('official installer');
    expect(message).toContain('install Go');
  });

  it('does not build when build is false, even with Go present', async () => {
    const { log } = capturingLogger();
    await fakeGo(path.join(pathDir, 'go'), 'succeed');
    await expect(locateTemporalCli({ projectRoot, log, env: env(), build: false })).rejects.toThrow(/does not build it with Go/);
    expect(await goInvocations()).toEqual([]);
  });

  it('builds v1.5.1 with `go install` into .tools/bin, once for two concurrent callers', async () => {
    const { log, lines } = capturingLogger();
    await fakeGo(path.join(pathDir, 'go'), 'succeed');
    const found = await Promise.all([locateTemporalCli({ projectRoot, log, env: env() }), locateTemporalCli({ projectRoot, log, env: env() })]);
    expect(found).toEqual([localTemporalCliPath(projectRoot), localTemporalCliPath(projectRoot)]);
    const invocations = await goInvocations();
    expect(invocations).toHaveLength(1);
    expect(invocations[0]).toMatch(/^install .*github\.com\/temporalio\/cli\/cmd\/temporal@v1\.5\.1$/);
    // Progress: a start line, go's own output at debug level, and a done line with the duration.
    const logged = (fields: Record<string, unknown>): void => expect(lines).toContainEqual(expect.objectContaining(fields));
    logged({ level: 'info', msg: expect.stringMatching(/^Building Temporal CLI v1\.5\.1/) });
    logged({ level: 'debug', go: expect.stringContaining('go: downloading') });
    logged({ level: 'info', msg: expect.stringMatching(/^Built the Temporal CLI in \d+s$/) });
    // Neither the lock nor the staging folder is left behind.
    expect((await fsp.readdir(path.join(projectRoot, '.tools'))).sort()).toEqual(['bin']);
  });

  it("reports a failed build with go's last output", async () => {
    const { log } = capturingLogger();
    await fakeGo(path.join(pathDir, 'go'), 'fail');
    await expect(locateTemporalCli({ projectRoot, log, env: env() })).rejects.toThrow(/exit 2[\s\S]*some compile error/);
    // No lock and no half-built staging folder stay behind.
    expect(await fsp.readdir(path.join(projectRoot, '.tools'))).toEqual(['bin']);
    expect(await fsp.readdir(path.join(projectRoot, '.tools', 'bin'))).toEqual([]);
  });

  it('waits for a build another process holds the lock for, instead of building again', async () => {
    const { log, lines } = capturingLogger();
    await fakeGo(path.join(pathDir, 'go'), 'succeed');
    // A live process other than this one "holds" the lock: this process's parent lives through the test.
    const lockPath = path.join(projectRoot, '.tools', 'temporal-cli.lock');
    await fsp.mkdir(path.dirname(lockPath), { recursive: true });
    await fsp.writeFile(lockPath, JSON.stringify({ pid: process.ppid, startedAt: 'now' }));

    const located = locateTemporalCli({ projectRoot, log, env: env() });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // The other process finishes: binary in place, lock released.
    const local = await fakeCli(localTemporalCliPath(projectRoot), '1.5.1');
    await fsp.rm(lockPath);

    await expect(located).resolves.toBe(local);
    expect(await goInvocations()).toEqual([]);
    expect(lines).toContainEqual(expect.objectContaining({ msg: expect.stringMatching(/is building the Temporal CLI; waiting/) }));
  });

  it('removes a stale lock left by a process that is gone, then builds', async () => {
    const { log, lines } = capturingLogger();
    await fakeGo(path.join(pathDir, 'go'), 'succeed');
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    const lockPath = path.join(projectRoot, '.tools', 'temporal-cli.lock');
    await fsp.mkdir(path.dirname(lockPath), { recursive: true });
    await fsp.writeFile(lockPath, JSON.stringify({ pid: Number(gone.stdout.trim()), startedAt: 'earlier' }));

    await expect(locateTemporalCli({ projectRoot, log, env: env() })).resolves.toBe(localTemporalCliPath(projectRoot));
    expect(await goInvocations()).toHaveLength(1);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: expect.stringContaining('stale') }));
  });
});
