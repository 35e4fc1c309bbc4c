/**
 * Tests written to kill the mutants StrykerJS left alive in src/sim/prices/synthetic/source.ts
 * (docs/mutation.md): every model's step, recomputed by a slow and obvious reference from the
 * model's definition (docs/scenarios.md, the formulas in theory.md) on the generator's own random
 * streams, as documented: (seed, stream keys, 'diffusion' | 'jumps', symbol) per asset,
 * (seed, stream keys, 'regimes') for the shared chain, (seed, stream keys, 'bootstrap') for every
 * bootstrap asset. The path crosses the generator's internal chunk of 16,384 steps, so the state
 * carried between chunks (log price, GBM level, regime, bootstrap block) is checked too.
 *
 * Each step is compared on its own (the increment of the log price, or the price ratio), not the
 * whole path, so the bound is a few ulp of one step rather than an error accumulated over 16,500.
 */
import { describe, expect, it } from 'vitest'
import { collectPath } from '../../../../src/sim/prices/path.js'
import type { PricePath } from '../../../../src/sim/prices/types.js'
import {
  createSyntheticSource,
  shockStep,
  type SyntheticOptions,
} from '../../../../src/sim/prices/synthetic/source.js'
import { createRng } from '../../../../src/sim/random.js'
import { lazy } from '../../../lazy.js'

const YEAR = 31_536_000
const SEED = 29
const STREAM = ['kill', 4] as const
/** One step past two internal chunks of 16,384. */
const STEPS = 2 * 16_384 + 50
const DT = 3_600

const tokens = ['G', 'J', 'R', 'O', 'B', 'B2', 'RA', 'ST', 'C', 'USD']
const returns = Float64Array.from(
  { length: 30 },
  (_, i) => 0.001 * (i + 1) * (i % 2 === 0 ? 1 : -1),
)
const options: SyntheticOptions = {
  tokens,
  numeraire: 'USD',
  start: [2_000, 30, 5, 1.01, 100, 7, 3, 4, 0.25, 1],
  assets: [
    // sigma sqrt(dt) = 0.0043: most steps inside the series' |s| < 2^-7 for e^s - 1, some outside
    { model: 'gbm', drift: 0.3, volatility: 0.4 },
    {
      model: 'jump-diffusion',
      drift: 0.1,
      volatility: 0.5,
      jumpIntensity: 0.4 * (YEAR / DT), // 0.4 jumps a step: many steps with 2 or 3 jumps
      jumpMean: -0.01,
      jumpStdDev: 0.02,
    },
    {
      model: 'regime-switching',
      drift: 0.2,
      volatility: 0.3,
      crisisDrift: -1.5,
      crisisVolatility: 1.2,
    },
    {
      model: 'ou',
      level: 1,
      halfLife: 30 * DT,
      volatility: 0.2,
      shock: { at: 100 * DT, size: -0.2 },
    },
    { model: 'bootstrap', returns, blockLength: 7 },
    { model: 'bootstrap', returns, blockLength: 7 },
    { model: 'ramp', end: 9 },
    { model: 'step', at: 200 * DT, factor: 1.5 },
    { model: 'constant' },
    { model: 'numeraire' },
  ],
  dt: DT,
  steps: STEPS,
  startTime: 1_700_000_000,
  regimes: { calmDuration: 50 * DT, crisisDuration: 20 * DT, startRegime: 'crisis' },
}

/**
 * The path, by the generator, read 10,000 rows at a time: the reads end inside and across its
 * internal chunks, so both the reader's position and the chunks' carried state are exercised.
 */
const path = lazy((): PricePath => {
  const reader = createSyntheticSource(options, SEED, ...STREAM).open()
  const n = tokens.length
  const prices = new Float64Array(STEPS * n)
  const times = new Float64Array(STEPS)
  const chunkPrices = new Float64Array(10_000 * n)
  const chunkTimes = new Float64Array(10_000)
  let at = 0
  for (let count = reader.next(chunkPrices, chunkTimes); count > 0;) {
    prices.set(chunkPrices.subarray(0, count * n), at * n)
    times.set(chunkTimes.subarray(0, count), at)
    at += count
    count = reader.next(chunkPrices, chunkTimes)
  }
  expect(at).toBe(STEPS)
  return { tokens, numeraire: 'USD', times, prices }
})

/** Price of token `k` at step `s`. */
function price(p: PricePath, s: number, k: number): number {
  return p.prices[s * tokens.length + k]!
}

