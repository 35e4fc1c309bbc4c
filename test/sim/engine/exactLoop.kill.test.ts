/**
 * Tests written to kill the mutants StrykerJS left alive in src/sim/engine/exactLoop.ts
 * (docs/mutation.md) by exactEngine.test.ts: every figure an exact arbitrage books, recomputed by
 * hand from the exact model called directly (the amount out to the wei) and the definitions in
 * docs/metrics.md and docs/exact-math.md; the check's statistics of one swap and one step; the
 * arbitrage undone when it does not pay its gas.
 */
import { Decimal } from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { exactV2, exactV2021, exactV3 } from '../../../src/pool/exact/api.js'
import { scalingFactorV2 } from '../../../src/pool/exact/decimals.js'
import { checkExactConfig, exactCheckNote } from '../../../src/sim/engine/exactLoop.js'
import { runSimulation } from '../../../src/sim/engine/runSimulation.js'
import type { ExactCheck, PoolMath, SimulationConfig } from '../../../src/sim/engine/types.js'
import { sourceFromPath } from '../../../src/sim/prices/path.js'
import { gbmSource, handSource } from './testPaths.js'

const D = Decimal.clone({ precision: 50 }) // private 50-digit context
const E18 = 10n ** 18n
const MATHS = ['exact-v2-2021', 'exact-v2', 'exact-v3'] as const

/** The exact model's amount out on a 50/50 ETH/USDC pool, fee 0.3 % (default: the start, 250 ETH, 500,000 USDC). */
function modelOut(
  math: PoolMath,
  tokenIn: number,
  tokenOut: number,
  amountInRaw: bigint,
  balancesRaw = [250n * E18, 500_000n * 10n ** 6n],
  decimals = [18, 6],
): bigint {
  const state = {
    balancesRaw,
    weights: [5n * 10n ** 17n, 5n * 10n ** 17n],
    swapFee: 3n * 10n ** 15n,
  }
  if (math === 'exact-v3')
    return exactV3.outGivenIn(
      exactV3.createPool({ ...state, decimals, totalSupply: E18 }),
      tokenIn,
      tokenOut,
      amountInRaw,
    )
  const pool = {
    ...state,
    scalingFactors: decimals.map(scalingFactorV2),
    totalSupply: E18,
  }
  return (math === 'exact-v2' ? exactV2 : exactV2021).outGivenIn(
    pool,
    tokenIn,
    tokenOut,
    amountInRaw,
  )
}

/** ETH 2000 -> `to` in one step of an hour, against USDC. */
const oneMove = (to: number) =>
  handSource(
    ['ETH', 'USDC'],
    [
      [2000, 1],
      [to, 1],
    ],
    3600,
    'USDC',
  )

function config(math: PoolMath, gasCost: number, externalFee: number, to = 2200): SimulationConfig {
  return {
    pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6, math, decimals: [18, 6] },
    prices: oneMove(to),
    agents: [{ type: 'arbitrageur', gasCost, externalFee }],
    benchmarks: [{ type: 'hodl' }],
    seed: 1,
  }
}

