import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { poolShare, potentialTradesPerDay } from '../../../src/sim/agents/noise.js'
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

describe('fee-elastic noise flow: poolShare and its calibration', () => {
  it('splits demand as 1 / (1 + (cost / outsideCost)^elasticity), by hand', () => {
    expect(poolShare(0.003, 0.003, 2)).toBe(0.5) // equal costs: half each
    expect(poolShare(0.006, 0.003, 2)).toBeCloseTo(1 / 5, 15) // 1 / (1 + 2^2)
    expect(poolShare(0.0015, 0.003, 1)).toBeCloseTo(2 / 3, 15) // 1 / (1 + 1/2)
    expect(poolShare(0, 0.003, 2)).toBe(1) // a free pool takes everything
    expect(poolShare(-0.001, 0.003, 2)).toBe(1) // a pool off the market in the trader's favour
  })

  it('scales arrivals so the pool sees tradesPerDay at the reference fee', () => {
    expect(potentialTradesPerDay(100, 0.003, 0.003, 2)).toBeCloseTo(200, 12) // share 1/2
    expect(potentialTradesPerDay(100, 0.0015, 0.003, 1)).toBeCloseTo(150, 12) // share 2/3
  })
})

describe('fee-elastic noise flow in the engine', () => {
  // Constant prices, trades of 1 USD on a 1e9 pool: price impact ~1e-9, so each trade's
  // all-in cost is the fee. 10 days of 1-minute steps, 500 pool trades a day at fee 0.3 %.
  const steps = 14_401
  const source = handSource(
    ['ETH', 'USD'],
    Array.from({ length: steps }, () => [2_000, 1]),
    60,
  )
  const run = (swapFee: number, seed: number) =>
    runSimulation({
      pool: { weights: [0.5, 0.5], swapFee, initialValue: 1e9 },
      prices: source,
      agents: [
        {
          type: 'noise',
          tradesPerDay: 500,
          medianSize: 1,
          sizeSigma: 0,
          demand: { elasticity: 2, outsideCost: 0.003, referenceSwapFee: 0.003 },
        },
      ],
      benchmarks: [],
      seed,
    })

  it.each([
    // [fee, pool share]: the thinned arrivals are Poisson with mean 1000/day * share * 10 days.
    [0.003, 0.5],
    [0.006, 0.2],
    [0.0015, 0.8],
  ])('at fee %f the pool gets share %f of 1000 arrivals a day, within 4 sd', (swapFee, share) => {
    const result = run(swapFee, 11)
    const mean = 1_000 * share * 10
    // Poisson: sd = sqrt(mean); false alarm ~6e-5 per case.
    expect(Math.abs(result.metrics.noiseTrades - mean)).toBeLessThan(4 * Math.sqrt(mean))
    const note = result.notes.find((line) => line.startsWith('Fee-elastic flow: '))
    const arrivals = Number(/of (\d+) noise arrivals/.exec(note ?? '')?.[1])
    // All arrivals, pool or outside: Poisson(10,000), sd 100.
    expect(Math.abs(arrivals - 10_000)).toBeLessThan(400)
    expect(note).toBe(
      `Fee-elastic flow: ${result.metrics.noiseTrades} of ${arrivals} noise arrivals traded on the pool, ${arrivals - result.metrics.noiseTrades} went to the outside venue.`,
    )
  })

  it('routes the same arrivals on the exact pool math, deciding on the float view', () => {
    const float = run(0.006, 12)
    const exact = runSimulation({
      pool: { weights: [0.5, 0.5], swapFee: 0.006, initialValue: 1e9, math: 'exact-v3' },
      prices: source,
      agents: [
        {
          type: 'noise',
          tradesPerDay: 500,
          medianSize: 1,
          sizeSigma: 0,
          demand: { elasticity: 2, outsideCost: 0.003, referenceSwapFee: 0.003 },
        },
      ],
      benchmarks: [],
      seed: 12,
    })
    const arrivals = (notes: string[]) =>
      Number(/of (\d+) noise arrivals/.exec(notes.join('\n'))?.[1])
    // Same stream, same gaps: the same arrivals; the routing draws are the same uniforms against
    // nearly the same cost, so the decisions agree (a flip needs a uniform within ~1e-9 of s).
    expect(arrivals(exact.notes)).toBe(arrivals(float.notes))
    expect(exact.metrics.noiseTrades).toBe(float.metrics.noiseTrades)
    expect(Math.abs(exact.metrics.noiseTrades - 0.2 * arrivals(float.notes))).toBeLessThan(
      4 * Math.sqrt(0.2 * 0.8 * arrivals(float.notes)), // binomial, 4 sd
    )
  })

  it('rejects a demand curve without elasticity, naming the field', () => {
    const attempt = () =>
      runSimulation({
        pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6 },
        prices: source,
        agents: [
          {
            type: 'noise',
            tradesPerDay: 10,
            medianSize: 1,
            demand: { elasticity: 0, outsideCost: 0.003, referenceSwapFee: 0.003 },
          },
        ],
        benchmarks: [],
        seed: 1,
      })
    expect(attempt).toThrow(InputError)
    expect(attempt).toThrow(expect.objectContaining({ code: 'BAD_PARAMETER' }))
    expect(attempt).toThrow(
      new InputError(
        'BAD_PARAMETER',
        { path: 'agents[0].demand.elasticity' },
        'expected a number in (0, 100], found 0',
      ),
    )
  })
})
