// @ts-check
/**
 * StrykerJS mutation testing (issue 13): how many small deliberate mistakes in the reported
 * figures' code the tests catch. Not part of `npm test` or `.ci/run` (it takes tens of minutes);
 * run it with `npm run mutation`, one folder with
 * `npm run mutation -- --mutate 'src/sim/metrics/**\/*.ts'`. See docs/mutation.md.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const config = {
  testRunner: 'vitest',
  // only the in-process tests: the sandbox has no dist/ for the CLI tests to spawn
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  coverageAnalysis: 'perTest',
  mutate: [
    'src/sim/engine/**/*.ts',
    'src/sim/metrics/**/*.ts',
    'src/sim/benchmarks/**/*.ts',
    'src/sim/agents/**/*.ts',
    'src/report/**/*.ts',
    'src/sim/prices/synthetic/**/*.ts',
  ],
  // build output, run outputs and reports stay out of the sandbox copy
  ignorePatterns: ['dist', 'out', 'reports', 'docs-drafts', '.vitest-cache'],
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  // reruns test only the mutants whose code or tests changed since the file was written
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  // 2 cores shared with other work; raise with --concurrency on an idle machine
  concurrency: 1,
  // the statistical tests run for seconds; a mutant that makes a loop endless must still stop
  timeoutMS: 30_000,
  timeoutFactor: 2,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
}

export default config
