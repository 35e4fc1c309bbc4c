/**
 * Tests written to kill the mutants StrykerJS left alive in src/sim/metrics (docs/mutation.md).
 */
import { describe, expect, it } from 'vitest'
import { annualisedStdDev, squaredDeviations } from '../../../src/sim/metrics/metrics.js'

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

describe('annualisedStdDev', () => {
  it('gives sqrt(m2 / (count - 1) * stepsPerYear) from two observations on', () => {
    // survivor: `count < 2` -> `count <= 2` returned 0 for two observations.
    // M2 = 2 over 2 observations, 4 steps a year: sqrt(2 / 1 * 4) = sqrt 8
    expect(annualisedStdDev(2, 2, 4)).toBe(Math.sqrt(8))
    expect(annualisedStdDev(2, 1, 4)).toBe(0)
  })
})
