/**
 * Mutation kills (issue 13, docs/mutation.md) for stepLoop.ts's agents and sums after the
 * arbitrageur: competing arbitrageurs (competingArbitrageStep, competitorGasStep, bookSwaps), the
 * noise traders (noiseStep), the rebalancing benchmarks (vaultsStep) and the shifted sums behind
 * volatility and tracking errors (accumulateReturns). Oracles: the reference engine
 * (test/reference) on a few more scenarios than runSimulation.kill.test.ts runs, and the precision
 * the shifted sums promise (a constant series of log returns gives a spread of a few ulps).
 */
import { describe, expect, it } from 'vitest'
import { collectPath, sourceFromPath } from '../../../src/sim/prices/path.js'
import { createRng } from '../../../src/sim/random.js'
import { runSimulation } from '../../../src/sim/engine/runSimulation.js'
import type { SimulationConfig, SimulationResult } from '../../../src/sim/engine/types.js'
import { lazy } from '../../lazy.js'
import { compareFigures, failures } from '../../reference/compareFigures.js'
import { randomScenario, type RandomScenario } from '../../reference/randomScenarios.js'
import { runReference } from '../../reference/referenceEngine.js'
import { gbmSource, handSource } from './testPaths.js'

interface Case {
  name: string
  scenario: () => RandomScenario
}

const competing = (index: number) => () =>
  randomScenario(4, index, { forceArbitrageur: true, competing: true })

/** Competing arbitrageurs where the third one wins blocks, and where their 30 % caps bind. */
const cases: Case[] = [
  // 2 tokens, 3 arbitrageurs (gas: series, constant, series), priority auction: won 49, 2, 3
  { name: 'family 4 #19', scenario: competing(19) },
  // 3 tokens, 3 arbitrageurs (log-normal, constant, constant), winner keeps: won 6, 0, 64, a cap
  { name: 'family 4 #33', scenario: competing(33) },
  // 2 tokens, 2 arbitrageurs, priority auction, fee 10 %: the cap binds in 15 blocks
  { name: 'family 4 #59', scenario: competing(59) },
]

const runs = cases.map(({ name, scenario }) => ({
  name,
  run: lazy(() => {
    const s = scenario()
    return { s, result: runSimulation(s.config), ref: runReference(s.config, s.path, 'bisection') }
  }),
}))

describe('competing arbitrageurs: more scenarios against the reference engine', () => {
  it.each(runs)('$name agrees on every figure of summary.json', ({ run }) => {
    const { s, result, ref } = run()
    expect(failures(compareFigures(result, ref)), s.label).toEqual([])
  })
})

/** Steps per year of an hourly path. */
const HOURLY = 8_760

/** A run's series column by name (seriesPoints 'all': every step). */
function column(result: SimulationResult, name: string): ArrayLike<number> {
  const j = result.series.columns.indexOf(name)
  expect(j, name).toBeGreaterThanOrEqual(0)
  return result.series.data[j]!
}

/** Annualised sample standard deviation (two-pass) of per-step log(a_t / a_{t-1}) - log(b_t / b_{t-1}). */
function twoPassSpread(a: ArrayLike<number>, b?: ArrayLike<number>): number {
  const xs: number[] = []
  for (let t = 1; t < a.length; t++)
    xs.push(Math.log(a[t]! / a[t - 1]!) - (b === undefined ? 0 : Math.log(b[t]! / b[t - 1]!)))
  const mean = xs.reduce((sum, x) => sum + x, 0) / xs.length
  const squares = xs.reduce((sum, x) => sum + (x - mean) ** 2, 0)
  return Math.sqrt((squares / (xs.length - 1)) * HOURLY)
}

/** Rows of `prices(t)`, the first `noisy` prices of each times (1 + noise N(0, 1)), seeded. */
function noisyRows(
  steps: number,
  noise: number,
  noisy: number,
  prices: (t: number) => number[],
): number[][] {
  const rng = createRng(5, 'stepLoop-agents-kill')
  return Array.from({ length: steps }, (_, t) =>
    prices(t).map((p, k) => (k < noisy ? p * (1 + noise * rng.nextNormal()) : p)),
  )
}

