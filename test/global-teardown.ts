// Stops what global-setup started: the dev server, the run's database and its scratch folder.
import { takeTestResources } from './support/test-resources';

export default async function globalTeardown(): Promise<void> {
  await takeTestResources()?.stop();
}
