/**
 * Fuzzing the float pool: random sequences of swaps, joins and exits on random valid pools. Any
 * operation may be refused with a PoolError (a 30 % limit, an invariant ratio bound), but none
 * may return or leave a NaN, an infinity, a balance or supply at or below 0, and no round trip
 * (there and back through the pool) may return more than it took.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PoolError } from '../../../src/errors.js'
import { createPool } from '../../../src/pool/float/pool.js'
import type { WeightedPool } from '../../../src/pool/float/pool.js'
import { arbitraryPool, fcParams } from '../../arbitraries.js'

/** Random pools in this file; docs/development.md states the count (`FUZZ_POOLS` x up to 12 operations). */
const FUZZ_POOLS = 1_000

/**
 * Round trips may return at most this much more than they took, relative: the float rounding
 * of two pow/log calls (~1e-15 each). The smallest fee a pool may charge is 1e-6, so a real
 * profit from a mispriced round trip would show at 1e-6 times the taxed share, far above it.
 */
const ROUND_TRIP_ROUNDING = 1e-12

/** One operation: which, on which tokens, and its size as a fraction of what the pool allows. */
const operation = fc.record({
  kind: fc.constantFrom(
    'swapExactIn',
    'swapExactOut',
    'addLiquidityProportional',
    'addLiquidityUnbalanced',
    'addLiquiditySingleTokenExactOut',
    'removeLiquidityProportional',
    'removeLiquiditySingleTokenExactIn',
    'removeLiquiditySingleTokenExactOut',
    'swapRoundTrip',
    'singleTokenRoundTrip',
    'proportionalRoundTrip',
  ),
  first: fc.nat(),
  second: fc.nat(),
  size: fc.oneof(
    fc.double({ min: 1e-12, max: 0.35, noNaN: true }),
    fc.constantFrom(1e-9, 0.1, 0.3, 0.35),
  ),
  sizes: fc.array(fc.double({ min: 0, max: 0.5, noNaN: true }), { minLength: 8, maxLength: 8 }),
})
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never

/** Expects a finite, positive pool state. */
function expectSound(pool: WeightedPool): void {
  const { balances, totalSupply } = pool.state
  for (const balance of balances) {
    expect(Number.isFinite(balance)).toBe(true)
    expect(balance).toBeGreaterThan(0)
  }
  expect(Number.isFinite(totalSupply)).toBe(true)
  expect(totalSupply).toBeGreaterThan(0)
}

/** Expects every returned number to be finite and not negative. */
function expectAmounts(...amounts: number[]): void {
  for (const amount of amounts) {
    expect(Number.isFinite(amount)).toBe(true)
    expect(amount).toBeGreaterThanOrEqual(0)
  }
}

/** Runs one operation; round trips check that nothing is gained. */
function apply(pool: WeightedPool, op: Operation): void {
  const n = pool.tokens.length
  const i = op.first % n
  const o = (i + 1 + (op.second % (n - 1))) % n // another token than i
  const { balances, totalSupply } = pool.state
  switch (op.kind) {
    case 'swapExactIn':
      expectAmounts(pool.swapExactIn(i, o, op.size * balances[i]!))
      break
    case 'swapExactOut':
      expectAmounts(pool.swapExactOut(i, o, op.size * balances[o]!))
      break
    case 'addLiquidityProportional':
      expectAmounts(...pool.addLiquidityProportional(op.size * totalSupply).amountsIn)
      break
    case 'addLiquidityUnbalanced': {
      const r = pool.addLiquidityUnbalanced(balances.map((b, k) => op.sizes[k]! * b))
      expectAmounts(r.bptOut, ...r.amountsIn, ...r.swapFeeAmounts)
      break
    }
    case 'addLiquiditySingleTokenExactOut':
      expectAmounts(...pool.addLiquiditySingleTokenExactOut(i, op.size * totalSupply).amountsIn)
      break
    case 'removeLiquidityProportional':
      expectAmounts(...pool.removeLiquidityProportional(op.size * totalSupply).amountsOut)
      break
    case 'removeLiquiditySingleTokenExactIn':
      expectAmounts(...pool.removeLiquiditySingleTokenExactIn(i, op.size * totalSupply).amountsOut)
      break
    case 'removeLiquiditySingleTokenExactOut':
      expectAmounts(pool.removeLiquiditySingleTokenExactOut(i, op.size * balances[i]!).bptIn)
      break
    case 'swapRoundTrip': {
      const amountIn = op.size * balances[i]!
      const out = pool.swapExactIn(i, o, amountIn)
      const back = pool.swapExactIn(o, i, out)
      expectAmounts(out, back)
      expect(back).toBeLessThanOrEqual(amountIn * (1 + ROUND_TRIP_ROUNDING))
      break
    }
    case 'singleTokenRoundTrip': {
      const bpt = op.size * totalSupply
      const paid = pool.addLiquiditySingleTokenExactOut(i, bpt).amountsIn[i]!
      const received = pool.removeLiquiditySingleTokenExactIn(i, bpt).amountsOut[i]!
      expectAmounts(paid, received)
      expect(received).toBeLessThanOrEqual(paid * (1 + ROUND_TRIP_ROUNDING))
      break
    }
    case 'proportionalRoundTrip': {
      const bpt = op.size * totalSupply
      const paid = pool.addLiquidityProportional(bpt).amountsIn
      const received = pool.removeLiquidityProportional(bpt).amountsOut
      expectAmounts(...paid, ...received)
      received.forEach((amount, k) => {
        expect(amount).toBeLessThanOrEqual(paid[k]! * (1 + ROUND_TRIP_ROUNDING))
      })
      break
    }
  }
}

describe('float pool operations, fuzzed', () => {
  it('never give NaN, a balance at or below 0, or a profit on a round trip', () => {
    fc.assert(
      fc.property(arbitraryPool(), fc.array(operation, { maxLength: 12 }), (state, ops) => {
        const pool = createPool({ ...state, tokens: state.balances.map((_, k) => `T${k}`) })
        for (const op of ops) {
          const before = pool.state
          try {
            apply(pool, op)
          } catch (error) {
            // a refused operation is a PoolError and leaves the state as it was
            if (!(error instanceof PoolError)) throw error
            if (!op.kind.endsWith('RoundTrip')) expect(pool.state).toEqual(before)
          }
          expectSound(pool)
        }
      }),
      fcParams(FUZZ_POOLS),
    )
  })
})
