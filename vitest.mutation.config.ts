/**
 * Vitest configuration for mutation testing only (`npm run mutation`, stryker.config.mjs).
 * Stryker runs the tests in a copy of the project without dist/, so the end-to-end tests that
 * spawn dist/cli/main.js (test/cli, test/corpus, test/examples, the README examples) cannot run
 * there; they exercise the same library code as the in-process tests below. The fuzzers are
 * left out for time: they target input validation and importers, which are not mutated.
 *
 * `MUTATION_TESTS` (comma-separated globs) narrows the tests to a folder's own, e.g.
 * `MUTATION_TESTS='test/sim/prices/synthetic/**\/*.test.ts'`: a score that says how well those
 * tests alone catch the folder's mutants, and a run that fits in minutes where most mutants are
 * "static" (reached while test files load) and would otherwise each run every related test.
 */
import { defineConfig } from 'vitest/config'

const only = process.env.MUTATION_TESTS?.split(',')
  .map((glob) => glob.trim())
  .filter((glob) => glob !== '')

export default defineConfig({
  test: {
    include: only ?? [
      'test/sim/**/*.test.ts',
      'test/report/**/*.test.ts',
      'test/reference/**/*.test.ts',
      'test/determinism.test.ts',
    ],
    // charts.test.ts renders real PNGs: the native canvas module crashes (SIGSEGV) in the worker
    // threads Stryker's vitest runner uses, ending the whole run. The kill tests check the chart
    // configurations through a stand-in renderer (vi.mock) instead.
    exclude: ['**/node_modules/**', 'test/**/*.fuzz.test.ts', 'test/report/charts.test.ts'],
    pool: 'forks',
    // Stryker runs one vitest per concurrency slot; each runs its files one at a time.
    maxWorkers: 1,
    testTimeout: 120_000,
    setupFiles: ['test/setup.ts'],
  },
})
