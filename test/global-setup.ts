// One Temporal dev server, one fresh database and one workflow bundle for the whole test run. Test
// files reach them through the environment variables set here (jest's workers inherit them).
import { createLogger } from '../platform/logger';
import { startLocalStack } from './support/local-stack';
import { applyTestEnvironment } from './support/test-environment';
import { registerTestResources } from './support/test-resources';

export default async function globalSetup(): Promise<void> {
  const log = createLogger('test-setup', process.env.TEST_LOG_LEVEL ?? 'warn');
  const stack = await startLocalStack('test', log);
  applyTestEnvironment(stack);
  registerTestResources(stack);
}
