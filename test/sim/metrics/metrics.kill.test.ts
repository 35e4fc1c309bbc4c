/**
 * Tests written to kill the mutants StrykerJS left alive in src/sim/metrics (docs/mutation.md).
 */
import { describe, expect, it } from 'vitest'
import { squaredDeviations } from '../../../src/sim/metrics/metrics.js'

describe('squaredDeviations', () => {
  it('is 0 for no observations, not 0/0 = NaN', () => {
    // survivor: `if (count === 0)` -> `if (false)` gave Math.max(0, 0 - 0 / 0) = NaN
    expect(squaredDeviations(0, 0, 0)).toBe(0)
  })

  it('gives M2 = 2 for the observations K, K+1, K+2 (hand-computed)', () => {
    // shifted sums 0+1+2 = 3 and 0+1+4 = 5; mean 1, deviations -1, 0, 1: M2 = 1 + 0 + 1 = 2
    expect(squaredDeviations(3, 5, 3)).toBe(2)
  })
})
