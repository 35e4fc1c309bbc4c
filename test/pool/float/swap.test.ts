import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PoolError } from '../../../src/errors.js'
import { computeInvariant } from '../../../src/pool/float/invariant.js'
import { spotPrice } from '../../../src/pool/float/spotPrice.js'
import {
  computeInGivenOut,
  computeOutGivenIn,
  inGivenOut,
  outGivenIn,
  swapBalances,
} from '../../../src/pool/float/swap.js'
import { arbitraryPool, fcParams } from '../../arbitraries.js'
import { inGivenOutDecimal, invariantDecimal, outGivenInDecimal, relativeError } from './oracle.js'

/** A trade of `min`..30 % of the balance, between the first two tokens of a random pool. */
function swapCase(min: number) {
  return fc
    .tuple(arbitraryPool(), fc.double({ min, max: 0.3, noNaN: true }))
    .map(([pool, share]) => ({
      pool,
      bIn: pool.balances[0]!,
      wIn: pool.weights[0]!,
      bOut: pool.balances[1]!,
      wOut: pool.weights[1]!,
      fee: pool.swapFee,
      share,
    }))
}

function expectPoolError(run: () => unknown, code: string, message: string): void {
  expect(run).toThrow(PoolError)
  expect(run).toThrow(expect.objectContaining({ code, message }))
}

describe('outGivenIn', () => {
  const pool = { balances: [1_000, 4_000], weights: [0.5, 0.5], swapFee: 0 }
  it('reduces to x * y = k for a fee-free 50/50 pool', () => {
    expect(outGivenIn(pool, 0, 1, 10)).toBeCloseTo((4_000 * 10) / 1_010, 12) // y*a/(x+a)
  })
  it('takes the fee off the input: y * a(1-f) / (x + a(1-f)) at 50/50', () => {
    const withFee = { ...pool, swapFee: 0.01 }
    expect(outGivenIn(withFee, 0, 1, 10)).toBeCloseTo((4_000 * 9.9) / 1_009.9, 12)
  })
  it('stays within 1e-14 relative of a 50-digit recomputation', () => {
    // Worst case measured over 2e4 cases (seed 42): 5.5e-16; the margin covers other libm builds.
    fc.assert(
      fc.property(swapCase(1e-9), ({ bIn, wIn, bOut, wOut, fee, share }) => {
        const amountIn = share * bIn
        const want = outGivenInDecimal(bIn, wIn, bOut, wOut, amountIn, fee)
        const got = computeOutGivenIn(bIn, wIn, bOut, wOut, amountIn, fee)
        expect(relativeError(want, got)).toBeLessThan(1e-14)
      }),
      fcParams(600),
    )
  })
  it('takes the equal-weight shortcut (exponent 1) within 1e-15 of a 50-digit recomputation', () => {
    // B_o a / (B_i + a): three roundings (product, sum, quotient), at most ~3.3e-16 relative.
    fc.assert(
      fc.property(swapCase(1e-12), ({ bIn, bOut, wIn, fee, share }) => {
        const weight = Math.min(wIn, 0.5) // any equal pair of weights takes the shortcut
        const amountIn = share * bIn
        const want = outGivenInDecimal(bIn, weight, bOut, weight, amountIn, fee)
        const got = computeOutGivenIn(bIn, weight, bOut, weight, amountIn, fee)
        expect(relativeError(want, got)).toBeLessThan(1e-15)
        const wantIn = inGivenOutDecimal(bIn, weight, bOut, weight, share * bOut, fee)
        const gotIn = computeInGivenOut(bIn, weight, bOut, weight, share * bOut, fee)
        expect(relativeError(wantIn, gotIn)).toBeLessThan(1e-15)
      }),
      fcParams(600),
    )
  })
  it('never pays back more than went in on a round trip A -> B -> A', () => {
    fc.assert(
      fc.property(swapCase(1e-9), ({ bIn, wIn, bOut, wOut, fee, share }) => {
        const amountIn = share * bIn
        const out = computeOutGivenIn(bIn, wIn, bOut, wOut, amountIn, fee)
        const back = computeOutGivenIn(bOut - out, wOut, bIn + amountIn, wIn, out, fee)
        expect(back).toBeLessThanOrEqual(amountIn)
      }),
      fcParams(2_000),
    )
  })
  it('rejects more than 30 % of the balance in, naming both values', () => {
    expectPoolError(
      () => outGivenIn(pool, 0, 1, 301),
      'MAX_IN_RATIO',
      'MAX_IN_RATIO: amount in 301 exceeds 30% of balance 1000',
    )
    expect(outGivenIn(pool, 0, 1, 300)).toBeGreaterThan(0) // the limit itself is allowed
  })
  it('applies the 30 % limit to the amount net of the swap fee, as the contracts do', () => {
    const withFee = { ...pool, swapFee: 0.01 }
    // 303 * 0.99 = 299.97 <= 300 passes; 304 * 0.99 = 300.96 > 300 reverts.
    expect(outGivenIn(withFee, 0, 1, 303)).toBeGreaterThan(0)
    expectPoolError(
      () => outGivenIn(withFee, 0, 1, 304),
      'MAX_IN_RATIO',
      'MAX_IN_RATIO: amount in 304 (300.96 after the swap fee) exceeds 30% of balance 1000',
    )
  })
  it('rejects a bad pair and a bad amount', () => {
    expectPoolError(
      () => outGivenIn(pool, 1, 1, 1),
      'TOKEN_INDEX',
      'TOKEN_INDEX: tokenIn and tokenOut are both 1',
    )
    expectPoolError(
      () => outGivenIn(pool, 0, 2, 1),
      'TOKEN_INDEX',
      'TOKEN_INDEX: token index 2 is out of range for 2 tokens',
    )
    expectPoolError(
      () => outGivenIn(pool, 0, 1, -1),
      'AMOUNT_INVALID',
      'AMOUNT_INVALID: amount in -1 is not a finite number >= 0',
    )
    expectPoolError(
      () => outGivenIn(pool, 0, 1, NaN),
      'AMOUNT_INVALID',
      'AMOUNT_INVALID: amount in NaN is not a finite number >= 0',
    )
  })
})