describe('exact arbitrage: every booked figure from the exact trade, by hand', () => {
  // ETH up: the arbitrageur pays USDC in and sells the ETH outside; ETH down: it buys ETH
  // outside and pays it in. The external fee applies to ETH only (the numeraire costs nothing).
  const moves = [
    { to: 2200, tokenIn: 1, tokenOut: 0 },
    { to: 1800, tokenIn: 0, tokenOut: 1 },
  ] as const
  for (const math of MATHS)
    for (const { to, tokenIn, tokenOut } of moves)
      it(`${math}, ETH to ${to}: fees, LVR, volume, gas, external costs, profit, market P&L, check`, () => {
        const gas = 5
        const e = 0.001
        const result = runSimulation(config(math, gas, e, to))
        const c = result.exactCheck!
        const start = [250n * E18, 500_000n * 10n ** 6n]
        const unit = [1e18, 1e6]
        const price = [to, 1]
        const buy = [1 + e, 1] // external cost of buying each token
        const sell = [1 - e, 1] // external proceeds of selling each token
        const end = c.balancesRaw.map(BigInt)
        const inRaw = end[tokenIn]! - start[tokenIn]!
        const outRaw = modelOut(math, tokenIn, tokenOut, inRaw)
        expect(end[tokenOut]).toBe(start[tokenOut]! - outRaw)
        // The float plan: the marginal rate gamma B_i B_o / (B_i + gamma a)^2 equals
        // p_i b_i / (p_o s_o); then rounded down to raw units. The engine's float route differs
        // from this one by ulps, amplified by the cancellation in sqrt(...) - B_i: 1e-12 relative.
        const gamma = 0.997
        const bIn = [250, 500_000][tokenIn]!
        const bOut = [250, 500_000][tokenOut]!
        const rate = (price[tokenOut]! * sell[tokenOut]!) / (price[tokenIn]! * buy[tokenIn]!)
        const plan = (Math.sqrt(gamma * bIn * bOut * rate) - bIn) / gamma
        const amountInFloat = Number(inRaw) / unit[tokenIn]!
        expect(Math.abs(amountInFloat - plan)).toBeLessThan(1e-12 * plan + 1 / unit[tokenIn]!)
        const amountIn = Number(inRaw) / unit[tokenIn]!
        const amountOut = Number(outRaw) / unit[tokenOut]!
        const notional = amountIn * price[tokenIn]!
        const outValue = amountOut * price[tokenOut]!
        const m = result.metrics
        // Sums of one trade: relative 1e-12 covers the float roundings of a few operations.
        const close = (got: number, want: number) => {
          expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * Math.abs(want) + 1e-9)
        }
        expect(m.trades).toBe(1)
        expect(m.arbTrades).toBe(1)
        expect(m.noiseTrades).toBe(0)
        expect(m.capBinds).toBe(0)
        expect(m.gasPaid).toBe(gas)
        close(m.volume, notional)
        close(m.feeIncome, 0.003 * notional)
        close(m.arbFees, 0.003 * notional)
        expect(m.noiseFees).toBe(0)
        expect(m.noiseVolume).toBe(0)
        close(m.lvr, outValue - gamma * notional)
        close(m.externalCosts, notional * (buy[tokenIn]! - 1) + outValue * (1 - sell[tokenOut]!))
        expect(m.externalCosts).toBeGreaterThan(0)
        const realised = outValue * sell[tokenOut]! - notional * buy[tokenIn]!
        close(m.arbProfit, realised - gas)
        // The market P&L is booked on the balances before the trade: 250 ETH x (to - 2000).
        close(m.marketPnl, 250 * (to - 2000))
        const endFloat = end.map((b, k) => Number(b) / unit[k]!)
        close(m.lpValue, endFloat[0]! * to + endFloat[1]!)
        // Impermanent loss leaves out the fees, kept in the token paid in, at the end prices.
        const hodl = 250 * to + 500_000
        close(m.impermanentLoss, (m.lpValue - 0.003 * notional) / hodl - 1)
        // The check of the one swap: the float kernel on the exact start state against the exact
        // amount out (the 50-digit formula stands in for the kernel: they agree to ~1e-16).
        const outTrue = new D(bOut).times(
          new D(1).minus(new D(bIn).div(new D(bIn).plus(new D(amountIn).times(gamma)))),
        )
        const err = outTrue.minus(amountOut).div(amountOut).toNumber()
        const a = c.amountOut
        expect(a.count).toBe(1)
        expect(Math.abs(a.mean - err)).toBeLessThan(1e-15)
        expect(a.min).toBe(a.mean)
        expect(a.max).toBe(a.mean)
        expect(a.maxAbs).toBe(Math.abs(a.mean))
        expect(a.rms).toBeCloseTo(Math.abs(a.mean), 30)
        // The step's check: the shadow (float) pool took the same amount in; the out side
        // differs. Value gap = (shadow out - exact out) x p_out / exact value.
        const shadowOut = new D(bOut).minus(outTrue)
        const exactOut = new D(end[tokenOut]!.toString()).div(unit[tokenOut]!)
        const balanceGap = shadowOut.minus(exactOut).div(exactOut).toNumber()
        const exactValue = new D(end[0]!.toString())
          .div(1e18)
          .times(to)
          .plus(new D(end[1]!.toString()).div(1e6))
        const valueGap = shadowOut
          .minus(exactOut)
          .times(price[tokenOut]!)
          .div(exactValue)
          .toNumber()
        for (const [stats, want] of [
          [c.balances, balanceGap],
          [c.value, valueGap],
        ] as const) {
          expect(stats.count).toBe(1)
          expect(Math.abs(stats.mean - want)).toBeLessThan(1e-15)
          expect(stats.min).toBe(stats.mean)
          expect(stats.max).toBe(stats.mean)
          expect(stats.maxAbs).toBe(Math.abs(stats.mean))
        }
        expect(c.trades).toBe(1)
        expect(c.shrunk).toBe(0)
        expect(c.skipped).toBe(0)
        expect(c.reverts).toEqual({})
      })

  it('undoes an arbitrage whose profit does not exceed its gas, to the raw unit', () => {
    // The same move with gas just above the profit the trade realises (gross of gas).
    const paid = runSimulation(config('exact-v3', 0, 0.001)).metrics.arbProfit
    for (const gas of [paid, paid * 1.000001]) {
      const result = runSimulation(config('exact-v3', gas, 0.001))
      const m = result.metrics
      expect(m.trades).toBe(0)
      expect(m.arbTrades).toBe(0)
      expect(m.gasPaid).toBe(0)
      expect(m.feeIncome).toBe(0)
      expect(m.volume).toBe(0)
      expect(m.externalCosts).toBe(0)
      expect(result.exactCheck!.balancesRaw).toEqual([
        (250n * E18).toString(),
        (500_000n * 10n ** 6n).toString(),
      ])
      // Nothing traded: the pool is worth its start balances at the new prices.
      expect(m.lpValue).toBe(250 * 2200 + 500_000)
      expect(m.marketPnl).toBe(250 * 200)
    }
  })
})

