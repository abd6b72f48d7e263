// The prebuilt workflow bundle (npm run build) and the check that it matches the source.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleDifferences, bundledSourceFiles, manifestPathFor } from '../../platform/workflow-bundle';

const sharedBundle = process.env.WORKFLOW_BUNDLE_PATH!;

test('the bundle the tests run on was built by buildWorkflowBundle and matches the source', () => {
  expect(bundleDifferences(sharedBundle)).toEqual([]);
  const sources = bundledSourceFiles(readFileSync(sharedBundle, 'utf8'));
  expect(sources).toContain(path.join('workflows', 'index.ts'));
  // Workflow code must not pull runtime code from activities/, api/ or platform/ (type imports vanish);
  // core/ and schemas/ (zod schemas over core/) are the workflow-safe layers below the workflows.
  const bundledLayers = ['workflows', 'core', 'schemas'].map((folder) => `${folder}${path.sep}`);
  expect(sources.filter((file) => !bundledLayers.some((layer) => file.startsWith(layer)))).toEqual([]);
  expect(sources).toContain(path.join('core', 'placement-defaults.ts'));
});

test('a changed source file, a changed lock file or a missing manifest is reported', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bundle-check-'));
  const bundle = path.join(dir, 'workflow-bundle.js');
  copyFileSync(sharedBundle, bundle);
  expect(bundleDifferences(bundle)).toEqual([`manifest ${manifestPathFor(bundle)} does not exist`]);

  const manifest = JSON.parse(readFileSync(manifestPathFor(sharedBundle), 'utf8'));
  const someSource = Object.keys(manifest.sources)[0]!;
  manifest.sources[someSource] = '0'.repeat(64);
  manifest.packageLock = 'f'.repeat(64);
  writeFileSync(manifestPathFor(bundle), JSON.stringify(manifest));
  expect(bundleDifferences(bundle)).toEqual([`${someSource} changed`, 'package-lock.json changed']);
});
