/**
 * The engine on the exact maths (`pool.math` exact-v2-2021 / exact-v2 / exact-v3): the start
 * state's conversion rules, trades equal to the exact models called directly, agreement with float
 * runs, reverts, the rounding bias of 6-decimal tokens, the check's report, determinism, errors.
 */
import { Decimal } from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { exactV2, exactV2021, exactV3 } from '../../../src/pool/exact/api.js'
import { scalingFactorV2 } from '../../../src/pool/exact/decimals.js'
import {
  createExactPool,
  initialBalanceRaw,
  normalizedWeights18,
  toFixed18,
} from '../../../src/sim/engine/exactPool.js'
import { runSimulation } from '../../../src/sim/engine/runSimulation.js'
import type {
  AgentSpec,
  PoolMath,
  SimulationConfig,
  SimulationResult,
} from '../../../src/sim/engine/types.js'
import { lazy } from '../../lazy.js'
import { gbmSource, handSource } from './testPaths.js'

const D = Decimal.clone({ precision: 50 }) // private 50-digit context
const E18 = 10n ** 18n
const MATHS = ['exact-v2-2021', 'exact-v2', 'exact-v3'] as const

function run(config: Partial<SimulationConfig> & Pick<SimulationConfig, 'prices'>) {
  return runSimulation({
    pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6 },
    agents: [{ type: 'arbitrageur' }],
    benchmarks: [{ type: 'hodl' }, { type: 'constant-mix' }],
    seed: 1,
    ...config,
  })
}

function check(result: SimulationResult) {
  if (!result.exactCheck) throw new Error('expected an exactCheck section')
  return result.exactCheck
}

describe('exact pool start: conversion rules', () => {
  it('turns decimal fractions into 18-decimal integers without float rounding', () => {
    expect(toFixed18(0.003)).toBe(3n * 10n ** 15n)
    expect(toFixed18(0.1)).toBe(10n ** 17n)
    // 0.1 + 0.2 in float is 0.30000000000000004: its shortest string has 17 digits, rounded half even.
    expect(toFixed18(0.1 + 0.2)).toBe(300000000000000040n)
  })
  it('makes weights sum to exactly 1e18, the residual on the largest weight', () => {
    const third = normalizedWeights18([1 / 3, 1 / 3, 1 / 3])
    // 1/3 prints as 0.3333333333333333 (16 threes): each is 333333333333333300, residual 100.
    expect(third).toEqual([333333333333333400n, 333333333333333300n, 333333333333333300n])
    expect(normalizedWeights18([0.2, 0.5, 0.3])).toEqual([
      2n * 10n ** 17n,
      5n * 10n ** 17n,
      3n * 10n ** 17n,
    ])
    const skew = normalizedWeights18([0.1, 0.2, 0.7 - 1e-10])
    expect(skew.reduce((a, b) => a + b, 0n)).toBe(E18)
    expect(skew[2]).toBe(7n * 10n ** 17n) // the largest took the 1e8 residual
  })
  it('floors w V0 / p to raw units, as a 50-digit recomputation does', () => {
    expect(initialBalanceRaw(5n * 10n ** 17n, 1e6, 2000, 18)).toBe(250n * E18)
    expect(initialBalanceRaw(5n * 10n ** 17n, 1e6, 1, 6)).toBe(500_000_000_000n)
    for (const [w, value, price, decimals] of [
      [333333333333333334n, 1e6, 3, 18],
      [123456789012345678n, 987654.321, 1234.5678, 8],
      [10n ** 16n, 1e9, 0.000123, 6],
    ] as const) {
      const want = new D(w.toString())
        .div(1e18)
        .times(value)
        .div(price)
        .times(new D(10).pow(decimals))
        .floor()
      expect(initialBalanceRaw(w, value, price, decimals).toString()).toBe(want.toFixed(0))
    }
  })
  it('truncates a V3 fee to the Vault granularity of 1e11 and initializes supply = invariant', () => {
    const pool = createExactPool({
      math: 'exact-v3',
      decimals: [18, 6],
      weights: [0.5, 0.5],
      swapFee: 0.00300005,
      initialValue: 1e6,
      prices: [2000, 1],
    })
    expect(pool.swapFee).toBe(3n * 10n ** 15n) // 3000050000000000 -> multiple of 1e11 below
    expect(pool.balancesRaw).toEqual([250n * E18, 500_000_000_000n])
    // invariant of 250 and 500000 at 50/50: sqrt(1.25e8) = 11180.339887…, 18 decimals, down.
    expect(Number(pool.totalSupply) / 1e18).toBeCloseTo(Math.sqrt(250 * 500_000), 9)
  })
})