/** x B_out (1 - B_in / (B_in + gamma a)) in 50 digits: the float kernel's formula (fee 0.3 %, 50/50). */
function outTrue(bIn: Decimal, bOut: Decimal, a: Decimal): Decimal {
  return bOut.times(new D(1).minus(bIn.div(bIn.plus(a.times(0.997)))))
}

/** Largest |x|, root mean square, mean, smallest, largest and count of observations. */
function statsOf(xs: number[]) {
  return {
    maxAbs: Math.max(...xs.map(Math.abs)),
    rms: Math.sqrt(xs.reduce((s, x) => s + x * x, 0) / xs.length),
    mean: xs.reduce((s, x) => s + x, 0) / xs.length,
    min: Math.min(...xs),
    max: Math.max(...xs),
    count: xs.length,
  }
}

describe('exact check: statistics over two swaps and two steps, by hand', () => {
  // ETH 2000 -> 2200 -> 2000: the arbitrageur pays USDC in, then ETH in. Each swap's exact
  // amounts come from the model called directly; the float side is recomputed in 50 digits.
  for (const math of MATHS)
    it(`${math}: amount-out, balance and value errors against a 50-digit recomputation`, () => {
      const result = runSimulation({
        pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6, math, decimals: [18, 6] },
        prices: handSource(
          ['ETH', 'USDC'],
          [
            [2000, 1],
            [2200, 1],
            [2000, 1],
          ],
          3600,
          'USDC',
        ),
        agents: [{ type: 'arbitrageur' }],
        benchmarks: [{ type: 'hodl' }],
        seed: 1,
        trades: true,
      })
      const c = result.exactCheck!
      const log = result.trades!
      expect(log.map((t) => [t.step, t.tokenIn, t.tokenOut])).toEqual([
        [1, 'USDC', 'ETH'],
        [2, 'ETH', 'USDC'],
      ])
      const unit = [new D(1e18), new D(1e6)]
      const raw0 = [250n * E18, 500_000n * 10n ** 6n]
      const in1 = BigInt(Math.round(log[0]!.amountIn * 1e6))
      const out1 = modelOut(math, 1, 0, in1)
      const raw1 = [raw0[0]! - out1, raw0[1]! + in1]
      const end = c.balancesRaw.map(BigInt)
      const in2 = end[0]! - raw1[0]!
      const out2 = modelOut(math, 0, 1, in2, raw1)
      expect(end[1]).toBe(raw1[1]! - out2)
      const dec = (raw: bigint, k: number) => new D(raw.toString()).div(unit[k]!)
      // Per swap: the formula on the exact state before it, against the exact amount out.
      const a1 = dec(in1, 1)
      const a2 = dec(in2, 0)
      const err = (want: Decimal, got: Decimal) => want.minus(got).div(got).toNumber()
      const amountErrors = [
        err(outTrue(dec(raw0[1]!, 1), dec(raw0[0]!, 0), a1), dec(out1, 0)),
        err(outTrue(dec(raw1[0]!, 0), dec(raw1[1]!, 1), a2), dec(out2, 1)),
      ]
      // The shadow took the same amounts in through the formula, from the same start.
      const s1 = [
        new D(250).minus(outTrue(new D(500_000), new D(250), a1)),
        new D(500_000).plus(a1),
      ]
      const s2 = [s1[0]!.plus(a2), s1[1]!.minus(outTrue(s1[0]!, s1[1]!, a2))]
      const exact1 = raw1.map(dec)
      const exact2 = end.map(dec)
      const worst = (s: Decimal[], x: Decimal[]) => {
        const gaps = s.map((v, k) => err(v, x[k]!))
        return Math.abs(gaps[0]!) > Math.abs(gaps[1]!) ? gaps[0]! : gaps[1]!
      }
      const value = (b: Decimal[], p: number) => b[0]!.times(p).plus(b[1]!)
      const balanceErrors = [worst(s1, exact1), worst(s2, exact2)]
      const valueErrors = [
        err(value(s1, 2200), value(exact1, 2200)),
        err(value(s2, 2000), value(exact2, 2000)),
      ]
      // The engine's float kernel and sums carry ~1e-16 of rounding on each error: 1e-15.
      for (const [got, xs] of [
        [c.amountOut, amountErrors],
        [c.balances, balanceErrors],
        [c.value, valueErrors],
      ] as const) {
        const want = statsOf(xs)
        expect(got.count).toBe(2)
        for (const key of ['maxAbs', 'rms', 'mean', 'min', 'max'] as const)
          expect(Math.abs(got[key] - want[key]), key).toBeLessThan(1e-15)
      }
    })
})

