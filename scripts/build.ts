// `npm run build`: the prebuilt workflow bundle for production workers (dist/workflow-bundle.js and its
// manifest) and the web console (web/ into dist/web, served by the API at /). `npm run build -- --check`
// verifies an existing workflow bundle against today's source instead; `npm run build:web` (`--web`)
// builds only the console.
import path from 'node:path';
import { createLogger } from '../platform/logger';
import { buildWebConsole, webBuildDir } from '../devtools/web-console';
import { bundleDifferences, buildWorkflowBundle, projectRoot } from '../platform/workflow-bundle';

async function buildConsole(): Promise<void> {
  const started = Date.now();
  process.stdout.write(`Building the web console into ${path.relative(process.cwd(), webBuildDir) || webBuildDir} ...\n`);
  await buildWebConsole((chunk) => process.stdout.write(chunk));
  process.stdout.write(`Web console built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

const DEFAULT_BUNDLE = path.join(projectRoot, 'dist', 'workflow-bundle.js');

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  if (process.argv.includes('--web')) return buildConsole();
  const bundlePath = path.resolve(process.env.WORKFLOW_BUNDLE_PATH ?? DEFAULT_BUNDLE);
  if (check) {
    const differences = bundleDifferences(bundlePath);
    if (differences.length) {
      process.stderr.write(`The workflow bundle ${bundlePath} does not match the source:\n  ${differences.join('\n  ')}\nRun npm run build.\n`);
      process.exit(1);
    }
    process.stdout.write(`The workflow bundle ${bundlePath} matches the source.\n`);
    return;
  }
  const started = Date.now();
  process.stdout.write(`Bundling workflows into ${bundlePath} ...\n`);
  const { manifest } = await buildWorkflowBundle(bundlePath, createLogger('build'));
  process.stdout.write(
    `Built in ${((Date.now() - started) / 1000).toFixed(1)} s from ${Object.keys(manifest.sources).length} source files. ` +
      `Start workers with WORKFLOW_BUNDLE_PATH=${path.relative(process.cwd(), bundlePath) || bundlePath}\n`,
  );
  await buildConsole();
}

main().catch((error: unknown) => {
  process.stderr.write(`build failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