describe('exact engine: a trade equals the exact model called directly', () => {
  // One market move: ETH 2000 -> 2200. The arbitrageur buys ETH with USDC (token 1 in).
  const prices = () =>
    handSource(
      ['ETH', 'USDC'],
      [
        [2000, 1],
        [2200, 1],
      ],
      3600,
      'USDC',
    )
  for (const math of MATHS) {
    it(`${math}: the engine's amount out is the model's for the engine's amount in`, () => {
      const result = run({
        pool: {
          weights: [0.5, 0.5],
          swapFee: 0.003,
          initialValue: 1e6,
          math,
          decimals: [18, 6],
        },
        prices: prices(),
      })
      const [ethRaw, usdcRaw] = check(result).balancesRaw.map(BigInt) as [bigint, bigint]
      const ethStart = 250n * E18
      const usdcStart = 500_000n * 10n ** 6n
      const amountInRaw = usdcRaw - usdcStart
      // The float plan: to the band edge, R1 (sqrt(gamma p / P) - 1) / gamma with P = 2000 (50/50).
      const gamma = 0.997
      const plan = (500_000 * (Math.sqrt((gamma * 2200) / 2000) - 1)) / gamma
      // Rounded down to raw units: 0 <= plan - amount < 1 raw unit (1e-6 slack for the plan's ulps).
      const below = plan * 1e6 - Number(amountInRaw)
      expect(below).toBeGreaterThan(-1e-6)
      expect(below).toBeLessThan(1)
      const state = {
        balancesRaw: [ethStart, usdcStart],
        weights: [5n * 10n ** 17n, 5n * 10n ** 17n],
        swapFee: 3n * 10n ** 15n,
      }
      let out: bigint
      if (math === 'exact-v3') {
        const pool = exactV3.createPool({ ...state, decimals: [18, 6], totalSupply: E18 })
        out = exactV3.outGivenIn(pool, 1, 0, amountInRaw)
      } else {
        const pool = {
          ...state,
          scalingFactors: [scalingFactorV2(18), scalingFactorV2(6)],
          totalSupply: E18,
        }
        out = (math === 'exact-v2' ? exactV2 : exactV2021).outGivenIn(pool, 1, 0, amountInRaw)
      }
      expect(ethRaw).toBe(ethStart - out)
      expect(result.metrics.trades).toBe(1)
      // The shadow pool: the formula in 50 digits for the same amount in, against the exact ETH
      // balance (USDC sides are equal). The float shadow carries ~1e-16 of rounding; 1e-15 bounds it.
      const amountIn = new D(amountInRaw.toString()).div(1e6)
      const outTrue = new D(250).times(
        new D(1).minus(new D(500_000).div(new D(500_000).plus(amountIn.times(0.997)))),
      )
      const exactEth = new D(ethRaw.toString()).div(1e18)
      const gap = new D(250).minus(outTrue).minus(exactEth).div(exactEth).toNumber()
      const c = check(result)
      expect(c.balances.count).toBe(1)
      expect(Math.abs(c.balances.max - gap)).toBeLessThan(1e-15)
      // Per trade: the formula's amount out against the exact one (same state and amount in).
      const exactOut = new D(out.toString()).div(1e18)
      expect(c.amountOut.count).toBe(1)
      expect(
        Math.abs(c.amountOut.max - outTrue.minus(exactOut).div(exactOut).toNumber()),
      ).toBeLessThan(1e-15)
      // Fee income is the fee on the exact amount in, valued at 1 USDC.
      expect(result.metrics.feeIncome).toBeCloseTo((0.003 * Number(amountInRaw)) / 1e6, 9)
    })
  }
})