describe('exact arbitrage: acts every everySteps steps, as the float engine', () => {
  it('trades on the same steps as the float run, each a multiple of everySteps', () => {
    const config = (math: PoolMath): SimulationConfig => ({
      pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6, math },
      prices: gbmSource({
        tokens: 2,
        steps: 61,
        dt: 3600,
        sigma: 0.8,
        seed: 7,
        withNumeraire: true,
      }),
      agents: [{ type: 'arbitrageur', everySteps: 3 }],
      benchmarks: [{ type: 'hodl' }],
      seed: 1,
      trades: true,
    })
    const steps = (math: PoolMath) => runSimulation(config(math)).trades!.map((t) => t.step)
    const float = steps('float')
    // Sigma 0.8 over 3 hours moves the price past the 0.3 % band on most third steps.
    expect(float.length).toBeGreaterThan(10)
    expect(float.every((step) => step % 3 === 0)).toBe(true)
    for (const math of MATHS) expect(steps(math), math).toEqual(float)
  })
})

describe('exact noise traders and arbitrage at the 30 % limits', () => {
  // An 80/20 pool (A heavy, USD light), orders of 1e9 USD: paid in A, the planned amount out
  // would be far above 30 % of the USD balance, so the order is cut to an out of exactly 30 %
  // (in by the float in-given-out); paid in USD, the exact math reverts the 30 % in-limit and the
  // order is retried at floor(30 % of the raw balance in). Both count as noise cap binds.
  const names = { 'exact-v2-2021': 'BAL#304', 'exact-v2': 'BAL#304', 'exact-v3': 'MaxInRatio' }
  for (const math of MATHS)
    it(`${math}: the out-cap and the in-limit retry, trade by trade`, () => {
      const result = runSimulation({
        pool: { weights: [0.8, 0.2], swapFee: 0.003, initialValue: 1e6, math },
        prices: handSource(
          ['A', 'USD'],
          Array.from({ length: 25 }, () => [1, 1]),
          3600,
        ),
        agents: [{ type: 'noise', tradesPerDay: 24, medianSize: 1e9, sizeSigma: 0 }],
        benchmarks: [{ type: 'hodl' }],
        seed: 2,
        trades: true,
      })
      const m = result.metrics
      const c = result.exactCheck!
      const log = result.trades!
      const b = [800_000, 200_000]
      let retried = 0
      for (const t of log) {
        const i = t.tokenIn === 'A' ? 0 : 1
        const o = 1 - i
        // Relative 1e-9: the float plan and the raw floors are far finer than that.
        if (i === 0) expect(Math.abs(t.amountOut - 0.3 * b[o]!)).toBeLessThan(1e-9 * b[o]!)
        else {
          expect(Math.abs(t.amountIn - 0.3 * b[i]!)).toBeLessThan(1e-9 * b[i]!)
          retried++
        }
        b[i] = b[i]! + t.amountIn
        b[o] = b[o]! - t.amountOut
      }
      expect(retried).toBeGreaterThan(0)
      expect(retried).toBeLessThan(log.length)
      expect(m.noiseTrades).toBe(log.length)
      expect(m.noiseCapBinds).toBe(log.length)
      expect(c.shrunk).toBe(retried)
      expect(c.skipped).toBe(0)
      expect(c.reverts).toEqual({ [names[math]]: retried })
      c.balancesRaw.forEach((raw, k) => {
        expect(Math.abs(Number(raw) / 1e18 - b[k]!)).toBeLessThan(1e-9 * b[k]!)
      })
    })

  it('counts a capped arbitrage once, as the float engine does', () => {
    // ETH x10 in one step: the optimum buys far more than 30 % of the ETH balance.
    const config = (math: PoolMath): SimulationConfig => ({
      pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6, math },
      prices: oneMove(20_000),
      agents: [{ type: 'arbitrageur' }],
      benchmarks: [{ type: 'hodl' }],
      seed: 1,
    })
    const float = runSimulation(config('float')).metrics
    expect(float.capBinds).toBe(1)
    for (const math of MATHS) {
      const m = runSimulation(config(math)).metrics
      expect(m.arbTrades, math).toBe(1)
      expect(m.capBinds, math).toBe(1)
      // The same capped swap: ETH out 30 % of 250; USDC in to the raw unit of the float plan.
      expect(Math.abs(m.volume - float.volume)).toBeLessThan(1e-9 * float.volume)
    }
  })
})

