import { describe, expect, it } from 'vitest'
import { PoolError } from '../../../src/errors.js'
import { createPool, tokenIndexOf } from '../../../src/pool/float/pool.js'

function expectPoolError(run: () => unknown, code: string, message: string): void {
  expect(run).toThrow(PoolError)
  expect(run).toThrow(expect.objectContaining({ code, message }))
}

const options = {
  tokens: ['ETH', 'USDC'],
  balances: [500, 1e6],
  weights: [0.5, 0.5],
  swapFee: 0.003,
}

describe('createPool', () => {
  it('mints the invariant times the token count as the initial supply (V3 onInitialize)', () => {
    const pool = createPool({ ...options, balances: [100, 400] }) // V = sqrt(100 * 400) = 200
    expect(pool.state.totalSupply).toBeCloseTo(400, 12)
    expect(createPool({ ...options, totalSupply: 7 }).state.totalSupply).toBe(7)
  })
  it('swaps by symbol or index and moves the whole amount in into the pool', () => {
    const pool = createPool(options)
    const out = pool.swapExactIn('ETH', 1, 1)
    // x * y = k with the fee off the input: 1e6 * 0.997 / 500.997
    expect(out).toBeCloseTo((1e6 * 0.997) / 500.997, 9)
    expect(pool.state.balances[0]).toBe(501)
    expect(pool.state.balances[1]).toBeCloseTo(1e6 - (1e6 * 0.997) / 500.997, 9)
    const paid = pool.swapExactOut(1, 'ETH', 0.5)
    expect(pool.state.balances[1]).toBeCloseTo(1e6 - out + paid, 9)
    expect(pool.state.balances[0]).toBe(500.5)
  })
  it('prices with and without the fee, from its current state', () => {
    const pool = createPool(options)
    expect(pool.spotPrice('USDC', 'ETH')).toBeCloseTo(2_000, 10)
    expect(pool.spotPriceWithFee('USDC', 'ETH')).toBeCloseTo(2_000 / 0.997, 10)
    expect(pool.invariant()).toBeCloseTo(Math.sqrt(500 * 1e6), 9)
  })
  it('joins and exits, updating balances and supply', () => {
    const pool = createPool({ ...options, totalSupply: 100 })
    expect(pool.addLiquidityProportional(10).amountsIn).toEqual([50, 1e5])
    expect(pool.state.totalSupply).toBe(110)
    pool.removeLiquidityProportional(11)
    expect(pool.state.balances).toEqual([495, 990_000])
    expect(pool.state.totalSupply).toBe(99)
    const join = pool.addLiquiditySingleTokenExactOut('ETH', 9.9)
    expect(pool.state.balances[0]).toBeCloseTo(495 + join.amountsIn[0]!, 12)
    pool.removeLiquiditySingleTokenExactIn('ETH', 9.9)
    pool.addLiquidityUnbalanced([0, 1_000])
    pool.removeLiquiditySingleTokenExactOut('USDC', 1_000)
    expect(pool.state.balances[1]).toBeCloseTo(990_000, 6)
  })
  it('hands out a plain copy: editing it does not change the pool', () => {
    const pool = createPool(options)
    const copy = pool.state
    ;(copy.balances as number[])[0] = 1
    expect(pool.state.balances[0]).toBe(500)
    expect(JSON.parse(JSON.stringify(pool.state))).toEqual(pool.state)
  })
  it('accepts a zero fee only with allowZeroFee', () => {
    expectPoolError(
      () => createPool({ ...options, swapFee: 0 }),
      'SWAP_FEE_RANGE',
      'SWAP_FEE_RANGE: swap fee 0 is outside [1e-6, 0.1]',
    )
    expect(
      createPool({ ...options, swapFee: 0, allowZeroFee: true }).swapExactIn(0, 1, 1),
    ).toBeCloseTo(1e6 / 501, 9)
  })
  it('sets new weights, validated', () => {
    const pool = createPool(options)
    pool.setWeights([0.8, 0.2])
    expect(pool.state.weights).toEqual([0.8, 0.2])
    expectPoolError(
      () => {
        pool.setWeights([0.8, 0.1])
      },
      'WEIGHT_SUM',
      'WEIGHT_SUM: weights sum to 0.9 (off by -0.1), not 1 within 1e-12',
    )
    expectPoolError(
      () => {
        pool.setWeights([1])
      },
      'TOKEN_COUNT',
      'TOKEN_COUNT: weights has 1 entries, balances 2',
    )
  })
  it('rejects mismatched tokens, repeated symbols, unknown tokens and a bad supply', () => {
    expectPoolError(
      () => createPool({ ...options, tokens: ['ETH'] }),
      'TOKEN_COUNT',
      'TOKEN_COUNT: tokens has 1 entries, balances 2',
    )
    expectPoolError(
      () => createPool({ ...options, tokens: ['ETH', 'ETH'] }),
      'TOKEN_INDEX',
      "TOKEN_INDEX: token 'ETH' appears twice",
    )
    expectPoolError(
      () => createPool(options).swapExactIn('BTC', 'ETH', 1),
      'TOKEN_INDEX',
      "TOKEN_INDEX: unknown token 'BTC'; the pool holds ETH, USDC",
    )
    expectPoolError(
      () => createPool({ ...options, totalSupply: 0 }),
      'BPT_OUT_MIN',
      'BPT_OUT_MIN: total supply 0 is not a positive finite number',
    )
    expectPoolError(
      () => createPool({ ...options, balances: [500, -1] }),
      'BALANCE_NON_POSITIVE',
      'BALANCE_NON_POSITIVE: balances[1] -1 is not a positive finite number',
    )
  })
  it('runs the manual example (docs-drafts/pool.md) with the values it states', () => {
    const pool = createPool({
      tokens: ['ETH', 'USDC'],
      balances: [500, 1e6],
      weights: [0.5, 0.5],
      swapFee: 0.003,
    })
    expect(pool.spotPrice('USDC', 'ETH')).toBeCloseTo(2_000, 10)
    expect(pool.swapExactIn('ETH', 'USDC', 1)).toBeCloseTo(1_990.03, 2)
    const join = pool.addLiquiditySingleTokenExactOut('USDC', 10)
    expect(join.amountsIn[0]).toBe(0)
    expect(pool.state.balances[1]).toBeCloseTo(1e6 - 1_990.031876 + join.amountsIn[1]!, 5)
  })
  it('resolves tokens by symbol and range-checks indices', () => {
    expect(tokenIndexOf(['ETH', 'USDC'], 'USDC')).toBe(1)
    expectPoolError(
      () => tokenIndexOf(['ETH', 'USDC'], 2),
      'TOKEN_INDEX',
      'TOKEN_INDEX: token index 2 is out of range for 2 tokens',
    )
  })
})