/** The token's normals, one per transition, from its diffusion stream. */
function normals(symbol: string): number[] {
  const rng = createRng(SEED, ...STREAM, 'diffusion', symbol)
  return Array.from({ length: STEPS - 1 }, () => rng.nextNormal())
}

/** The regime (0 calm, 1 crisis) over each transition, from the chain's exact probabilities. */
const regimes = lazy(() => {
  const rng = createRng(SEED, ...STREAM, 'regimes')
  const toCrisisRate = 1 / (50 * DT)
  const toCalmRate = 1 / (20 * DT)
  const total = toCrisisRate + toCalmRate
  // P(calm -> crisis over dt) = a / (a + b) (1 - e^{-(a + b) dt}), and b / (a + b) (...) back
  const toCrisis = (toCrisisRate / total) * (1 - Math.exp(-total * DT))
  const toCalm = (toCalmRate / total) * (1 - Math.exp(-total * DT))
  const out: number[] = []
  let regime = 1 // startRegime: 'crisis'
  for (let t = 0; t < STEPS - 1; t++) {
    out.push(regime)
    const u = rng.nextFloat()
    if (regime === 0 && u < toCrisis) regime = 1
    else if (regime === 1 && u < toCalm) regime = 0
  }
  return out
})

/**
 * Checks each step's log increment of token `k` against `want(t)`, the reference increment of
 * transition t (step t to t + 1). Bound: the log prices are below 8 in size, so one increment read
 * back through exp and log carries ~4 ulp of 8 (7e-15); 2e-14 leaves a factor 3.
 */
function expectIncrements(k: number, want: (t: number) => number): void {
  const p = path()
  expect(price(p, 0, k)).toBe(options.start[k])
  for (let t = 0; t < STEPS - 1; t++) {
    const got = Math.log(price(p, t + 1, k)) - Math.log(price(p, t, k))
    if (!(Math.abs(got - want(t)) < 2e-14))
      expect.fail(`${tokens[k]} transition ${t}: increment ${got}, want ${want(t)}`)
  }
}