describe('exact swaps of dust: one raw unit, or less', () => {
  // 6-decimal tokens at price 1: an order of 1.5e-6 is 1 raw unit in (floored), whose fee takes
  // it all: the exact pool pays 0 out, and the swap still counts (with no relative error); an
  // order of 4e-7 rounds to 0 raw units and is skipped without a revert. Same seed, same arrivals.
  const run = (math: PoolMath, size: number) =>
    runSimulation({
      pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6, math, decimals: [6, 6] },
      prices: handSource(
        ['A', 'USD'],
        Array.from({ length: 25 }, () => [1, 1]),
        3600,
      ),
      agents: [{ type: 'noise', tradesPerDay: 24, medianSize: size, sizeSigma: 0 }],
      benchmarks: [{ type: 'hodl' }],
      seed: 1,
      trades: true,
    })
  const none = { maxAbs: 0, rms: 0, mean: 0, min: 0, max: 0, count: 0 }
  for (const math of MATHS)
    it(`${math}: executes 1 raw unit for nothing out, skips 0 raw units`, () => {
      const one = run(math, 1.5e-6)
      const c = one.exactCheck!
      const log = one.trades!
      expect(log.length).toBeGreaterThan(5)
      expect(log.every((t) => t.amountIn === 1e-6 && t.amountOut === 0)).toBe(true)
      expect(one.metrics.noiseTrades).toBe(log.length)
      expect(c.trades).toBe(log.length)
      expect(c.skipped).toBe(0)
      expect(c.reverts).toEqual({})
      expect(c.amountOut).toEqual(none)
      const paidIn = (symbol: string) => BigInt(log.filter((t) => t.tokenIn === symbol).length)
      expect(c.balancesRaw).toEqual([
        (500_000n * 10n ** 6n + paidIn('A')).toString(),
        (500_000n * 10n ** 6n + paidIn('USD')).toString(),
      ])
      const zero = run(math, 4e-7)
      const z = zero.exactCheck!
      expect(zero.metrics.trades).toBe(0)
      expect(z.trades).toBe(0)
      expect(z.skipped).toBe(log.length)
      expect(z.reverts).toEqual({})
      expect(z.balancesRaw).toEqual([
        (500_000n * 10n ** 6n).toString(),
        (500_000n * 10n ** 6n).toString(),
      ])
    })
})

