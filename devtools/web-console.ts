// The web console's build (web/, built by Vite into dist/web, where web/vite.config.mts writes it): where it lands, whether it is current, and
// building it. `npm run build`, `npm start` (when missing or stale) and the browser tests' harness use
// this; the API serves the folder (api/web-console.ts). A build is current when the SHA-256 over web/'s
// sources and package-lock.json (the dependencies' versions) equals the one recorded beside it.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { webBuildDir } from '../api/web-console';

const projectRoot = path.resolve(__dirname, '..');
export const webSourceDir = path.join(projectRoot, 'web');
export { webBuildDir };
const SOURCE_HASH_FILE = '.source-sha256';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
      return statSync(full).isFile() ? [full] : [];
    })
    .sort();
}

export function webSourceHash(): string {
  const hash = createHash('sha256');
  for (const file of [...sourceFiles(webSourceDir), path.join(projectRoot, 'package-lock.json')]) {
    hash.update(path.relative(projectRoot, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export type WebBuildState = 'current' | 'missing' | 'stale';

export function webBuildState(): WebBuildState {
  const recorded = path.join(webBuildDir, SOURCE_HASH_FILE);
  if (!existsSync(path.join(webBuildDir, 'index.html')) || !existsSync(recorded)) return 'missing';
  return readFileSync(recorded, 'utf8').trim() === webSourceHash() ? 'current' : 'stale';
}

/** Runs `vite build` (its output goes to `onOutput`) and records the sources' hash. */
export async function buildWebConsole(onOutput: (chunk: string) => void = () => {}): Promise<void> {
  const hash = webSourceHash();
  const vite = path.join(projectRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) throw new Error('Vite is not installed (a dev dependency): run npm ci to build the web console');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--config', path.join(webSourceDir, 'vite.config.mts'), '--logLevel', 'warn'], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => onOutput(chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => onOutput(chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited with code ${code}`))));
  });
  writeFileSync(path.join(webBuildDir, SOURCE_HASH_FILE), `${hash}\n`);
}
