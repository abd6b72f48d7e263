// An earlier release of this repository, runnable next to today's code: the tree of a commit
// (`git archive`, so nothing of it is copied into the repository), its own prebuilt workflow bundle, its
// own Prisma client generated from its own schema (against today's database, migrated ahead of it, as in
// a rolling deployment), and today's node_modules. Sharing node_modules is honest only while the release
// needs exactly the same: every runtime dependency it declares must be installed here at the version it
// pinned; otherwise preparing it fails and says which.
// Prepared once per commit in the system's temporary folder and reused by later runs.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const projectRoot = path.resolve(__dirname, '..', '..');

export interface PreviousRelease {
  commit: string;
  /** The release's tree: run its entry points with devtools/child-service.ts's `root`. */
  root: string;
  /** Its workflow bundle (its own `npm run build`), for its worker's WORKFLOW_BUNDLE_PATH. */
  bundlePath: string;
}

function git(args: string[]): string {
  return execFileSync('git', ['-C', projectRoot, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** What the release would need that today's installation does not give it; empty when it can share it. */
function incompatibilities(root: string): string[] {
  const problems: string[] = [];
  const then = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const [name, version] of Object.entries(then.dependencies ?? {})) {
    const installed = path.join(projectRoot, 'node_modules', name, 'package.json');
    const now = existsSync(installed) ? (JSON.parse(readFileSync(installed, 'utf8')) as { version: string }).version : 'nothing';
    if (now !== version) problems.push(`${name}: the release pins ${version}, installed is ${now}`);
  }
  return problems;
}

/** Whether this clone holds the commit (a shallow clone does not). */
export function hasCommit(commit: string): boolean {
  try {
    git(['cat-file', '-e', `${commit}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

export function previousRelease(commit: string): PreviousRelease {
  const full = git(['rev-parse', '--verify', `${commit}^{commit}`]).trim();
  // Per checkout too: the prepared tree links to this checkout's node_modules, which another clone must not reuse.
  const checkout = createHash('sha256').update(projectRoot).digest('hex').slice(0, 12);
  const root = path.join(os.tmpdir(), `allianceflow-release-v2-${full}-${checkout}`);
  const bundlePath = path.join(root, 'dist', 'workflow-bundle.js');
  const ready = path.join(root, '.prepared');
  if (existsSync(ready)) return { commit: full, root, bundlePath };

  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  execFileSync('tar', ['-x', '-C', root], { input: execFileSync('git', ['-C', projectRoot, 'archive', full], { maxBuffer: 256 * 1024 * 1024 }) });
  const problems = incompatibilities(root);
  if (problems.length) throw new Error(`release ${full} cannot share today's installation:\n  ${problems.join('\n  ')}`);
  symlinkSync(path.join(projectRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'prisma-generate.ts')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  // The release's own build of its own workflows, exactly as its deployment would have made it.
  execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'build.ts')], {
    cwd: root,
    env: { ...process.env, WORKFLOW_BUNDLE_PATH: bundlePath, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  writeFileSync(ready, `${new Date().toISOString()}\n`);
  return { commit: full, root, bundlePath };
}
