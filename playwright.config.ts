import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Browser tests: the real service as `npm start` runs it (development mode, the embedded
 * database seeded with the demo market), driven in the system's Chromium (Debian's `chromium`;
 * Playwright cannot download its own browsers here). CHROMIUM_PATH overrides the executable.
 */
const port = Number(process.env.BROWSER_TEST_PORT ?? 3230);
const dataDir =
  process.env.BROWSER_TEST_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'marketplace-browser-'));

export default defineConfig({
  testDir: 'browser-tests',
  // One server, one embedded database: journeys run one after another.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: process.env.CI
    ? [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON ?? 'playwright-report.json' }]]
    : 'list',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'off',
    screenshot: 'off',
  },
  webServer: {
    command: 'node dist/src/main.js',
    url: `http://127.0.0.1:${port}/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      NODE_ENV: 'development',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      WEBHOOK_DISPATCHER: 'false',
    },
  },
});
