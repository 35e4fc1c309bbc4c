import { describe, expect, it } from 'vitest'
import { runSimulation } from '../../../src/sim/engine/runSimulation.js'
import { handSource } from '../engine/testPaths.js'

describe('noise traders', () => {
  // Constant prices, 3 tokens, no arbitrageur: 10 days of 1-minute steps.
  const steps = 14_401
  const rows = Array.from({ length: steps }, () => [2_000, 30, 1])
  const source = handSource(['ETH', 'SOL', 'USD'], rows, 60)
  const run = (seed: number, traders = 1) =>
    runSimulation({
      pool: { weights: [0.4, 0.3, 0.3], swapFee: 0.003, initialValue: 1e7 },
      prices: source,
      agents: Array.from({ length: traders }, () => ({
        type: 'noise' as const,
        tradesPerDay: 500,
        medianSize: 100,
        sizeSigma: 0.5,
      })),
      benchmarks: [],
      seed,
    }).metrics

  it('arrive at tradesPerDay: Poisson count within 4 standard deviations', () => {
    // Expected count 500 / day * 10 days = 5000, sd sqrt(5000) = 70.7; false alarm ~6e-5 per seed.
    for (const seed of [1, 2, 3]) {
      const m = run(seed)
      expect(Math.abs(m.noiseTrades - 5_000)).toBeLessThan(4 * Math.sqrt(5_000))
      expect(m.trades).toBe(m.noiseTrades)
      expect(m.noiseCapBinds).toBe(0)
    }
  })

  it('have mean size median * exp(sigma^2 / 2) in numeraire, within 4 standard errors', () => {
    // Log-normal: mean m e^{s^2/2}, sd = mean * sqrt(e^{s^2} - 1). Volume is the numeraire value in.
    const mean = 100 * Math.exp(0.125)
    const sd = mean * Math.sqrt(Math.exp(0.25) - 1)
    for (const seed of [4, 5]) {
      const m = run(seed)
      const se = sd / Math.sqrt(m.noiseTrades)
      expect(Math.abs(m.noiseVolume / m.noiseTrades - mean)).toBeLessThan(4 * se)
      expect(m.noiseFees).toBeCloseTo(0.003 * m.noiseVolume, 9)
    }
  })

  it('each draw from its own stream: two traders double the count, seeds change it', () => {
    const one = run(7)
    const two = run(7, 2)
    // Two independent streams of rate 500/day: about 10,000 trades (sd 100).
    expect(Math.abs(two.noiseTrades - 10_000)).toBeLessThan(400)
    expect(run(8).noiseTrades).not.toBe(one.noiseTrades)
    expect(run(7).noiseTrades).toBe(one.noiseTrades)
  })
})

describe('noise traders: the 30 % in-limit', () => {
  it('caps a trade at amountIn * (1 - swapFee) = 30 % of the balance in (Balancer, net of the fee)', () => {
    // Two tokens at constant prices, 1 % fee, trades far larger than the pool: every trade caps.
    // About 0.1 arrivals per 60 s step, so most steps with a trade have exactly one.
    const steps = 2_001
    const result = runSimulation({
      pool: { weights: [0.5, 0.5], swapFee: 0.01, initialValue: 1e6 },
      prices: handSource(
        ['ETH', 'USD'],
        Array.from({ length: steps }, () => [2_000, 1]),
        60,
      ),
      agents: [{ type: 'noise', tradesPerDay: 144, medianSize: 1e12, sizeSigma: 0 }],
      benchmarks: [],
      seed: 3,
      seriesPoints: steps,
    })
    const columns = result.series.columns
    const eth = result.series.data[columns.indexOf('balance.ETH')]!
    const usd = result.series.data[columns.indexOf('balance.USD')]!
    // A single capped trade multiplies the balance in by 1 + 0.3 / 0.99 = 1.30303...; the gross
    // rule would give exactly 1.3. Two trades in one step give other ratios, outside the window.
    let single = 0
    for (let t = 1; t < eth.length; t++)
      for (const ratio of [eth[t]! / eth[t - 1]!, usd[t]! / usd[t - 1]!])
        if (Math.abs(ratio - 1.302) < 0.003) {
          expect(ratio).toBeCloseTo(1 + 0.3 / 0.99, 12)
          single++
        }
    expect(single).toBeGreaterThan(50)
    expect(result.metrics.noiseCapBinds).toBe(result.metrics.noiseTrades)
  })
})
