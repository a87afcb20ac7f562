// Three projects: unit (pure logic), integration (a real PostGIS: a fresh database per run, migrated once,
// dropped afterwards) and browser (headless Debian Chromium against the real app). Nothing is mocked and
// nothing skips: missing PostgreSQL, PostGIS or Chromium is installed (as root) or fails the run.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: [
      'default',
      ['json', { outputFile: process.env.SIDAKSOS_TEST_REPORT ?? '.vitest-results.json' }],
    ],
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/database-setup.ts'],
          // Files share their worker's module cache: each file builds its own app and scratch database, and
          // re-importing the whole server per file cost ~7 s a file (≈ 400 s of a CI run on 2 cores).
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/support/database-setup.ts', 'test/support/browser-setup.ts'],
          // One worker runs every file in turn against the one shared server and database; sharing its module
          // cache saves re-importing Playwright and the helpers per file (~3 s a file on 2 cores).
          isolate: false,
          testTimeout: 90_000,
          hookTimeout: 120_000,
          // expect.poll gives up after 1 s by default: on 2 busy cores a screen re-reading its list (after
          // "back", a status filter, a page of steps) took longer, and such checks failed CI runs at random.
          expect: { poll: { timeout: 15_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
