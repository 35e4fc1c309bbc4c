/**
 * The engine with a dynamic swap fee (docs/dynamic-fees.md): a constant rule changes nothing but
 * the added column and summary key; the volatility, volume and deviation inputs against slow
 * recomputations from the path, the trade log and the sampled balances; the update interval;
 * refusals.
 */
import { describe, expect, it } from 'vitest'
import { InputError, RunError } from '../../../src/errors.js'
import { createSummary, formatSummaryJson } from '../../../src/report/summary.js'
import { runSimulation, runSimulationWithLoop } from '../../../src/sim/engine/runSimulation.js'
import type { SimulationConfig, SimulationResult } from '../../../src/sim/engine/types.js'
import type { SwapFeeRuleSpec } from '../../../src/sim/strategies/fees/swapFeeRule.js'
import { YEAR, gbmSource } from './testPaths.js'

const STEPS = 300
const DT = 3_600

function config(tokens: number, rule?: SwapFeeRuleSpec): SimulationConfig {
  return {
    pool: {
      weights: tokens === 2 ? [0.6, 0.4] : [0.5, 0.3, 0.2],
      swapFee: 0.003,
      initialValue: 1e6,
      ...(rule ? { swapFeeRule: rule } : {}),
    },
    prices: gbmSource({ tokens, steps: STEPS, dt: DT, sigma: 0.9, seed: 7, withNumeraire: true }),
    agents: [
      { type: 'arbitrageur', gasCost: 1 },
      { type: 'noise', tradesPerDay: 40, medianSize: 3_000 },
    ],
    benchmarks: [
      { type: 'hodl' },
      { type: 'constant-mix' },
      { type: 'periodic', everySteps: 24, costBps: 5 },
    ],
    seed: 3,
    seriesPoints: 'all',
    trades: true,
  }
}

function column(result: SimulationResult, name: string): Float64Array {
  const index = result.series.columns.indexOf(name)
  if (index < 0) throw new Error(`no column ${name}`)
  return result.series.data[index]!
}

/** summary.json's text without the dynamic fee's key. */
function summaryWithoutFee(result: SimulationResult): string {
  const metrics = { ...result.metrics }
  delete metrics.swapFee
  return formatSummaryJson(createSummary({ ...result, metrics }, 'x', 1, '0'))
}

