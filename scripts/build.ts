// `npm run build`: the prebuilt workflow bundle for production workers (dist/workflow-bundle.js and its
// manifest). `npm run build -- --check` verifies an existing bundle against today's source instead.
import path from 'node:path';
import { createLogger } from '../platform/logger';
import { bundleDifferences, buildWorkflowBundle, projectRoot } from '../platform/workflow-bundle';

const DEFAULT_BUNDLE = path.join(projectRoot, 'dist', 'workflow-bundle.js');

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
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
}

main().catch((error: unknown) => {
  process.stderr.write(`build failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
