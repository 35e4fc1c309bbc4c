import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PoolError } from '../../../src/errors.js'
import { computeInvariant } from '../../../src/pool/float/invariant.js'
import {
  addLiquidityProportional,
  addLiquiditySingleTokenExactOut,
  addLiquidityUnbalanced,
  removeLiquidityProportional,
  removeLiquiditySingleTokenExactIn,
  removeLiquiditySingleTokenExactOut,
} from '../../../src/pool/float/liquidity.js'
import { spotPrice } from '../../../src/pool/float/spotPrice.js'
import type { WeightedPoolWithSupply } from '../../../src/pool/float/types.js'
import { arbitraryPool, fcParams } from '../../arbitraries.js'
import {
  addSingleExactOutDecimal,
  addUnbalancedDecimal,
  relativeError,
  removeSingleExactInDecimal,
  removeSingleExactOutDecimal,
} from './oracle.js'

function expectPoolError(run: () => unknown, code: string, message: string): void {
  expect(run).toThrow(PoolError)
  expect(run).toThrow(expect.objectContaining({ code, message }))
}

/** 50/50, fee-free: every closed form below is a square or a square root. */
const even: WeightedPoolWithSupply = {
  balances: [10, 20],
  weights: [0.5, 0.5],
  swapFee: 0,
  totalSupply: 100,
}
const withFee: WeightedPoolWithSupply = { ...even, swapFee: 0.01 }

/** A random pool and a size: `share` of the supply or balance, `shares` per token (or 0). */
const liquidityCase = fc.record({
  pool: arbitraryPool(),
  share: fc.double({ min: 1e-9, max: 0.25, noNaN: true }),
  shares: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-9, max: 0.5, noNaN: true })), {
    minLength: 8,
    maxLength: 8,
  }),
  token: fc.nat(),
})

describe('proportional joins and exits', () => {
  it('pay and receive bpt / S of every balance, with no fee', () => {
    const join = addLiquidityProportional(withFee, 10)
    expect(join.amountsIn).toEqual([1, 2])
    expect(join.swapFeeAmounts).toEqual([0, 0])
    expect(join.balances).toEqual([11, 22])
    expect(join.totalSupply).toBe(110)
    const exit = removeLiquidityProportional(withFee, 25)
    expect(exit.amountsOut).toEqual([2.5, 5])
    expect(exit.balances).toEqual([7.5, 15])
    expect(exit.totalSupply).toBe(75)
  })
  it('leave every spot price unchanged and scale the invariant with the supply', () => {
    // Every balance times (1 + s): price ratios move only by rounding, 4 ulp at most.
    fc.assert(
      fc.property(liquidityCase, ({ pool, share }) => {
        const join = addLiquidityProportional(pool, share * pool.totalSupply)
        const after = { ...pool, balances: join.balances }
        for (let i = 1; i < pool.balances.length; i++)
          expect(Math.abs(spotPrice(after, 0, i) / spotPrice(pool, 0, i) - 1)).toBeLessThan(1e-15)
        const growth =
          computeInvariant(join.balances, pool.weights) /
          computeInvariant(pool.balances, pool.weights)
        expect(Math.abs(growth / (join.totalSupply / pool.totalSupply) - 1)).toBeLessThan(1e-14)
      }),
      fcParams(500),
    )
  })
})

describe('closed forms of the single-token and unbalanced operations (50/50, fee-free)', () => {
  it('unbalanced join of proportional amounts mints bpt / S = the share', () => {
    const join = addLiquidityUnbalanced(even, [1, 2])
    expect(join.bptOut).toBeCloseTo(10, 12)
    expect(join.swapFeeAmounts).toEqual([0, 0])
  })
  it('single-token join: a = B ((1 + bpt/S)^(1/w) - 1) = 10 * (1.1^2 - 1) = 2.1', () => {
    const join = addLiquiditySingleTokenExactOut(even, 0, 10)
    expect(join.amountsIn[0]).toBeCloseTo(2.1, 13)
    expect(join.amountsIn[1]).toBe(0)
    expect(join.balances[0]).toBeCloseTo(12.1, 13)
    expect(join.totalSupply).toBe(110)
  })
  it('single-token exit, exact in: a = B (1 - (1 - bpt/S)^(1/w)) = 10 * (1 - 0.81) = 1.9', () => {
    const exit = removeLiquiditySingleTokenExactIn(even, 0, 10)
    expect(exit.amountsOut[0]).toBeCloseTo(1.9, 13)
    expect(exit.totalSupply).toBe(90)
  })
  it('single-token exit, exact out: bpt = S (1 - ((B - a) / B)^w) = 100 * (1 - 0.9) = 10', () => {
    const exit = removeLiquiditySingleTokenExactOut(even, 0, 1.9)
    expect(exit.bptIn).toBeCloseTo(10, 12)
    expect(exit.balances[0]).toBeCloseTo(8.1, 14)
  })
  it('single-token join by amount equals the join by BPT: the two are inverse at fee 0', () => {
    const pool = { ...even, weights: [0.8, 0.2] }
    const amountIn = addLiquiditySingleTokenExactOut(pool, 1, 7).amountsIn[1]!
    expect(addLiquidityUnbalanced(pool, [0, amountIn]).bptOut).toBeCloseTo(7, 12)
  })
})