describe('accumulateReturns: the sums shifted by the first observation stay exact when the mean dwarfs the spread', () => {
  // Shifted sums (x - K, (x - K)^2, K the first observation) lose nothing to cancellation when
  // the series is nearly constant; with a wrong shift K' the variance carries an error of about
  // eps (x - K')^2, which these series make far larger than their own variance. Oracle: the
  // two-pass standard deviation of the log returns of the run's own series (every step kept),
  // whose rounding is ~1e-16 per log return, far below the spreads here.

  it('volatility: both tokens grow 1 % a step, each with a 1e-11 wobble (mean 1e-2, spread ~1e-11)', () => {
    // No agents: the pool holds its basket, whose log return is ln 1.01 plus the wobble (the
    // numeraire, USD, is not in the pool). A shift of 2 ln 1.01 instead of ln 1.01 errs ~30x.
    const result = runSimulation({
      pool: { weights: [0.5, 0.5], swapFee: 0, initialValue: 1e6 },
      prices: handSource(
        ['A', 'B'],
        noisyRows(201, 1e-11, 2, (t) => [1.01 ** t, 2 * 1.01 ** t]),
        3_600,
      ),
      agents: [],
      benchmarks: [],
      seed: 1,
      seriesPoints: 'all',
    })
    const want = twoPassSpread(column(result, 'lpValue'))
    expect(want).toBeGreaterThan(1e-10)
    expect(want).toBeLessThan(1e-8)
    expect(Math.abs(result.metrics.annualisedVolatility - want)).toBeLessThanOrEqual(1e-4 * want)
  })

  it('tracking errors: ETH alternates x1.2 and /1.2, a fee-free arbitrageur (gap -4.1e-3 each step, spread ~5e-11)', () => {
    // The pool's log return is +-(1/2) ln 1.2 and the constant mix's ln 1.1 or -ln 1.1: the gap
    // is ln(sqrt(1.2) / 1.1) = -4.15e-3 both ways. An every-step, cost-free periodic vault is the
    // constant mix, so its gap is the same.
    const result = runSimulation({
      pool: { weights: [0.5, 0.5], swapFee: 0, initialValue: 1e6 },
      prices: handSource(
        ['ETH', 'USD'],
        noisyRows(201, 1e-9, 1, (t) => [t % 2 === 1 ? 1.2 : 1, 1]),
        3_600,
      ),
      agents: [{ type: 'arbitrageur' }],
      benchmarks: [{ type: 'periodic', everySteps: 1, costBps: 0 }],
      seed: 1,
      seriesPoints: 'all',
    })
    expect(result.metrics.arbTrades).toBe(200)
    const lp = column(result, 'lpValue')
    const mix = twoPassSpread(lp, column(result, 'constantMixValue'))
    const vault = twoPassSpread(lp, column(result, 'benchmark.periodic'))
    for (const want of [mix, vault]) {
      expect(want).toBeGreaterThan(1e-9)
      expect(want).toBeLessThan(1e-7)
    }
    expect(Math.abs(result.metrics.trackingError - mix)).toBeLessThanOrEqual(1e-6 * mix)
    expect(Math.abs(result.benchmarks.periodic!.trackingError - vault)).toBeLessThanOrEqual(
      1e-6 * vault,
    )
  })

  it('a hodl benchmark the pool is (no agents): tracking error ~1e-14, not the 1e-8 of a wrong shift', () => {
    // No agents: LP and HODL log returns agree to a few ulps (~1e-18) each step; the prices move
    // (GBM), so the first gap as shift is what keeps the sums at rounding level.
    const result = runSimulation({
      pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6 },
      prices: gbmSource({ tokens: 2, steps: 200, dt: 3_600, sigma: 0.8, seed: 3 }),
      agents: [],
      // hodl second: its gaps read the HODL buffer from its start, not at b x chunk
      benchmarks: [{ type: 'periodic', everySteps: 5, costBps: 0 }, { type: 'hodl' }],
      seed: 1,
    })
    expect(result.metrics.annualisedVolatility).toBeGreaterThan(0.1)
    expect(result.benchmarks.hodl!.trackingError).toBeLessThan(1e-11)
  })
})

/** A config over a long path: more than one chunk (CHUNK_STEPS = 4,096) of `n` tokens. */
function longConfig(n: number): { config: SimulationConfig; path: ReturnType<typeof collectPath> } {
  const source = gbmSource({
    tokens: n,
    steps: 4_300,
    dt: 3_600,
    sigma: 0.8,
    seed: 7,
    withNumeraire: true,
  })
  const path = collectPath(source)
  return {
    path,
    config: {
      pool: { weights: Array.from({ length: n }, () => 1 / n), swapFee: 0.003, initialValue: 1e6 },
      prices: source,
      agents: [
        { type: 'arbitrageur', gasCost: 1 },
        { type: 'noise', tradesPerDay: 24, medianSize: 2_000, sizeSigma: 1 },
      ],
      benchmarks: [
        { type: 'hodl' },
        { type: 'constant-mix' },
        { type: 'periodic', everySteps: 7, costBps: 10 },
        { type: 'threshold', band: 0.05, costBps: 10 },
      ],
      seed: 3,
    },
  }
}

describe('accumulateReturns: sums carried across chunks', () => {
  it.each([2, 3])('%i tokens, two chunks: every figure as the reference engine has it', (n) => {
    const { config, path } = longConfig(n)
    const result: SimulationResult = runSimulation(config)
    const ref = runReference(config as never, path, 'bisection')
    expect(failures(compareFigures(result, ref))).toEqual([])
  })
})

