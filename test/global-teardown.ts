// Stops what global-setup started: the dev server and the run's database.
import { rmSync } from 'node:fs';
import { takeTestResources } from './support/test-resources';

export default async function globalTeardown(): Promise<void> {
  const resources = takeTestResources();
  if (!resources) return;
  await resources.server.stop();
  await resources.database.drop();
  rmSync(resources.workDir, { recursive: true, force: true });
}