describe('fees on the non-proportional part', () => {
  it('single-token join: taxable B (r^(1/w) - r) = 10 * (1.21 - 1.1) = 1.1 is grossed up', () => {
    const join = addLiquiditySingleTokenExactOut(withFee, 0, 10)
    expect(join.swapFeeAmounts[0]).toBeCloseTo((1.1 * 0.01) / 0.99, 13)
    expect(join.amountsIn[0]).toBeCloseTo(2.1 + (1.1 * 0.01) / 0.99, 13)
  })
  it('unbalanced join of one token: the part above (r - 1) B pays the fee', () => {
    // a = [2.1, 0]: r = sqrt(12.1 / 10) = 1.1, proportional part 1, taxable 1.1.
    const join = addLiquidityUnbalanced(withFee, [2.1, 0])
    expect(join.swapFeeAmounts[0]).toBeCloseTo(0.011, 14)
    expect(join.bptOut).toBeCloseTo(100 * (Math.sqrt((12.1 - 0.011) / 10) - 1), 12)
    expect(join.balances).toEqual([12.1, 20]) // the fee stays in the pool
  })
  it('single-token exit, exact in: taxable B (r - r^(1/w)) = 10 * (0.9 - 0.81) = 0.9 pays it', () => {
    const exit = removeLiquiditySingleTokenExactIn(withFee, 0, 10)
    expect(exit.swapFeeAmounts[0]).toBeCloseTo(0.009, 14)
    expect(exit.amountsOut[0]).toBeCloseTo(1.9 - 0.009, 13)
  })
  it('single-token exit, exact out: taxable r B - (B - a) = 9 - 8.1 = 0.9 is grossed up', () => {
    const exit = removeLiquiditySingleTokenExactOut(withFee, 0, 1.9)
    const fee = (0.9 * 0.01) / 0.99
    expect(exit.swapFeeAmounts[0]).toBeCloseTo(fee, 14)
    expect(exit.bptIn).toBeCloseTo(100 * (1 - Math.sqrt((8.1 - fee) / 10)), 12)
    expect(exit.balances[0]).toBeCloseTo(8.1, 14)
  })
})

describe('no profit from joining and leaving', () => {
  it('single-token join then exit of the same BPT returns less than was paid in', () => {
    // Closed form: the exit returns a + fee_join (1 - r^(-1/w)) - fee_exit < a + fee_join.
    const join = addLiquiditySingleTokenExactOut(withFee, 0, 10)
    const after = { ...withFee, balances: join.balances, totalSupply: join.totalSupply }
    const exit = removeLiquiditySingleTokenExactIn(after, 0, 10)
    expect(exit.amountsOut[0]).toBeLessThan(join.amountsIn[0]!)
    expect(exit.amountsOut[0]).toBeCloseTo(
      2.1 + join.swapFeeAmounts[0]! * (1 - 1 / 1.21) - exit.swapFeeAmounts[0]!,
      13,
    )
  })
  it('never returns more on random pools: single-token join then exit', () => {
    fc.assert(
      fc.property(liquidityCase, ({ pool, share, token }) => {
        const i = token % pool.balances.length
        const bpt = share * pool.totalSupply
        const join = addLiquiditySingleTokenExactOut(pool, i, bpt)
        const after = { ...pool, balances: join.balances, totalSupply: join.totalSupply }
        const exit = removeLiquiditySingleTokenExactIn(after, i, bpt)
        expect(exit.amountsOut[i]).toBeLessThanOrEqual(join.amountsIn[i]!)
      }),
      fcParams(1_000),
    )
  })
  it('never returns more on random pools: unbalanced join then proportional exit, valued at spot', () => {
    // Valued at the pool's marginal prices before the join (w_k / B_k per token unit, up to a
    // common factor): the set {V >= V0} is convex, so a round trip cannot gain at those prices.
    // Proportional amounts pay no fee and break even, up to rounding: 1e-14 relative slack.
    fc.assert(
      fc.property(liquidityCase, ({ pool, share, shares }) => {
        const amountsIn = pool.balances.map((b, k) => b * shares[k]! * share * 4)
        const join = addLiquidityUnbalanced(pool, amountsIn)
        const after = { ...pool, balances: join.balances, totalSupply: join.totalSupply }
        const exit = removeLiquidityProportional(after, join.bptOut)
        const value = (amounts: readonly number[]) =>
          amounts.reduce((sum, a, k) => sum + (a * pool.weights[k]!) / pool.balances[k]!, 0)
        const paid = value(amountsIn)
        expect(value(exit.amountsOut)).toBeLessThanOrEqual(paid + paid * 1e-14)
      }),
      fcParams(1_000),
    )
  })
})