describe('competing arbitrageurs: the multi-token note sums every winner', () => {
  it('family 4 #7 (3 tokens, fee 0.3 %, auction): realised = profit + gas + priority fees, below the closed form', () => {
    const s = competing(7)()
    const result = runSimulation(s.config)
    const m = result.metrics
    expect(m.arbitrageurs!.filter((a) => a.blocksWon > 0).length).toBe(2)
    const note = result.notes.find((line) => line.startsWith('Executing multi-token'))!
    const [realised, ideal, difference] = [...note.matchAll(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/g)].map(
      (match) => Number(match[0]),
    )
    // printed to 6 significant digits: the realised profit before gas and priority fees
    const want = m.arbProfit + m.gasPaid + m.priorityFees!
    expect(Math.abs(realised! - want)).toBeLessThanOrEqual(1e-5 * want)
    // pairwise swaps pay a fee on each hop: less than the closed form, by the printed difference
    expect(difference).toBeGreaterThan(0)
    expect(Math.abs(ideal! - realised! - difference!)).toBeLessThanOrEqual(1e-5 * ideal!)
  })
})

describe('noiseStep: exact edges (30 % limits, an arrival on a step time, the routing uniform), trade times', () => {
  /** One hourly step on flat prices 1: seed 1 makes one arrival, ETH in, USD out. */
  const oneTrade = (weights: number[], initialValue: number, medianSize: number) =>
    runSimulation({
      pool: { weights, swapFee: 0, initialValue },
      prices: handSource(
        ['ETH', 'USD'],
        [
          [1, 1],
          [1, 1],
        ],
        3_600,
      ),
      agents: [{ type: 'noise', tradesPerDay: 24, medianSize, sizeSigma: 0 }],
      benchmarks: [],
      seed: 1,
      trades: true,
    })

  it('an input of exactly 30 % of the balance in is not cut (the limit is amountIn (1 - fee) > 30 %)', () => {
    // balances 1e6 each; the trade pays in 300,000 = 0.3 x 1e6 exactly (fee 0)
    const result = oneTrade([0.5, 0.5], 2e6, 300_000)
    expect(result.trades!.map((t) => [t.tokenIn, t.amountIn])).toEqual([['ETH', 300_000]])
    expect(result.metrics.noiseCapBinds).toBe(0)
  })

  it('an output of exactly 30 % of the balance out is not cut either', () => {
    // weights 0.8 / 0.2, balances 8e5 and 2e5: this input (found by stepping ulps) takes out
    // 60,000 = 0.3 x 2e5 to the last bit, with the input 9 % of its balance
    const result = oneTrade([0.8, 0.2], 1e6, 74_612.09114327474)
    expect(result.trades!.map((t) => [t.tokenIn, t.amountIn, t.amountOut])).toEqual([
      ['ETH', 74_612.09114327474, 60_000],
    ])
    expect(result.metrics.noiseCapBinds).toBe(0)
  })

  it('trades an arrival that falls exactly on a step time at that step', () => {
    // Seed 1's first arrival gap is -ln(1 - U) / rate; at this rate (found by stepping ulps) it
    // is 3,600 s to the last bit: the first step's time. Arrivals up to and including a step's
    // time trade at that step.
    const result = runSimulation({
      pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6 },
      prices: handSource(
        ['ETH', 'USD'],
        [
          [1, 1],
          [1, 1],
        ],
        3_600,
      ),
      agents: [{ type: 'noise', tradesPerDay: 12.495018727029136, medianSize: 1_000 }],
      benchmarks: [],
      seed: 1,
      trades: true,
    })
    expect(result.trades!.map((t) => [t.step, t.time])).toEqual([[1, 3_600]])
  })

  it('routes an arrival away when its uniform equals the pool share exactly (u >= share)', () => {
    // Seed 6's one arrival in the step: 1,000 at fee 0.3 % on balances of 1e6 and prices 1, an
    // all-in cost 1 - out / in = 0.003993; at this outside cost (found by stepping ulps) the
    // pool's share 1 / (1 + cost / outsideCost) equals the arrival's routing uniform (its fifth
    // draw, 0.6026892...) to the last bit. The pool takes the trade only below its share.
    const result = runSimulation({
      pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 2e6 },
      prices: handSource(
        ['ETH', 'USD'],
        [
          [1, 1],
          [1, 1],
        ],
        3_600,
      ),
      agents: [
        {
          type: 'noise',
          tradesPerDay: 5,
          medianSize: 1_000,
          sizeSigma: 0,
          demand: { elasticity: 1, outsideCost: 0.006057096883918292, referenceSwapFee: 0.003 },
        },
      ],
      benchmarks: [],
      seed: 6,
    })
    expect(result.metrics.noiseTrades).toBe(0)
    expect(result.notes[0]).toBe(
      'Fee-elastic flow: 0 of 1 noise arrivals traded on the pool, 1 went to the outside venue.',
    )
  })

  it('stamps noise trades with their step time on a path that does not start at 0', () => {
    const path = collectPath(gbmSource({ tokens: 2, steps: 50, dt: 3_600, sigma: 0.5, seed: 3 }))
    const start = 1_700_000_000
    const times = path.times.map((t) => t + start)
    const result = runSimulation({
      pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6 },
      prices: sourceFromPath({ ...path, times }),
      agents: [{ type: 'noise', tradesPerDay: 48, medianSize: 1_000 }],
      benchmarks: [],
      seed: 1,
      trades: true,
    })
    const trades = result.trades!
    expect(trades.length).toBeGreaterThan(50)
    for (const trade of trades) expect(trade.time).toBe(times[trade.step])
  })
})
