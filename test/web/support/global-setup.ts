// Playwright's global setup for the browser journeys: builds the console when missing or stale, starts
// the real system in a child process (stack-process.ts) and hands its URL and seeded people to the
// tests through the environment; the returned function stops it. With WEB_STACK already set (the ready
// line of a stack-process.ts started by hand), that system is used instead.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildWebConsole, webBuildState } from '../../../devtools/web-console';

const projectRoot = path.resolve(__dirname, '..', '..', '..');

export default async function globalSetup(): Promise<() => Promise<void>> {
  const state = webBuildState();
  if (state !== 'current') {
    process.stdout.write(`web console ${state === 'missing' ? 'not built' : 'stale'}: building (vite build) ...\n`);
    await buildWebConsole((chunk) => process.stdout.write(chunk));
  }
  // Front-end work: a system already running (stack-process.ts started by hand) is reused as it is.
  if (process.env.WEB_STACK) return async () => {};
  process.stdout.write('starting the system for the browser journeys (Temporal dev server, database, API, worker, seed) ...\n');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'stack-process.ts')], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: { ...process.env },
  });
  const ready = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.startsWith('WEB_STACK_READY ')) resolve(line.slice('WEB_STACK_READY '.length));
        else process.stdout.write(`${line}\n`);
      }
    });
    child.once('exit', (code) => reject(new Error(`the journeys' system exited with code ${code} before it was ready`)));
  });
  process.env.WEB_STACK = ready;
  return async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
}
