import { defineConfig } from 'vitest/config'

// npm run test:package: the packed tarball installed into fresh projects (test/package). Not in
// npm test: two npm installs take about a minute. Needs dist/ built (npm run build).
export default defineConfig({
  test: {
    include: ['test/package/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 300_000,
    hookTimeout: 600_000,
    setupFiles: ['test/setup.ts'],
  },
})
