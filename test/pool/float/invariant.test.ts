import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { computeInvariant } from '../../../src/pool/float/invariant.js'
import { arbitraryPool, fcParams } from '../../arbitraries.js'
import { invariantDecimal, relativeError } from './oracle.js'

describe('computeInvariant', () => {
  it('is the geometric mean at equal weights and a weighted one otherwise', () => {
    expect(computeInvariant([100, 400], [0.5, 0.5])).toBeCloseTo(200, 12) // sqrt(100 * 400)
    expect(computeInvariant([8, 1, 1], [1 / 3, 1 / 3, 1 / 3])).toBeCloseTo(2, 14) // cbrt(8)
    expect(computeInvariant([16, 1], [0.75, 0.25])).toBeCloseTo(8, 13) // 16^0.75
  })
  it('scales with the balances: V(c B) = c V(B) since the weights sum to 1', () => {
    const balances = [3, 70, 1e-3, 5e8]
    const weights = [0.1, 0.2, 0.3, 0.4]
    const ratio =
      computeInvariant(
        balances.map((b) => b * 1e3),
        weights,
      ) / computeInvariant(balances, weights)
    expect(ratio).toBeCloseTo(1e3, 10)
  })
  it('stays within 1e-14 relative of a 50-digit product of powers', () => {
    // Worst case measured over 2e4 pools (seed 42): 3.4e-15. exp(sum w ln B) errs by
    // |sum w ln B| * eps, and |ln B| <= ln 1e9 = 20.7 here: ~2.5e-15 plus the sum's roundings.
    fc.assert(
      fc.property(arbitraryPool(), (pool) => {
        const want = invariantDecimal(pool.balances, pool.weights)
        expect(relativeError(want, computeInvariant(pool.balances, pool.weights))).toBeLessThan(
          1e-14,
        )
      }),
      fcParams(400),
    )
  })
})