describe('exact engine: agreement with float runs', () => {
  // Sizes stay far below the 30 % limits (sigma 0.5), where float and exact runs take the same
  // decisions. The exact pools' pow subtracts a 1e-14 relative margin from the power (V2-2021
  // always; V2/V3 except exponents 1, 2, 4), which keeps up to 1e-14 of the balance out in the
  // pool on every swap: the LP value may drift up by trades x 1e-14 relative (measured: 1.3e-11
  // after ~1,300 swaps, V2-2021); 2e-14 per swap bounds it. Fees, LVR and profits are sums over
  // trades: measured within 1.1e-12 of the volume (3 seeds, 2-4 tokens); bound 1e-11.
  const agents: AgentSpec[] = [
    { type: 'arbitrageur' },
    { type: 'noise', tradesPerDay: 24, medianSize: 5_000, sizeSigma: 0.5 },
  ]
  const config = (math: PoolMath): SimulationConfig => ({
    pool: { weights: [0.3, 0.3, 0.4], swapFee: 0.003, initialValue: 1e6, math },
    prices: gbmSource({
      tokens: 3,
      steps: 1_441,
      dt: 3600,
      sigma: 0.8,
      seed: 5,
      withNumeraire: true,
    }),
    agents,
    benchmarks: [{ type: 'hodl' }, { type: 'constant-mix' }],
    seed: 3,
  })
  const float = lazy(() => runSimulation(config('float')))
  for (const math of MATHS) {
    it(`${math}: same trades; values within the pow margin of the float run`, () => {
      const exact = runSimulation(config(math))
      const m = exact.metrics
      const f = float().metrics
      expect(m.trades).toBe(f.trades)
      expect(m.arbTrades).toBe(f.arbTrades)
      expect(m.noiseTrades).toBe(f.noiseTrades)
      expect(m.lpValue).toBeGreaterThanOrEqual(f.lpValue * (1 - 1e-15))
      expect((m.lpValue - f.lpValue) / f.lpValue).toBeLessThan(2e-14 * m.trades)
      for (const key of ['feeIncome', 'lvr', 'volume', 'arbProfit', 'marketPnl'] as const)
        expect(Math.abs(m[key] - f[key]) / f.volume, key).toBeLessThan(1e-11)
      const c = check(exact)
      expect(c.trades).toBe(m.trades)
      expect(c.amountOut.count).toBe(m.trades)
      expect(c.value.count).toBe(1_440)
      // The shadow took the same amounts in: its value differs by the same margins at most.
      expect(c.value.maxAbs).toBeLessThan(2e-14 * m.trades)
      // Per swap the exact pool pays at most the formula's amount (float kernel error ~1e-16).
      expect(c.amountOut.min).toBeGreaterThan(-1e-14)
      expect(c.amountOut.mean).toBeGreaterThan(0)
    })
  }
  it('keeps the accounting identity lpValue - V0 = marketPnl - lvr + feeIncome', () => {
    const m = runSimulation(config('exact-v3')).metrics
    // V0 of the exact pool is below 1e6 by the raw floors (< 1e-12 USD here); the rest is float.
    expect(Math.abs(m.lpValue - 1e6 - (m.marketPnl - m.lvr + m.feeIncome))).toBeLessThan(1e-6)
  })
})