describe('exact run start: the pool, HODL and benchmarks restated at the raw balances', () => {
  // ETH with 0 decimals at 2001: w V0 / p = 249.875… ETH floors to 249 raw units, so the exact
  // pool starts at 249 x 2001 + 500,000 = 998,249, not 1e6. No agents: nothing trades.
  for (const math of MATHS)
    it(`${math}: every value starts at 998,249 and moves with 249 ETH`, () => {
      const result = runSimulation({
        pool: {
          weights: [0.5, 0.5],
          swapFee: 0.003,
          initialValue: 1e6,
          math,
          decimals: [0, 6],
          schedule: { type: 'static' },
        },
        prices: handSource(
          ['ETH', 'USDC'],
          [
            [2001, 1],
            [2001, 1],
            [2200, 1],
          ],
          3600,
          'USDC',
        ),
        agents: [],
        benchmarks: [
          { type: 'hodl' },
          { type: 'constant-mix' },
          { type: 'periodic', everySteps: 24, costBps: 0 },
        ],
        seed: 1,
      })
      const start = 249 * 2001 + 500_000
      const end = 249 * 2200 + 500_000
      const { columns, data } = result.series
      const at = (name: string) => Array.from(data[columns.indexOf(name)]!)
      expect(at('balance.ETH')).toEqual([249, 249, 249])
      expect(at('balance.USDC')).toEqual([500_000, 500_000, 500_000])
      expect(at('weight.ETH')).toEqual([0.5, 0.5, 0.5])
      expect(at('weight.USDC')).toEqual([0.5, 0.5, 0.5])
      // Rebalanced every 24 steps: over these 2 it holds the start's 249 ETH and 500,000 USDC.
      const periodic = columns.filter((name) => name.startsWith('benchmark.periodic'))
      expect(periodic.length).toBe(1)
      // Row 0 too: the exact start, as every other value column (it kept the float start before).
      expect(at(periodic[0]!)).toEqual([start, start, end])
      for (const name of columns.filter((c) => c.startsWith('benchmark.')))
        expect(at(name)[0], name).toBe(start)
      for (const name of ['lpValue', 'hodlValue'])
        expect(at(name), name).toEqual([start, start, end])
      // Constant mix: rebalanced to 50/50 each step, so one step of ETH x 2200/2001 multiplies it
      // by 0.5 (2200/2001) + 0.5 (float rounding of a few operations: 1e-12 relative).
      const mix = at('constantMixValue')
      expect(mix.slice(0, 2)).toEqual([start, start])
      const mixEnd = start * (0.5 * (2200 / 2001) + 0.5)
      expect(Math.abs(mix[2]! - mixEnd)).toBeLessThan(1e-12 * mixEnd)
      expect(result.benchmarks['constant-mix']!.value).toBe(mix[2])
      expect(result.metrics.lpValue).toBe(end)
      expect(result.metrics.hodlValue).toBe(end)
      expect(result.metrics.marketPnl).toBe(249 * 199)
      expect(result.benchmarks.hodl!.value).toBe(end)
      expect(result.exactCheck!.balancesRaw).toEqual(['249', '500000000000'])
    })
})