describe('inGivenOut', () => {
  const pool = { balances: [1_000, 4_000], weights: [0.5, 0.5], swapFee: 0 }
  it('reduces to x * y = k for a fee-free 50/50 pool', () => {
    expect(inGivenOut(pool, 0, 1, 40)).toBeCloseTo((1_000 * 40) / 3_960, 12) // x*o/(y-o)
  })
  it('grosses the fee up on the input: x * o / (y - o) / (1 - f) at 50/50', () => {
    const withFee = { ...pool, swapFee: 0.01 }
    expect(inGivenOut(withFee, 0, 1, 40)).toBeCloseTo((1_000 * 40) / 3_960 / 0.99, 12)
  })
  it('stays within 2e-14 relative of a 50-digit recomputation', () => {
    // Worst case measured over 2e4 cases (seed 42): 5.8e-15. The exponent w_o/w_i reaches 99,
    // so expm1 of up to ~35 amplifies one rounding of its argument 35-fold (35 * 1.1e-16).
    fc.assert(
      fc.property(swapCase(1e-9), ({ bIn, wIn, bOut, wOut, fee, share }) => {
        const amountOut = share * bOut
        const want = inGivenOutDecimal(bIn, wIn, bOut, wOut, amountOut, fee)
        const got = computeInGivenOut(bIn, wIn, bOut, wOut, amountOut, fee)
        expect(relativeError(want, got)).toBeLessThan(2e-14)
      }),
      fcParams(600),
    )
  })
  it('is the inverse of outGivenIn (same fee treatment), to 1e-12 relative', () => {
    // Both invert the same curve; the bound covers inGivenOut's 35x amplification above.
    fc.assert(
      fc.property(swapCase(1e-6), ({ bIn, wIn, bOut, wOut, fee, share }) => {
        const amountOut = share * bOut
        const amountIn = computeInGivenOut(bIn, wIn, bOut, wOut, amountOut, fee)
        const back = computeOutGivenIn(bIn, wIn, bOut, wOut, amountIn, fee)
        expect(Math.abs(back - amountOut) / amountOut).toBeLessThan(1e-12)
      }),
      fcParams(1_000),
    )
  })
  it('rejects more than 30 % of the balance out, naming both values', () => {
    expectPoolError(
      () => inGivenOut(pool, 0, 1, 1_201),
      'MAX_OUT_RATIO',
      'MAX_OUT_RATIO: amount out 1201 exceeds 30% of balance 4000',
    )
    expectPoolError(
      () => inGivenOut(pool, 0, 1, Infinity),
      'AMOUNT_INVALID',
      'AMOUNT_INVALID: amount out Infinity is not a finite number >= 0',
    )
  })
})