describe('exact engine: reverts', () => {
  const flat = (steps: number) =>
    handSource(
      ['ETH', 'USDC'],
      Array.from({ length: steps }, () => [2000, 1]),
      3600,
      'USDC',
    )
  it('counts 30 % reverts by the contract name and retries them at 30 % of the balance', () => {
    for (const [math, name] of [
      ['exact-v3', 'MaxInRatio'],
      ['exact-v2', 'BAL#304'],
      ['exact-v2-2021', 'BAL#304'],
    ] as const) {
      // Every noise order is 10x the pool: the exact math reverts it, the retry goes through.
      const result = run({
        pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6, math },
        prices: flat(49),
        agents: [{ type: 'noise', tradesPerDay: 24, medianSize: 1e7, sizeSigma: 0 }],
      })
      const c = check(result)
      const trades = result.metrics.noiseTrades
      expect(trades).toBeGreaterThan(5)
      expect(c.reverts).toEqual({ [name]: trades })
      expect(c.shrunk).toBe(trades)
      expect(c.skipped).toBe(0)
      expect(result.metrics.noiseCapBinds).toBe(trades)
    }
  })
  it('retries a reverted order at floor(30 % of the raw balance in), through the exact model', () => {
    for (const math of MATHS) {
      // Seed 1 draws one order in the single step: ETH in, 10x the pool (a regression fixture).
      const result = run({
        pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6, math },
        prices: flat(2),
        agents: [{ type: 'noise', tradesPerDay: 24, medianSize: 1e7, sizeSigma: 0 }],
      })
      expect(result.metrics.noiseTrades).toBe(1)
      const amountInRaw = (250n * E18 * 3n) / 10n
      const state = {
        balancesRaw: [250n * E18, 500_000n * E18],
        weights: [5n * 10n ** 17n, 5n * 10n ** 17n],
        swapFee: 3n * 10n ** 15n,
        totalSupply: E18,
      }
      const out =
        math === 'exact-v3'
          ? exactV3.outGivenIn(
              exactV3.createPool({ ...state, decimals: [18, 18] }),
              0,
              1,
              amountInRaw,
            )
          : (math === 'exact-v2' ? exactV2 : exactV2021).outGivenIn(
              { ...state, scalingFactors: [E18, E18] },
              0,
              1,
              amountInRaw,
            )
      expect(check(result).balancesRaw).toEqual([
        (250n * E18 + amountInRaw).toString(),
        (500_000n * E18 - out).toString(),
      ])
    }
  })
  it('skips V3 swaps below the 1e6 minimum trade amount, leaving the pool untouched', () => {
    const result = run({
      pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6, math: 'exact-v3' },
      prices: flat(49),
      // 1e-14 USDC a trade: 1e4 wei of an 18-decimal token, below V3's 1e6 scaled18 minimum.
      agents: [{ type: 'noise', tradesPerDay: 24, medianSize: 1e-14, sizeSigma: 0 }],
    })
    const c = check(result)
    expect(result.metrics.trades).toBe(0)
    expect(c.reverts).toEqual({ TradeAmountTooSmall: c.skipped })
    expect(c.skipped).toBeGreaterThan(5)
    expect(c.balancesRaw).toEqual([(250n * E18).toString(), (500_000n * E18).toString()])
  })
})

describe('exact engine: 6-decimal rounding favours the pool', () => {
  for (const math of MATHS) {
    it(`${math}: the exact pool never pays more than the float formula, and ends richer`, () => {
      const c = check(
        run({
          pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6, math, decimals: [18, 6] },
          prices: gbmSource({
            tokens: 2,
            steps: 721,
            dt: 3600,
            sigma: 0.8,
            seed: 2,
            withNumeraire: true,
          }),
          agents: [{ type: 'arbitrageur' }, { type: 'noise', tradesPerDay: 48, medianSize: 2_000 }],
        }),
      )
      // Float minus exact amount out: the float kernel is within ~1e-15 of the true formula, so a
      // difference below -1e-14 would be the exact pool paying more than the formula.
      expect(c.amountOut.min).toBeGreaterThan(-1e-14)
      // USDC amounts out are floored to 1e-6: on ~2,000-USDC trades a bias of order 1e-10.
      expect(c.amountOut.mean).toBeGreaterThan(1e-11)
      // The shadow pool (float) is poorer than the exact one at every step after the first trade.
      expect(c.value.max).toBeLessThan(0)
      expect(c.value.mean).toBeLessThan(0)
    })
  }
})