describe('exactCheckNote: the exact run in words', () => {
  const stats = (maxAbs: number) => ({ maxAbs, rms: 0, mean: 0, min: 0, max: 0, count: 1 })
  const check = (reverts: Record<string, number>): ExactCheck => ({
    math: 'exact-v3',
    decimals: [18, 6],
    swapFee: 0.003,
    balancesRaw: ['1', '2'],
    trades: 12,
    shrunk: 2,
    skipped: 3,
    reverts,
    amountOut: stats(1.23456e-12),
    balances: stats(9),
    value: stats(4.5e-15),
  })
  it('names the math, the swaps and the largest errors; no revert', () => {
    expect(exactCheckNote(check({}))).toBe(
      "Every trade ran through the exact-v3 integer math (12 swaps; no swap reverted); the float model's largest relative error was 1.23e-12 on an amount out and 4.50e-15 on the pool value.",
    )
  })
  it('lists the reverts by name with the retried and skipped counts', () => {
    expect(exactCheckNote(check({ MaxInRatio: 2, TradeAmountTooSmall: 3 }))).toBe(
      "Every trade ran through the exact-v3 integer math (12 swaps; reverts: MaxInRatio 2, TradeAmountTooSmall 3 (2 retried smaller, 3 skipped)); the float model's largest relative error was 1.23e-12 on an amount out and 4.50e-15 on the pool value.",
    )
  })
})

describe('exact run on a path that starts at a Unix time', () => {
  it('draws gas, blocks and noise arrivals on seconds from the path start, as the float run', () => {
    // 1.7e9 s start; ETH zigzags +-2 % an hour. The gas series switches from 1 to 50 after 10 h.
    const steps = 49
    const times = Float64Array.from({ length: steps }, (_, t) => 1.7e9 + 3600 * t)
    const prices = Float64Array.from({ length: steps * 2 }, (_, i) =>
      i % 2 === 1 ? 1 : 2000 * (1 + 0.02 * Math.sin((i / 2) * 1.3)),
    )
    const config = (math: PoolMath): SimulationConfig => ({
      pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6, math },
      prices: sourceFromPath({ tokens: ['ETH', 'USD'], numeraire: 'USD', times, prices }),
      agents: [
        {
          type: 'arbitrageur',
          gasCost: { times: [0, 36_000], gas: [1, 50] },
          blocks: { type: 'poisson', meanInterval: 5_000 },
        },
        { type: 'noise', tradesPerDay: 12, medianSize: 5_000, sizeSigma: 0.5 },
      ],
      benchmarks: [{ type: 'hodl' }],
      seed: 3,
      trades: true,
    })
    const summary = (math: PoolMath) => {
      const r = runSimulation(config(math))
      return { trades: r.trades!.map((t) => [t.step, t.agent]), gasPaid: r.metrics.gasPaid }
    }
    const float = summary('float')
    // Both agents trade, the arbitrageur both before and after the gas switch (step 10).
    const arbSteps = float.trades.filter(([, agent]) => agent === 0).map(([step]) => step!)
    expect(arbSteps.some((step) => step <= 10)).toBe(true)
    expect(arbSteps.some((step) => step > 10)).toBe(true)
    expect(float.trades.some(([, agent]) => agent === 1)).toBe(true)
    expect(arbSteps.length).toBeLessThan(steps - 1) // blocks skip some steps
    for (const math of MATHS) {
      const exact = summary(math)
      expect(exact.trades, math).toEqual(float.trades)
      expect(exact.gasPaid, math).toBe(float.gasPaid)
    }
  })
})

