import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Any Node warning is a bug to fix, not noise to scroll past: test/helpers/fail-on-node-warning.ts
    // fails the file it happened in.
    // test/helpers/i18n-english.ts: t() reads the English catalogue unless a test sets another language.
    setupFiles: ['test/helpers/fail-on-node-warning.ts', 'test/helpers/i18n-english.ts'],
    pool: 'forks',
    maxWorkers: 2,
  },
});
