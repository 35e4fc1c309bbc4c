/**
 * Tests written to kill the mutants StrykerJS left alive in src/sim/engine/exactPool.ts
 * (docs/mutation.md) by exactEngine.test.ts, which reaches `createExactPool` mostly through
 * `runSimulation`, whose own checks run first: each refusal of `createExactPool` called directly
 * (path, message and values as its TSDoc states them), the fee bounds at their edges, the pool a
 * generation's model rejects, the V2 supply (invariant x tokens, against a 50-digit closed form),
 * the decimals kept, and the sign of the exact decimal conversion in `initialBalanceRaw`.
 */
import { Decimal } from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import {
  createExactPool,
  initialBalanceRaw,
  type CreateExactPoolOptions,
} from '../../../src/sim/engine/exactPool.js'

const D = Decimal.clone({ precision: 50 }) // private 50-digit context
const E18 = 10n ** 18n

const base: CreateExactPoolOptions = {
  math: 'exact-v2',
  decimals: [18, 6],
  weights: [0.5, 0.5],
  swapFee: 0.003,
  initialValue: 1e6,
  prices: [2000, 1],
}

/** The InputError createExactPool throws for `patch` over {@link base}. */
function refusal(patch: Partial<CreateExactPoolOptions>): InputError {
  try {
    createExactPool({ ...base, ...patch })
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).code).toBe('BAD_PARAMETER')
    return error as InputError
  }
  throw new Error(`accepted ${JSON.stringify(patch)}`)
}

describe('createExactPool refusals, called directly', () => {
  it.each([
    [[18, 19], 'pool.decimals[1]: expected an integer from 0 to 18, found 19'],
    [[-1, 6], 'pool.decimals[0]: expected an integer from 0 to 18, found -1'],
    [[18, 1.5], 'pool.decimals[1]: expected an integer from 0 to 18, found 1.5'],
  ])('refuses decimals %j, naming the index', (decimals, message) => {
    for (const math of ['exact-v2-2021', 'exact-v2', 'exact-v3'] as const)
      expect(refusal({ math, decimals }).message).toBe(message)
  })
  it('refuses decimals of another count than the weights, naming both counts', () => {
    expect(refusal({ decimals: [18] }).message).toBe(
      'pool.decimals: expected 2 decimals (one per token), found 1',
    )
    expect(refusal({ decimals: [18, 6, 8] }).message).toBe(
      'pool.decimals: expected 2 decimals (one per token), found 3',
    )
  })
  it('refuses a fee above the generation bound, with the fee among the values', () => {
    const error = refusal({ swapFee: 0.2 })
    expect(error.message).toBe(
      'pool.swapFee: exact-v2 pools accept a swap fee from 1e-6 to 0.1, found 0.2',
    )
    expect(error.values).toEqual({ swapFee: 0.2 })
    expect(refusal({ math: 'exact-v3', swapFee: 0.000009 }).message).toBe(
      'pool.swapFee: exact-v3 pools accept a swap fee from 1e-5 to 0.1, found 9e-6',
    )
  })
  it('accepts a fee on either bound, stored as 18-decimal', () => {
    for (const [math, low] of [
      ['exact-v2-2021', 10n ** 12n],
      ['exact-v2', 10n ** 12n],
      ['exact-v3', 10n ** 13n],
    ] as const) {
      const lowFee = math === 'exact-v3' ? 0.00001 : 0.000001
      expect(createExactPool({ ...base, math, swapFee: lowFee }).swapFee).toBe(low)
      expect(createExactPool({ ...base, math, swapFee: 0.1 }).swapFee).toBe(10n ** 17n)
    }
  })
  it('turns a pool the model rejects into BAD_PARAMETER at pool, with the model code as cause', () => {
    // A 0.5 % weight is below every generation's 1 % minimum (WEIGHT_MIN, checked by the model).
    for (const math of ['exact-v2-2021', 'exact-v2', 'exact-v3'] as const) {
      const error = refusal({ math, weights: [0.005, 0.995] })
      expect(error.message).toMatch(
        new RegExp(`^pool: the ${math} model rejects the initial pool: WEIGHT_MIN: `),
      )
      expect(error.values).toEqual({ cause: 'WEIGHT_MIN' })
    }
  })
})

describe('createExactPool: the pool it builds', () => {
  it('keeps its own copy of the decimals', () => {
    for (const math of ['exact-v2-2021', 'exact-v2', 'exact-v3'] as const) {
      const decimals = [18, 6]
      const pool = createExactPool({ ...base, math, decimals })
      expect(pool.decimals).toEqual([18, 6])
      expect(pool.decimals).not.toBe(decimals)
    }
  })
  it('mints invariant x tokens on a V2 pool: 2 sqrt(250 * 500000) at 50/50', () => {
    // Balances 250 ETH and 500,000 USDC (scaled to 18 decimals): invariant sqrt(B0 B1). The
    // exact pow is within ~1e-14 relative of the true power (its own error margin): bound 1e-13.
    const want = new D(250 * 500_000).sqrt().times(2)
    for (const math of ['exact-v2-2021', 'exact-v2'] as const) {
      const pool = createExactPool({ ...base, math })
      expect(pool.balancesRaw).toEqual([250n * E18, 500_000n * 10n ** 6n])
      const supply = new D(pool.totalSupply.toString()).div(1e18)
      expect(supply.minus(want).abs().div(want).toNumber()).toBeLessThan(1e-13)
      expect(pool.v2State!.totalSupply).toBe(pool.totalSupply)
    }
  })
})

describe('initialBalanceRaw: the exact decimal of each number, sign included', () => {
  it('is w V0 / p 10^d for one negative input (integer division, toward zero)', () => {
    // Values are never negative in a run; the conversion is still the number's exact decimal.
    expect(initialBalanceRaw(E18, -2, 1, 0)).toBe(-2n)
    expect(initialBalanceRaw(E18, 3, -2, 0)).toBe(-1n) // -1.5 toward zero
    expect(initialBalanceRaw(E18 / 2n, -2.5, 0.5, 1)).toBe(-25n)
    expect(initialBalanceRaw(E18, -2, -1, 0)).toBe(2n)
  })
})
