// The browser journeys (test/web/*.spec.ts): @playwright/test driving Debian's Chromium by its path (a
// browser cannot be downloaded here; CHROMIUM_PATH overrides), headless, against the real system that
// test/web/support/global-setup.ts starts. One worker: the journeys share one seeded alliance and the
// machine's few cores. `npm test` runs them after jest (package.json: posttest).
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test/web',
  testMatch: '*.spec.ts',
  globalSetup: './test/web/support/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  // Generous: real workflows behind the pages, on a loaded machine. No assertion is timed.
  timeout: 240_000,
  expect: { timeout: 30_000 },
  reporter: [['list']],
  outputDir: 'test-results/web',
  use: {
    headless: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 860 },
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // Root in a container has no user namespace for Chromium's sandbox.
      args: ['--no-sandbox'],
    },
  },
});