describe('exact engine: determinism and float runs untouched', () => {
  const config = (math?: PoolMath): SimulationConfig => ({
    pool: {
      weights: [0.5, 0.5],
      swapFee: 0.003,
      initialValue: 1e6,
      ...(math ? { math } : {}),
      decimals: [18, 6],
    },
    prices: gbmSource({
      tokens: 2,
      steps: 200,
      dt: 3600,
      sigma: 0.8,
      seed: 9,
      withNumeraire: true,
    }),
    agents: [{ type: 'arbitrageur' }, { type: 'noise', tradesPerDay: 48, medianSize: 2_000 }],
    benchmarks: [{ type: 'hodl' }, { type: 'periodic', everySteps: 24, costBps: 10 }],
    seed: 4,
  })
  const serialise = (r: SimulationResult) =>
    JSON.stringify({ ...r, series: r.series.data.map((column) => Array.from(column)) })
  it('gives the same result twice for the same config and seed', () => {
    expect(serialise(runSimulation(config('exact-v3')))).toBe(
      serialise(runSimulation(config('exact-v3'))),
    )
  })
  it('leaves float runs as they were: math "float" equals no math, no exactCheck', () => {
    const plain = runSimulation(config())
    expect(plain.exactCheck).toBeUndefined()
    expect(serialise(runSimulation(config('float')))).toBe(serialise(plain))
  })
})

describe('exact engine: errors', () => {
  const source = () =>
    handSource(
      ['ETH', 'USDC'],
      [
        [2000, 1],
        [2100, 1],
      ],
      3600,
      'USDC',
    )
  it.each([
    [
      'a weight schedule',
      {
        math: 'exact-v3',
        schedule: { type: 'linear', startTime: 0, endTime: 3600, endWeights: [0.2, 0.8] },
      },
      'pool.schedule: weight schedules are not supported with exact math yet: expected "static", found "linear"',
    ],
    [
      'an unknown math',
      { math: 'exact-v1' },
      'pool.math: expected "float", "exact-v2-2021", "exact-v2", "exact-v3", found "exact-v1"',
    ],
    [
      'decimals of the wrong count',
      { math: 'exact-v2', decimals: [18] },
      'pool.decimals: expected 2 decimals (one per token), found 1',
    ],
    [
      'decimals above 18',
      { math: 'exact-v2', decimals: [18, 19] },
      'pool.decimals[1]: expected an integer from 0 to 18, found 19',
    ],
    [
      'a fee-free exact pool',
      { math: 'exact-v2-2021', swapFee: 0 },
      'pool.swapFee: exact-v2-2021 pools accept a swap fee from 1e-6 to 0.1, found 0',
    ],
    [
      'a balance rounding to 0 raw units',
      { math: 'exact-v3', decimals: [0, 6], initialValue: 100 },
      "pool.initialValue: token 0's initial balance rounds to 0 raw units (decimals 0): raise initialValue",
    ],
  ] as const)('rejects %s with BAD_PARAMETER naming the field', (_, patch, message) => {
    const attempt = () =>
      run({
        pool: {
          weights: [0.5, 0.5],
          swapFee: 0.003,
          initialValue: 1e6,
          ...patch,
        } as SimulationConfig['pool'],
        prices: source(),
      })
    expect(attempt).toThrow(InputError)
    expect(attempt).toThrow(expect.objectContaining({ code: 'BAD_PARAMETER' }))
    expect(attempt).toThrow(message)
  })
})
