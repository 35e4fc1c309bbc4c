import { describe, expect, it } from 'vitest'
import { runSimulation } from '../../../src/sim/engine/runSimulation.js'
import { lazy } from '../../lazy.js'
import { handSource } from './testPaths.js'

/**
 * The noise traders' draws, read back from the pool: at constant prices, with every step kept in
 * the series, a step holding one trade raises exactly one balance (the token paid in, by the
 * whole amount in, fee included) and lowers exactly one (the token paid out). The size in
 * numeraire is that rise times the token's price.
 */
describe('noise traders: pair and size distributions', () => {
  const tokens = ['ETH', 'SOL', 'USD']
  const prices = [2_000, 30, 1]
  const steps = 200_001
  // 0.02 arrivals per 60 s step: 4,000 trades expected; a step holds two with probability
  // 2e-4, so about 40 steps mix two trades: most show three changed balances and are left
  // out, and at most ~14 (same pair twice, or a pair and its reverse) pass as one trade.
  const arrivalsPerStep = 0.02
  const medianSize = 100
  const sizeSigma = 0.5
  /** The run and the trades read back from its series: computed in the first test that asks. */
  const sample = lazy(() => {
    const result = runSimulation({
      pool: { weights: [0.4, 0.3, 0.3], swapFee: 0.003, initialValue: 1e7 },
      prices: handSource(
        tokens,
        Array.from({ length: steps }, () => prices),
        60,
      ),
      agents: [{ type: 'noise', tradesPerDay: arrivalsPerStep * 1_440, medianSize, sizeSigma }],
      benchmarks: [],
      seed: 2_024,
      seriesPoints: steps,
    })
    const { columns, data } = result.series
    const balances = tokens.map((t) => data[columns.indexOf(`balance.${t}`)]!)
    /** Count per ordered pair, index tokenIn * 3 + tokenOut, and the sizes in numeraire. */
    const pairCounts = new Array<number>(9).fill(0)
    const logSizes: number[] = []
    for (let t = 1; t < steps; t++) {
      const up: number[] = []
      const down: number[] = []
      tokens.forEach((_, k) => {
        const change = balances[k]![t]! - balances[k]![t - 1]!
        if (change > 0) up.push(k)
        else if (change < 0) down.push(k)
      })
      if (up.length !== 1 || down.length !== 1) continue
      const tokenIn = up[0]!
      pairCounts[tokenIn * 3 + down[0]!]!++
      logSizes.push(
        Math.log((balances[tokenIn]![t]! - balances[tokenIn]![t - 1]!) * prices[tokenIn]!),
      )
    }
    const trades = logSizes.length
    return { result, pairCounts, logSizes, trades }
  })

  it('reads back nearly every trade (the test sees what the engine did)', () => {
    const { result, trades } = sample()
    expect(result.metrics.noiseCapBinds).toBe(0)
    // at most the ~40 two-trade steps are lost or merged; 100 leaves room for their spread
    expect(result.metrics.noiseTrades - trades).toBeGreaterThanOrEqual(0)
    expect(result.metrics.noiseTrades - trades).toBeLessThan(100)
    expect(trades).toBeGreaterThan(3_500)
  })

  it('chooses each ordered pair of distinct tokens uniformly (chi-square, 5 dof)', () => {
    const { pairCounts, trades } = sample()
    expect([pairCounts[0], pairCounts[4], pairCounts[8]]).toEqual([0, 0, 0]) // never a token for itself
    const observed = pairCounts.filter((_, i) => i % 4 !== 0)
    const expected = trades / 6
    const chiSquare = observed.reduce((sum, o) => sum + (o - expected) ** 2 / expected, 0)
    // 6 cells, 5 degrees of freedom: P(chi2 > 25.74) = 1e-4, the false-alarm rate of this seed.
    // Power: a 10 % excess on one pair (~67 trades of ~667) adds ~7 on its own, so a sampler
    // that, say, never picks some pair, or favours tokenOut > tokenIn, fails by hundreds.
    expect(chiSquare).toBeLessThan(25.74)
  })

  it('draws log-normal sizes around medianSize: median and spread of ln(size)', () => {
    const { logSizes, trades } = sample()
    const sorted = [...logSizes].sort((a, b) => a - b)
    const half = Math.floor(trades / 2)
    const median = trades % 2 === 1 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2
    // Sample median of n normals: standard error sqrt(pi / 2) * sigma / sqrt(n) (asymptotic);
    // 4 standard errors, two-sided: false alarm ~6e-5. With n ~ 4000: tolerance ~0.04 in ln,
    // a 4 % error on the median size. The ~14 merged trades move it by ~0.004 at most.
    const medianSe = (Math.sqrt(Math.PI / 2) * sizeSigma) / Math.sqrt(trades)
    expect(Math.abs(median - Math.log(medianSize))).toBeLessThan(4 * medianSe)
    // The spread: sample sd of n normals has standard error sigma / sqrt(2 (n - 1)); 4 of them.
    const mean = logSizes.reduce((a, b) => a + b, 0) / trades
    const sd = Math.sqrt(logSizes.reduce((a, b) => a + (b - mean) ** 2, 0) / (trades - 1))
    expect(Math.abs(sd - sizeSigma)).toBeLessThan((4 * sizeSigma) / Math.sqrt(2 * (trades - 1)))
    // Symmetry of ln(size) about its median, as a normal has: mean within 4 se of the median.
    expect(Math.abs(mean - Math.log(medianSize))).toBeLessThan((4 * sizeSigma) / Math.sqrt(trades))
  })
})