describe('the state after a swap', () => {
  it('has the spot price of the closed form on the new balances (50/50: (x+a)^2 / (x y))', () => {
    const pool = { balances: [1_000, 4_000], weights: [0.5, 0.5], swapFee: 0 }
    const out = outGivenIn(pool, 0, 1, 100)
    const after = { ...pool, balances: swapBalances(pool.balances, 0, 1, 100, out) }
    expect(spotPrice(after, 0, 1)).toBeCloseTo((1_100 * 1_100) / (1_000 * 4_000), 14)
  })
  it('keeps the invariant of a fee-free trade to float tolerance, checked in 50 digits', () => {
    // Tolerance derived, not fitted: `out` carries <= 1e-15 relative error (measured 5.5e-16)
    // and B_o - out one more rounding, so the new balance out is off by ~1e-15 * out / B_o'
    // relative, which moves V by w_o times that; a 99:1 weight ratio can leave B_o' = 5e-12 B_o,
    // hence the factor rather than a flat bound. Plus 2e-16 for the rounding of B_i + a.
    fc.assert(
      fc.property(swapCase(1e-9), ({ pool, share, wOut }) => {
        const free = { ...pool, swapFee: 0 }
        const amountIn = share * pool.balances[0]!
        const out = outGivenIn(free, 0, 1, amountIn)
        const after = swapBalances(pool.balances, 0, 1, amountIn, out)
        const ratio = invariantDecimal(after, pool.weights).div(
          invariantDecimal(pool.balances, pool.weights),
        )
        const tolerance = 2e-16 + 2e-15 * (1 + (wOut * out) / after[1]!)
        expect(ratio.minus(1).abs().toNumber()).toBeLessThan(tolerance)
      }),
      fcParams(300),
    )
  })
  it('raises the invariant by the fee: V1/V0 = sqrt((x + a) / (x + a(1-f))) at 50/50', () => {
    // 50/50: y - out = x y / (x + a(1-f)), so V1^2 / V0^2 = (x + a) / (x + a(1-f)).
    const pool = { balances: [1_000, 4_000], weights: [0.5, 0.5], swapFee: 0.01 }
    const out = outGivenIn(pool, 0, 1, 100)
    const after = swapBalances(pool.balances, 0, 1, 100, out)
    const want = Math.sqrt(1_100 / 1_099)
    const got =
      computeInvariant(after, pool.weights) / computeInvariant(pool.balances, pool.weights)
    expect(Math.abs(got - want)).toBeLessThan(1e-14) // two invariants at ~3e-15 each
  })
  it('never lowers the invariant with a fee, beyond float tolerance, checked in 50 digits', () => {
    // Same derived tolerance as the fee-free case: float can lose only its rounding of B_o'.
    // In ordinary states the fee's gain (~w_i * f * a / B_i) dominates and V strictly rises.
    fc.assert(
      fc.property(swapCase(1e-6), ({ pool, share, wOut }) => {
        const amountIn = share * pool.balances[0]!
        const out = outGivenIn(pool, 0, 1, amountIn)
        const after = swapBalances(pool.balances, 0, 1, amountIn, out)
        const ratio = invariantDecimal(after, pool.weights).div(
          invariantDecimal(pool.balances, pool.weights),
        )
        const tolerance = 2e-16 + 2e-15 * (1 + (wOut * out) / after[1]!)
        expect(ratio.minus(1).toNumber()).toBeGreaterThan(-tolerance)
      }),
      fcParams(300),
    )
  })
  it('moves the whole amount in, fee included, into the pool', () => {
    expect(swapBalances([100, 100], 0, 1, 10, 9)).toEqual([110, 91])
  })
})
