import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/package installs the packed tarball: npm run test:package (vitest.package.config.ts);
    // the long statistical checks run with `npm run test:stats` (vitest.stats.config.ts)
    exclude: [...configDefaults.exclude, 'test/package/**', 'test/**/*.stats.test.ts'],
    // Property and statistical tests run thousands of cases; 2 cores, so keep workers at 2.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    // removes the temporary folders each test file made (test/tempDir.ts)
    setupFiles: ['test/setup.ts'],
  },
})