describe('float error against a 50-digit recomputation', () => {
  // Worst cases measured over 2e4 cases (seed 42), relative: unbalanced bptOut 6.2e-16,
  // single join amountIn 4.8e-15 (1/w up to 100 amplifies as in inGivenOut), exit exact in
  // 4.7e-16, exit exact out bptIn 4.9e-16; fees, relative to the amount, at most 4.8e-16.
  // Bounds: 1e-14 (2e-14 for the single join), and 2e-15 of the amount for fees.
  it('addLiquidityUnbalanced', () => {
    fc.assert(
      fc.property(liquidityCase, ({ pool, share, shares }) => {
        const amountsIn = pool.balances.map((b, k) => b * shares[k]! * share * 4)
        const got = addLiquidityUnbalanced(pool, amountsIn)
        const want = addUnbalancedDecimal(
          pool.balances,
          pool.weights,
          amountsIn,
          pool.totalSupply,
          pool.swapFee,
        )
        expect(relativeError(want.bptOut, got.bptOut)).toBeLessThan(1e-14)
        got.swapFeeAmounts.forEach((fee, k) => {
          const scale = amountsIn[k]! > 0 ? amountsIn[k]! : 1
          expect(want.swapFeeAmounts[k]!.minus(fee).abs().div(scale).toNumber()).toBeLessThan(2e-15)
        })
      }),
      fcParams(200),
    )
  })
  it('addLiquiditySingleTokenExactOut', () => {
    fc.assert(
      fc.property(liquidityCase, ({ pool, share, token }) => {
        const i = token % pool.balances.length
        const got = addLiquiditySingleTokenExactOut(pool, i, share * pool.totalSupply)
        const want = addSingleExactOutDecimal(
          pool.balances[i]!,
          pool.weights[i]!,
          share * pool.totalSupply,
          pool.totalSupply,
          pool.swapFee,
        )
        expect(relativeError(want.amountIn, got.amountsIn[i]!)).toBeLessThan(2e-14)
        expect(
          want.fee.minus(got.swapFeeAmounts[i]!).abs().div(want.amountIn).toNumber(),
        ).toBeLessThan(2e-15)
      }),
      fcParams(300),
    )
  })
  it('removeLiquiditySingleTokenExactIn', () => {
    fc.assert(
      fc.property(liquidityCase, ({ pool, share, token }) => {
        const i = token % pool.balances.length
        const got = removeLiquiditySingleTokenExactIn(pool, i, share * pool.totalSupply)
        const want = removeSingleExactInDecimal(
          pool.balances[i]!,
          pool.weights[i]!,
          share * pool.totalSupply,
          pool.totalSupply,
          pool.swapFee,
        )
        expect(relativeError(want.amountOut, got.amountsOut[i]!)).toBeLessThan(1e-14)
        expect(
          want.fee.minus(got.swapFeeAmounts[i]!).abs().div(want.amountOut).toNumber(),
        ).toBeLessThan(2e-15)
      }),
      fcParams(300),
    )
  })
  it('removeLiquiditySingleTokenExactOut', () => {
    fc.assert(
      fc.property(liquidityCase, ({ pool, share, token }) => {
        const i = token % pool.balances.length
        const amountOut = share * pool.balances[i]! // <= 25 %: ratio >= 0.75^w >= 0.75
        const got = removeLiquiditySingleTokenExactOut(pool, i, amountOut)
        const want = removeSingleExactOutDecimal(
          pool.balances[i]!,
          pool.weights[i]!,
          amountOut,
          pool.totalSupply,
          pool.swapFee,
        )
        expect(relativeError(want.bptIn, got.bptIn)).toBeLessThan(1e-14)
        expect(want.fee.minus(got.swapFeeAmounts[i]!).abs().div(amountOut).toNumber()).toBeLessThan(
          2e-15,
        )
      }),
      fcParams(300),
    )
  })
})

