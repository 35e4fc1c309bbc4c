import { defineConfig } from 'vitest/config'

/**
 * `npm run test:stats`: the long statistical checks of the price models (`*.stats.test.ts`,
 * 10^6-step paths, about a minute on 2 cores), kept out of `npm test` by vitest.config.ts.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.stats.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 600_000,
    setupFiles: ['test/setup.ts'],
  },
})
