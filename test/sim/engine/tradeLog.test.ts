import { describe, expect, it } from 'vitest'
import { runSimulation } from '../../../src/sim/engine/runSimulation.js'
import { seriesColumn } from '../../../src/sim/engine/seriesColumn.js'
import type { PoolMath, SimulationConfig, Trade } from '../../../src/sim/engine/types.js'
import { lazy } from '../../lazy.js'
import { gbmSource } from './testPaths.js'

/** An arbitrageur between two noise traders (agent indices 0, 1, 2), every step kept. */
function config(tokens: number, math: PoolMath = 'float'): SimulationConfig {
  return {
    pool: {
      weights: Array.from({ length: tokens }, () => 1 / tokens),
      swapFee: 0.003,
      initialValue: 1e6,
      math,
    },
    prices: gbmSource({ tokens, steps: 500, dt: 3_600, sigma: 0.9, seed: 7, withNumeraire: true }),
    agents: [
      { type: 'noise', tradesPerDay: 30, medianSize: 2_000 },
      { type: 'arbitrageur', gasCost: 1 },
      { type: 'noise', tradesPerDay: 5, medianSize: 20_000 },
    ],
    benchmarks: [{ type: 'hodl' }],
    seed: 3,
    seriesPoints: 'all',
  }
}

const sum = (trades: Trade[], pick: (t: Trade) => number) => trades.reduce((s, t) => s + pick(t), 0)
// The engine adds the same terms in another order (chunk locals, then the accumulator): the
// sums agree to rounding, a few ulps of each term; 1e-12 relative is far above that and far
// below any missing or doubled trade (the smallest trade is > 1e-6 of the volume here).
const close = (got: number, want: number) => {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * Math.abs(want))
}

describe.each([
  ['2 tokens (fast path)', 2, 'float'],
  ['3 tokens (general path)', 3, 'float'],
  ['2 tokens, exact V3 math', 2, 'exact-v3'],
] as const)('trades: true, %s', (_, tokens, math) => {
  /** The run without and with its trade log, made in the first test that asks. */
  const runs = lazy(() => {
    const plain = runSimulation(config(tokens, math))
    const logged = runSimulation({ ...config(tokens, math), trades: true })
    return { plain, logged, trades: logged.trades!, m: logged.metrics }
  })

  it('leaves the run as it was, and is absent when not asked for', () => {
    const { plain, logged } = runs()
    expect(plain.trades).toBeUndefined()
    expect({ ...logged, trades: undefined }).toEqual(plain)
  })

  it('adds up to the reported trades, volume and fees, by agent', () => {
    const { trades, m } = runs()
    expect(trades.length).toBe(m.trades)
    expect(trades.length).toBeGreaterThan(50)
    close(
      sum(trades, (t) => t.valueIn),
      m.volume,
    )
    close(
      sum(trades, (t) => t.feePaid),
      m.feeIncome,
    )
    const noise = trades.filter((t) => t.agentType === 'noise')
    const arb = trades.filter((t) => t.agentType === 'arbitrageur')
    expect(noise.length).toBe(m.noiseTrades)
    expect(new Set(noise.map((t) => t.agent))).toEqual(new Set([0, 2]))
    expect(new Set(arb.map((t) => t.agent))).toEqual(new Set([1]))
    close(
      sum(noise, (t) => t.valueIn),
      m.noiseVolume,
    )
    close(
      sum(noise, (t) => t.feePaid),
      m.noiseFees,
    )
    close(
      sum(arb, (t) => t.feePaid),
      m.arbFees,
    )
    // one arbitrage transaction per step at most
    expect(new Set(arb.map((t) => t.step)).size).toBe(m.arbTrades)
  })

  it('moves the pool from its first balances to its last', () => {
    const { logged, trades } = runs()
    // B_end = B_0 + amounts in - amounts out, token by token (no joins or exits in a run)
    for (const token of logged.tokens) {
      const balance = seriesColumn(logged, `balance.${token}`)
      const moved =
        sum(trades, (t) => (t.tokenIn === token ? t.amountIn : 0)) -
        sum(trades, (t) => (t.tokenOut === token ? t.amountOut : 0))
      // float balances carry rounding per trade: 1e-9 of the balance covers a few thousand
      expect(Math.abs(balance[0]! + moved - balance[balance.length - 1]!)).toBeLessThan(
        1e-9 * balance[0]!,
      )
    }
  })

  it('stamps each trade with its step, the step time and the swap fee on its value', () => {
    const { logged, trades } = runs()
    const time = seriesColumn(logged, 'time')
    let previous = 0
    for (const t of trades) {
      expect(t.step).toBeGreaterThanOrEqual(Math.max(1, previous))
      previous = t.step
      expect(t.time).toBe(time[t.step])
      expect(t.tokenIn).not.toBe(t.tokenOut)
      expect(t.amountIn).toBeGreaterThan(0)
      close(t.feePaid, 0.003 * t.valueIn)
    }
  })
})
