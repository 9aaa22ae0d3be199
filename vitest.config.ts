import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Any Node warning is a bug to fix, not noise to scroll past: test/helpers/fail-on-node-warning.ts
    // fails the file it happened in.
    setupFiles: ['test/helpers/fail-on-node-warning.ts'],
    pool: 'forks',
    maxWorkers: 2,
  },
});