describe('synthetic source against a step-by-step reference (mixed models, 3 chunks)', () => {
  it('gbm: each step multiplies by exactly e^((mu - sigma^2/2) dt + sigma sqrt(dt) Z)', () => {
    const p = path()
    const z = normals('G')
    const years = DT / YEAR
    expect(price(p, 0, 0)).toBe(2_000)
    let inSeries = 0
    for (let t = 0; t < STEPS - 1; t++) {
      const s = (0.3 - 0.4 ** 2 / 2) * years + 0.4 * Math.sqrt(years) * z[t]!
      if (Math.abs(s) < 2 ** -7) inSeries++
      // The ratio's rounding: S' = S + S e carries 1 ulp of S', read back as ~2 ulp of 1 (4.4e-16)
      // against e^s - 1 itself; a wrong series term moves it by s^5 / 120 ~ 1e-13 and more.
      const got = price(p, t + 1, 0) / price(p, t, 0) - 1
      if (!(Math.abs(got - Math.expm1(s)) < 1e-15))
        expect.fail(`transition ${t}: ratio - 1 = ${got}, want e^s - 1 = ${Math.expm1(s)}`)
    }
    // both branches of e^s - 1 were exercised
    expect(inSeries).toBeGreaterThan(STEPS / 2)
    expect(inSeries).toBeLessThan(STEPS - 1)
  })

  it('jump-diffusion: compensated drift, diffusion, and N jumps of total N m + s sqrt(N) Z', () => {
    const z = normals('J')
    const jumps = createRng(SEED, ...STREAM, 'jumps', 'J')
    const years = DT / YEAR
    const lambda = 0.4 * (YEAR / DT)
    const kappa = Math.exp(-0.01 + 0.02 ** 2 / 2) - 1
    const increments: number[] = []
    const counts = [0, 0, 0, 0]
    for (let t = 0; t < STEPS - 1; t++) {
      let x = (0.1 - 0.5 ** 2 / 2 - lambda * kappa) * years + 0.5 * Math.sqrt(years) * z[t]!
      const n = jumps.nextPoisson(lambda * years)
      counts[Math.min(n, 3)]!++
      if (n > 0) x += n * -0.01 + 0.02 * Math.sqrt(n) * jumps.nextNormal()
      increments.push(x)
    }
    expect(counts[2]! + counts[3]!).toBeGreaterThan(1_000) // multi-jump steps are tested
    expectIncrements(1, (t) => increments[t]!)
  })

  it('regime switching: each regime with its own drift and Ito term, on the exact chain', () => {
    const z = normals('R')
    const years = DT / YEAR
    const chain = regimes()
    const crisisSteps = chain.filter((r) => r === 1).length
    // both regimes often: the stationary share of crisis is 20 / 70
    expect(crisisSteps).toBeGreaterThan(STEPS / 5)
    expect(crisisSteps).toBeLessThan(STEPS / 2.5)
    expectIncrements(2, (t) =>
      chain[t] === 0
        ? (0.2 - 0.3 ** 2 / 2) * years + 0.3 * Math.sqrt(years) * z[t]!
        : (-1.5 - 1.2 ** 2 / 2) * years + 1.2 * Math.sqrt(years) * z[t]!,
    )
  })

  it('Ornstein-Uhlenbeck: the exact AR(1) transition of the log price, and the shock once', () => {
    const z = normals('O')
    const kappa = Math.LN2 / (30 * DT)
    const keep = Math.exp(-kappa * DT)
    // innovation variance sigma^2 (1 - e^{-2 kappa dt}) / (2 kappa), sigma^2 per second
    const sd = Math.sqrt(((0.2 ** 2 / YEAR) * (1 - Math.exp(-2 * kappa * DT))) / (2 * kappa))
    expect(shockStep(100 * DT, DT)).toBe(100)
    const logs = [Math.log(1.01)]
    for (let t = 0; t < STEPS - 1; t++) {
      let x = logs[t]! * keep + sd * z[t]! // level 1: the mean of the log price is 0
      if (t + 1 === 100) x += Math.log(0.8)
      logs.push(x)
    }
    expectIncrements(3, (t) => logs[t + 1]! - logs[t]!)
  })

  it('bootstrap: blocks of 7 consecutive history returns from uniform starts, the same for every asset', () => {
    const rng = createRng(SEED, ...STREAM, 'bootstrap')
    const blocks = returns.length - 7 + 1
    const want: number[] = []
    let first = 0
    for (let t = 0; t < STEPS - 1; t++) {
      if (t % 7 === 0) first = Math.floor(rng.nextFloat() * blocks)
      want.push(returns[first + (t % 7)]!)
    }
    expect(new Set(want.filter((_, t) => t % 7 === 0)).size).toBe(blocks) // every start drawn
    expectIncrements(4, (t) => want[t]!)
    expectIncrements(5, (t) => want[t]!)
  })

  it('ramp, step, constant and numeraire: their closed forms at every step', () => {
    const p = path()
    for (let s = 0; s < STEPS; s++) {
      const ramp = s === STEPS - 1 ? 9 : 3 + ((9 - 3) * s) / (STEPS - 1)
      const row = [price(p, s, 6), price(p, s, 7), price(p, s, 8), price(p, s, 9)]
      const want = [ramp, s >= 200 ? 4 * 1.5 : 4, 0.25, 1]
      if (row.some((v, i) => v !== want[i]))
        expect.fail(`step ${s}: ${row.join(', ')}, want ${want.join(', ')}`)
    }
  })

  it('puts each point on the grid startTime + s dt', () => {
    const p = path()
    for (let s = 0; s < STEPS; s++)
      if (p.times[s] !== 1_700_000_000 + s * DT) expect.fail(`step ${s}: time ${p.times[s]}`)
  })
})

describe('synthetic source: correlation shortcut', () => {
  it('mixes an all-ones matrix (perfect correlation), which is not the identity', () => {
    // Two GBM assets with the same parameters and correlation 1 get the same normal (the factor's
    // second row is [1, 0]), so their paths are identical; treated as independent they are not.
    const gbm = { model: 'gbm', drift: 0.1, volatility: 0.6 } as const
    const p = collectPath(
      createSyntheticSource(
        {
          tokens: ['A', 'B'],
          numeraire: 'USD',
          start: [50, 50],
          assets: [gbm, gbm],
          dt: DT,
          steps: 100,
          startTime: 0,
          correlation: [
            [1, 1],
            [1, 1],
          ],
        },
        SEED,
        ...STREAM,
      ),
    )
    for (let s = 0; s < 100; s++) expect(p.prices[2 * s + 1], `step ${s}`).toBe(p.prices[2 * s])
    expect(p.prices[2 * 99]).not.toBe(50)
  })
})
