/**
 * Vitest configuration for mutation testing only (`npm run mutation`, stryker.config.mjs).
 * Stryker runs the tests in a copy of the project without dist/, so the end-to-end tests that
 * spawn dist/cli/main.js (test/cli, test/corpus, test/examples, the README examples) cannot run
 * there; they exercise the same library code as the in-process tests below. The fuzzers are
 * left out for time: they target input validation and importers, which are not mutated.
 */
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: [
      'test/sim/**/*.test.ts',
      'test/report/**/*.test.ts',
      'test/reference/**/*.test.ts',
      'test/determinism.test.ts',
    ],
    exclude: ['**/node_modules/**', 'test/**/*.fuzz.test.ts'],
    pool: 'forks',
    // Stryker runs one vitest per concurrency slot; each runs its files one at a time.
    maxWorkers: 1,
    testTimeout: 120_000,
    setupFiles: ['test/setup.ts'],
  },
})
