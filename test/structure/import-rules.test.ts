// The layers' import rules (.dependency-cruiser.cjs): core/ imports no layer above it (nor zod, nor Node
// built-ins); workflows/ import activities/ types only; activities/ import workflows/ types only;
// platform/ imports no process; no deployed code imports devtools/. Checked with dependency-cruiser,
// which reads the imports with the TypeScript compiler (so `import type` is told apart).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const projectRoot = path.resolve(__dirname, '..', '..');
const depcruise = path.join(projectRoot, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const config = path.join(projectRoot, '.dependency-cruiser.cjs');
// [rule, from, to, who removes it]
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the list is a CommonJS file dependency-cruiser's config loads too.
const knownExceptions = require('../../.dependency-cruiser-known-exceptions.cjs') as [string, string, string, string][];

interface Violation {
  rule: string;
  from: string;
  to: string;
}

/** Every violation of the rules in `cwd`'s folders, the known exceptions not applied. */
function violations(cwd: string, folders: string[]): Violation[] {
  const run = spawnSync(process.execPath, [depcruise, '--config', config, '--output-type', 'json', ...folders], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, IMPORT_RULES_WITHOUT_EXCEPTIONS: '1' },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (!run.stdout) throw new Error(`dependency-cruiser printed nothing (exit ${run.status}): ${run.stderr}`);
  const result = JSON.parse(run.stdout) as { summary: { violations: { from: string; to: string; rule: { name: string } }[] } };
  return result.summary.violations
    .map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }))
    .sort((a, b) => `${a.rule}${a.from}${a.to}`.localeCompare(`${b.rule}${b.from}${b.to}`));
}

const key = (v: Violation) => `${v.rule}: ${v.from} → ${v.to}`;

test('the project keeps the import rules (apart from the known exceptions, each of which still occurs)', () => {
  const folders = ['core', 'schemas', 'workflows', 'activities', 'platform', 'api', 'worker'].filter((folder) => existsSync(path.join(projectRoot, folder)));
  const found = violations(projectRoot, folders).map(key);
  const known = knownExceptions.map(([rule, from, to]) => key({ rule, from, to }));
  expect({ newViolations: found.filter((v) => !known.includes(v)), exceptionsThatNoLongerOccur: known.filter((k) => !found.includes(k)) }).toEqual({
    newViolations: [],
    exceptionsThatNoLongerOccur: [],
  });
});

test('each rule catches its violation in a small project, and type-only imports pass', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'import-rules-'));
  try {
    const files: Record<string, string> = {
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'commonjs', strict: true, esModuleInterop: true } }),
      'core/ids.ts': [
        "import { z } from 'zod';",
        "import { readFileSync } from 'node:fs';",
        "import { run } from '../workflows/p/workflow';",
        'export const ids = [z, readFileSync, run];',
      ].join('\n'),
      'core/durations.ts': 'export const day = 86_400_000;',
      'schemas/duration.ts': [
        "import { z } from 'zod';",
        "import { day } from '../core/durations';",
        "import { initial } from '../workflows/p/state';",
        'export const duration = [z, day, initial];',
      ].join('\n'),
      'workflows/p/workflow.ts': [
        "import { act } from '../../activities/p/act';",
        "import type { Shape } from '../../activities/p/shape';",
        "import { day } from '../../core/durations';",
        'export const run = (s: Shape) => [act, s, day];',
      ].join('\n'),
      'workflows/p/state.ts': 'export const initial = 1;',
      'workflows/shared/clock.ts': 'export const tick = 1;',
      'activities/p/shape.ts': 'export interface Shape { n: number }',
      'activities/p/act.ts': [
        "import { initial } from '../../workflows/p/state';",
        "import type { run } from '../../workflows/p/workflow';",
        "import { day } from '../../core/durations';",
        'export const act = (r: typeof run) => [initial, r, day];',
      ].join('\n'),
      'platform/config.ts': [
        "import { routes } from '../api/routes';",
        "import { tick } from '../workflows/shared/clock';",
        "import { day } from '../core/durations';",
        'export const config = [routes, tick, day];',
      ].join('\n'),
      'api/routes.ts': ["import { devServer } from '../devtools/dev-server';", 'export const routes = [devServer];'].join('\n'),
      'devtools/dev-server.ts': 'export const devServer = 1;',
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), `${text}\n`);
    }
    symlinkSync(path.join(projectRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');

    // zod resolves through the node_modules link, to wherever the project's copy is.
    const found = violations(dir, ['core', 'schemas', 'workflows', 'activities', 'platform', 'api']).map((v) => ({
      ...v,
      to: v.to.includes('node_modules/zod/') ? 'zod' : v.to,
    }));
    expect(found.map(key).sort()).toEqual(
      [
        'activities-import-no-workflow-implementation: activities/p/act.ts → workflows/p/state.ts',
        'core-imports-no-layer-above: core/ids.ts → workflows/p/workflow.ts',
        'core-imports-no-node-builtins: core/ids.ts → fs',
        'core-imports-no-zod: core/ids.ts → zod',
        'platform-imports-no-process: platform/config.ts → api/routes.ts',
        'schemas-import-only-core: schemas/duration.ts → workflows/p/state.ts',
        'production-imports-no-devtools: api/routes.ts → devtools/dev-server.ts',
        'workflows-import-no-activity-implementation: workflows/p/workflow.ts → activities/p/act.ts',
      ].sort(),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
