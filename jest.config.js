// Jest runs the TypeScript sources through ts-jest in transpile-only mode; `npm test` type-checks the
// whole project once beforehand with tsc, which is faster than checking per test file.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // F7 kills the processes of a Temporal cluster built from source (devtools/temporal-cluster.ts): it runs
  // only against the cluster (TEST_TEMPORAL=cluster, `npm run test:cluster:faults`), so that `npm test` and
  // CI need no Go build of the server.
  testPathIgnorePatterns: ['/node_modules/', ...(process.env.TEST_TEMPORAL === 'cluster' ? [] : ['/test/faults/f7-cluster\\.test\\.ts$'])],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
    // @noble/hashes (workflow-safe SHA-256), @scure/base (base58) and canonicalize (RFC 8785) ship ES
    // modules only, which jest on Node 20 cannot require: compile those files to CommonJS like our own sources.
    '/node_modules/(@noble|@scure|canonicalize)/.+\\.js$': ['ts-jest', { diagnostics: false, tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@noble|@scure|canonicalize)/)'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  // Generous: these tests wait on real timers and a real server; a loaded CI machine must not fail them.
  testTimeout: 180_000,
  // Workflow and API tests share one Temporal dev server and one database; two files at a time keeps a
  // 2-core machine responsive while still overlapping I/O waits.
  maxWorkers: 2,
};