describe('limits and errors', () => {
  it('rejects a join raising the invariant above 3x', () => {
    expectPoolError(
      () => addLiquidityUnbalanced(even, [90, 160]), // sqrt(100/10 * 180/20) = sqrt(90)
      'MAX_INVARIANT_RATIO',
      'MAX_INVARIANT_RATIO: join would raise the invariant 9.48683x, above the 3x maximum',
    )
    expectPoolError(
      () => addLiquiditySingleTokenExactOut(even, 0, 201),
      'MAX_INVARIANT_RATIO',
      'MAX_INVARIANT_RATIO: join would raise the invariant 3.01x, above the 3x maximum',
    )
    expect(addLiquiditySingleTokenExactOut(even, 0, 200).totalSupply).toBe(300) // 3x itself passes
  })
  it('rejects an exit lowering the invariant below 0.7x', () => {
    expectPoolError(
      () => removeLiquiditySingleTokenExactIn(even, 1, 31),
      'MIN_INVARIANT_RATIO',
      'MIN_INVARIANT_RATIO: exit would lower the invariant to 0.69x, below the 0.7x minimum',
    )
    expectPoolError(
      () => removeLiquiditySingleTokenExactOut(even, 0, 6), // sqrt(0.4) = 0.632
      'MIN_INVARIANT_RATIO',
      'MIN_INVARIANT_RATIO: exit would lower the invariant to 0.632456x, below the 0.7x minimum',
    )
    expectPoolError(
      () => removeLiquiditySingleTokenExactOut(even, 0, 11), // more than the balance: ratio 0
      'MIN_INVARIANT_RATIO',
      'MIN_INVARIANT_RATIO: exit would lower the invariant to 0x, below the 0.7x minimum',
    )
  })
  it('rejects an exact-out exit whose fee would empty a 1 %-weight balance', () => {
    // w = 0.01: removing 99 % of the balance lowers V only to 0.01^0.01 = 0.955, but the fee on
    // the taxable 0.955 B - 0.01 B, grossed up at a 10 % fee, is 0.945 B / 9 = 0.105 B: more
    // than the 0.01 B left (0.01^0.01 = 0.95499, so the fee is 94.499 / 9 = 10.4999).
    const pool = { balances: [100, 100], weights: [0.99, 0.01], swapFee: 0.1, totalSupply: 100 }
    expectPoolError(
      () => removeLiquiditySingleTokenExactOut(pool, 1, 99),
      'BALANCE_NON_POSITIVE',
      'BALANCE_NON_POSITIVE: amount out 99 plus swap fee 10.4999 would empty balances[1] 100',
    )
  })
  it('rejects a proportional exit of the whole supply, and a bad supply', () => {
    expectPoolError(
      () => removeLiquidityProportional(even, 100),
      'BPT_OUT_MIN',
      'BPT_OUT_MIN: bptIn 100 is not below the total supply 100',
    )
    expectPoolError(
      () => addLiquidityProportional({ ...even, totalSupply: -1 }, 1),
      'BPT_OUT_MIN',
      'BPT_OUT_MIN: total supply -1 is not a positive finite number',
    )
  })
  it('rejects bad amounts, lengths and indices', () => {
    expectPoolError(
      () => addLiquidityUnbalanced(even, [1, -2]),
      'AMOUNT_INVALID',
      'AMOUNT_INVALID: amountsIn[1] -2 is not a finite number >= 0',
    )
    expectPoolError(
      () => addLiquidityUnbalanced(even, [1]),
      'TOKEN_COUNT',
      'TOKEN_COUNT: amountsIn has 1 entries, balances 2',
    )
    expectPoolError(
      () => removeLiquidityProportional(even, NaN),
      'AMOUNT_INVALID',
      'AMOUNT_INVALID: bptIn NaN is not a finite number >= 0',
    )
    expectPoolError(
      () => removeLiquiditySingleTokenExactIn(even, 2, 1),
      'TOKEN_INDEX',
      'TOKEN_INDEX: token index 2 is out of range for 2 tokens',
    )
  })
})