describe('a dynamic swap fee in the engine', () => {
  for (const tokens of [2, 3])
    for (const loop of ['auto', 'general'] as const)
      it(`held constant equals the fixed fee byte for byte (${tokens} tokens, ${loop} loop)`, () => {
        const fixed = runSimulationWithLoop(config(tokens), loop)
        const rule = runSimulationWithLoop(
          config(tokens, { type: 'expression', expression: '0.003', everySteps: 5 }),
          loop,
        )
        expect(summaryWithoutFee(rule)).toBe(summaryWithoutFee(fixed))
        expect(rule.series.columns).toEqual([...fixed.series.columns, 'swapFee'])
        fixed.series.data.forEach((data, c) => {
          expect(rule.series.data[c]).toEqual(data)
        })
        expect(JSON.stringify(rule.trades)).toBe(JSON.stringify(fixed.trades))
        expect(rule.metrics.swapFee).toEqual({ mean: 0.003, min: 0.003, max: 0.003 })
        expect(fixed.metrics.swapFee).toBeUndefined()
        expect(column(rule, 'swapFee').every((fee) => fee === 0.003)).toBe(true)
      })

  it('sets the volatility fee from a normalised EWMA of (r0 - r1)^2, every n steps', () => {
    const halfLife = 5 * DT
    const everySteps = 4
    const result = runSimulation(
      config(2, { type: 'expression', expression: 'volatility / 100', everySteps, halfLife }),
    )
    const p0 = column(result, 'price.T0')
    // Slow and obvious: the weighted mean of all observations so far, weights 2^(-age / halfLife).
    const want = (t: number) => {
      let sum = 0
      let weight = 0
      for (let i = 1; i <= t; i++) {
        const r = Math.log(p0[i]! / p0[i - 1]!) // the numeraire's return is 0
        const w = Math.pow(0.5, ((t - i) * DT) / halfLife)
        sum += w * ((r * r) / (DT / YEAR))
        weight += w
      }
      return Math.sqrt(sum / weight) / 100
    }
    const fees = column(result, 'swapFee')
    for (let t = 0; t < STEPS; t++) {
      const expected = t < everySteps ? 0.003 : want(t - (t % everySteps))
      // 1e-12 relative: the engine's recursion and this direct sum round differently, ~1e-15 a step.
      expect(Math.abs(fees[t]! - expected) / expected, `step ${t}`).toBeLessThan(1e-12)
    }
    expect(new Set(fees).size).toBeGreaterThan(STEPS / everySteps / 2)
  })

  it('sets the volume fee from the volume traded at the previous step, per day', () => {
    const halfLife = 3 * DT
    const result = runSimulation(
      config(2, { type: 'expression', expression: '0.001 + volume / 1e9', halfLife }),
    )
    const perStep = new Float64Array(STEPS)
    for (const trade of result.trades!) perStep[trade.step] = perStep[trade.step]! + trade.valueIn
    const want = (t: number) => {
      let sum = 0
      let weight = 0
      for (let i = 2; i <= t; i++) {
        const w = Math.pow(0.5, ((t - i) * DT) / halfLife)
        sum += w * ((perStep[i - 1]! / DT) * 86_400)
        weight += w
      }
      return 0.001 + (weight > 0 ? sum / weight : 0) / 1e9
    }
    const fees = column(result, 'swapFee')
    for (let t = 1; t < STEPS; t++)
      // 1e-12 relative: summation order differs from the engine's recursion.
      expect(Math.abs(fees[t]! - want(t)) / want(t), `step ${t}`).toBeLessThan(1e-12)
    expect(Math.max(...fees)).toBeGreaterThan(0.0011)
  })

  it('sets the deviation fee from the balances before the step and its prices', () => {
    const result = runSimulation(config(3, { type: 'deviation', base: 0.0005, slope: 0.05 }))
    const tokens = ['T0', 'T1', 'USD']
    const weights = [0.5, 0.3, 0.2]
    const fees = column(result, 'swapFee')
    for (let t = 1; t < STEPS; t++) {
      const values = tokens.map(
        (k) => column(result, `balance.${k}`)[t - 1]! * column(result, `price.${k}`)[t]!,
      )
      const lp = values.reduce((a, b) => a + b, 0)
      const deviation = values.reduce((a, v, k) => a + Math.abs(v - weights[k]! * lp), 0) / (2 * lp)
      const want = Math.min(0.1, Math.max(1e-6, 0.0005 + 0.05 * deviation))
      // 1e-12 relative: sums over three tokens in another order.
      expect(Math.abs(fees[t]! - want) / want, `step ${t}`).toBeLessThan(1e-12)
    }
  })

  it('charges every trade the fee in force at its step, in the fast path and the general loop alike', () => {
    const rule = { type: 'volatility', base: 0.0005, slope: 0.01, everySteps: 3 } as const
    const fast = runSimulationWithLoop(config(2, rule), 'auto')
    const general = runSimulationWithLoop(config(2, rule), 'general')
    const fees = column(fast, 'swapFee')
    expect(new Set(fees).size).toBeGreaterThan(10)
    for (const trade of fast.trades!)
      // feePaid = swapFee * valueIn, one rounding: 1e-15 relative.
      expect(Math.abs(trade.feePaid / trade.valueIn - fees[trade.step]!)).toBeLessThan(
        1e-15 * fees[trade.step]!,
      )
    // The two loops sum in other orders: 1e-9 relative on every figure.
    for (const key of ['lpValue', 'feeIncome', 'lvr', 'arbProfit', 'volume'] as const)
      expect(Math.abs(general.metrics[key] - fast.metrics[key])).toBeLessThan(
        1e-9 * Math.abs(fast.metrics[key]),
      )
    expect(general.metrics.trades).toBe(fast.metrics.trades)
    expect(general.metrics.swapFee).toEqual(fast.metrics.swapFee)
  })

  it('refuses a dynamic fee with exact maths, naming the field', () => {
    const run = () =>
      runSimulation({
        ...config(2, { type: 'gas', base: 0.001, slope: 0 }),
        pool: {
          weights: [0.6, 0.4],
          swapFee: 0.003,
          initialValue: 1e6,
          math: 'exact-v3',
          swapFeeRule: { type: 'gas', base: 0.001, slope: 0 },
        },
      })
    expect(run).toThrow(InputError)
    expect(run).toThrow(
      expect.objectContaining({
        code: 'BAD_PARAMETER',
        message:
          'pool.swapFeeRule: a dynamic swap fee runs on float maths only, found pool.math "exact-v3"; use "float" or remove the rule',
      }),
    )
  })

  it('refuses a rule that gives NaN, naming the rule, the step and the inputs', () => {
    const run = () => runSimulation(config(2, { type: 'expression', expression: 'log(-1) + gas' }))
    expect(run).toThrow(RunError)
    expect(run).toThrow(
      expect.objectContaining({
        code: 'SWAP_FEE_NAN',
        message:
          'SWAP_FEE_NAN: the swap fee rule at pool.swapFeeRule gave NaN at step 1 (inputs: volatility 0, gas 1, volume 0, deviation 0, swapFee 0.003, time 3600, lpValue 0); guard the expression, e.g. with max(…, 0) or a condition',
      }),
    )
  })
})