describe('exact check: a larger error first, the numeraire as token 0', () => {
  // USDC (token 0) and ETH (token 1), both 6 decimals: every raw amount is read back from the
  // trade log. ETH 2000 -> 2010 -> 1800: a small trade, then a large one. Amounts out are floored
  // to 1e-6, a larger relative error on the small trade, so the largest |error| comes first.
  for (const math of MATHS)
    it(`${math}: the amount errors' statistics, and the value check at ETH's own price`, () => {
      const result = runSimulation({
        pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6, math, decimals: [6, 6] },
        prices: handSource(
          ['USDC', 'ETH'],
          [
            [1, 2000],
            [1, 2010],
            [1, 1800],
          ],
          3600,
          'USDC',
        ),
        agents: [{ type: 'arbitrageur' }],
        benchmarks: [{ type: 'hodl' }],
        seed: 1,
        trades: true,
      })
      const c = result.exactCheck!
      const log = result.trades!
      expect(log.map((t) => [t.step, t.tokenIn])).toEqual([
        [1, 'USDC'],
        [2, 'ETH'],
      ])
      const raw0 = [500_000n * 10n ** 6n, 250n * 10n ** 6n]
      const in1 = BigInt(Math.round(log[0]!.amountIn * 1e6))
      const out1 = modelOut(math, 0, 1, in1, raw0, [6, 6])
      const raw1 = [raw0[0]! + in1, raw0[1]! - out1]
      const in2 = BigInt(Math.round(log[1]!.amountIn * 1e6))
      const out2 = modelOut(math, 1, 0, in2, raw1, [6, 6])
      const end = [raw1[0]! - out2, raw1[1]! + in2]
      expect(c.balancesRaw).toEqual(end.map(String))
      const dec = (raw: bigint) => new D(raw.toString()).div(1e6)
      const err = (want: Decimal, got: Decimal) => want.minus(got).div(got).toNumber()
      const errors = [
        err(outTrue(dec(raw0[0]!), dec(raw0[1]!), dec(in1)), dec(out1)),
        err(outTrue(dec(raw1[1]!), dec(raw1[0]!), dec(in2)), dec(out2)),
      ]
      expect(Math.abs(errors[0]!)).toBeGreaterThan(2 * Math.abs(errors[1]!))
      const want = statsOf(errors)
      expect(c.amountOut.count).toBe(2)
      // The float kernel and the sums carry ~1e-16 of rounding on each error: 1e-15.
      for (const key of ['maxAbs', 'rms', 'mean', 'min', 'max'] as const)
        expect(Math.abs(c.amountOut[key] - want[key]), key).toBeLessThan(1e-15)
      // Step 1's value check: the shadow took in1 through the formula; only ETH differs. At
      // ETH's own price (2010), not USDC's.
      const shadowEth = new D(250).minus(outTrue(new D(500_000), new D(250), dec(in1)))
      const exactValue = dec(raw1[0]!).plus(dec(raw1[1]!).times(2010))
      const gap1 = shadowEth.minus(dec(raw1[1]!)).times(2010).div(exactValue).toNumber()
      expect(c.value.count).toBe(2)
      expect(Math.min(Math.abs(c.value.min - gap1), Math.abs(c.value.max - gap1))).toBeLessThan(
        1e-15,
      )
    })
})

describe('checkExactConfig, called directly', () => {
  it('refuses decimals of another count than the tokens, naming both counts', () => {
    const config = {
      pool: {
        weights: [0.5, 0.5],
        swapFee: 0.003,
        initialValue: 1e6,
        math: 'exact-v2',
        decimals: [18],
      },
    } as unknown as Parameters<typeof checkExactConfig>[0]
    expect(() => {
      checkExactConfig(config, 2)
    }).toThrow('pool.decimals: expected 2 decimals (one per token), found 1')
  })
})
