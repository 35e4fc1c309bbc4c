import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PoolError } from '../../../src/errors.js'
import { spotPrice, spotPriceWithFee } from '../../../src/pool/float/spotPrice.js'
import { computeOutGivenIn } from '../../../src/pool/float/swap.js'
import { arbitraryPool, fcParams } from '../../arbitraries.js'
import { D, relativeError } from './oracle.js'

describe('spotPrice', () => {
  const pool = { balances: [1e6, 500], weights: [0.5, 0.5], swapFee: 0.003 }
  it('is the balance ratio at 50/50 and weighs each balance by 1/w otherwise', () => {
    expect(spotPrice(pool, 0, 1)).toBeCloseTo(2_000, 10) // 1e6 USDC / 500 ETH
    expect(spotPrice(pool, 1, 0)).toBeCloseTo(1 / 2_000, 16)
    const eightyTwenty = { balances: [800, 200], weights: [0.8, 0.2], swapFee: 0.01 }
    expect(spotPrice(eightyTwenty, 1, 0)).toBeCloseTo(1, 14) // (200/0.2) / (800/0.8)
  })
  it('divides by (1 - fee) when the fee is included', () => {
    expect(spotPriceWithFee(pool, 0, 1)).toBeCloseTo(2_000 / 0.997, 10)
  })
  it('is the limit of amountIn / amountOut for a tiny fee-free trade', () => {
    // A trade of 1e-7 of the balance: amountIn/amountOut - spot = O(1e-7 * (1 + w_i/w_o)),
    // at most ~1e-5 for a 99:1 weight ratio; 2e-5 relative allows for it.
    fc.assert(
      fc.property(arbitraryPool(), (p) => {
        const [bIn, bOut, wIn, wOut] = [
          p.balances[0]!,
          p.balances[1]!,
          p.weights[0]!,
          p.weights[1]!,
        ]
        const amountIn = bIn * 1e-7
        const rate = amountIn / computeOutGivenIn(bIn, wIn, bOut, wOut, amountIn, 0)
        const spot = spotPrice(p, 0, 1)
        expect(Math.abs(rate / spot - 1)).toBeLessThan(2e-5)
      }),
      fcParams(500),
    )
  })
  it('stays within 1e-15 relative of a 50-digit recomputation', () => {
    // Three roundings (two products, one quotient): at most ~3.3e-16.
    fc.assert(
      fc.property(arbitraryPool(), (p) => {
        const want = new D(p.balances[0]!)
          .div(p.weights[0]!)
          .div(new D(p.balances[1]!).div(p.weights[1]!))
        expect(relativeError(want, spotPrice(p, 0, 1))).toBeLessThan(1e-15)
      }),
      fcParams(500),
    )
  })
  it('rejects a bad pair', () => {
    const run = () => spotPrice(pool, 0, 0)
    expect(run).toThrow(PoolError)
    expect(run).toThrow(
      expect.objectContaining({
        code: 'TOKEN_INDEX',
        message: 'TOKEN_INDEX: tokenIn and tokenOut are both 0',
      }),
    )
  })
})
