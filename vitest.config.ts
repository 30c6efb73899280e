import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores in CI: real SQLite files and real Chromium are heavy, keep parallelism modest.
    pool: 'forks',
    maxWorkers: 2,
  },
});
