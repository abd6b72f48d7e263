// The environment every test process of a run shares, from its local stack: jest's global setup and the
// browser journeys' stack (test/web/support/stack-process.ts) both set it.
import path from 'node:path';
import type { LocalStack } from './local-stack';
import { TEST_PAYLOAD_KEYS } from './payload-test-key';

export function applyTestEnvironment(stack: LocalStack): void {
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    TEMPORAL_ADDRESS: stack.temporalAddress,
    TEMPORAL_NAMESPACE: stack.namespace,
    TEMPORAL_CLI: stack.cliPath,
    DATABASE_URL: stack.databaseUrl,
    MIGRATION_DATABASE_URL: stack.ownerDatabaseUrl,
    WORKFLOW_BUNDLE_PATH: stack.bundlePath,
    ALLIANCEFLOW_TEST_WORKDIR: stack.workDir,
    // Tests send thousands of requests as a handful of users from one address: the general rate
    // limit (api/rate-limit.ts) is set far above that; test/api/security-hardening.test.ts sets its own low.
    RATE_LIMIT_PER_TOKEN: process.env.RATE_LIMIT_PER_TOKEN ?? '100000000',
    RATE_LIMIT_PER_ADDRESS: process.env.RATE_LIMIT_PER_ADDRESS ?? '100000000',
    // Every client and worker of the run seals payloads with the committed test key (see that file).
    TEMPORAL_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
    // What the run's processes generate into DATA_DIR (the certificate issuer key) stays in the run's
    // folder: never in the checkout's .data, which npm start owns.
    DATA_DIR: path.join(stack.workDir, 'data'),
    // Every test's client is 127.0.0.1 and the run shares one database: the per-address sign-in limit
    // would add up the failures of every test file (the brute-force test alone makes 450). The
    // per-account-and-address lock, which the tests check, is unaffected.
    SIGN_IN_MAX_FAILURES_PER_ADDRESS: process.env.SIGN_IN_MAX_FAILURES_PER_ADDRESS ?? '100000',
    // The origin a local Web UI calls the codec endpoint from (with Temporal not local, the default is
    // none): the authorization matrix and the malformed-input property use it for the codec's cookie.
    TEMPORAL_CODEC_CORS_ORIGINS: process.env.TEMPORAL_CODEC_CORS_ORIGINS ?? 'http://127.0.0.1:8233',
  });
}
