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

  it('gives the same path read in one call (three internal chunks at once)', () => {
    // collectPath reads every step in one next(): the reader then writes its internal chunks of
    // 16,384 at row offsets 0, 16,384 and 32,768 of the caller's buffer, whose path steps (for the
    // ramp, the step, the OU shock) are position + offset
    const whole = collectPath(createSyntheticSource(options, SEED, ...STREAM))
    const p = path()
    for (let i = 0; i < p.prices.length; i++)
      if (whole.prices[i] !== p.prices[i])
        expect.fail(`entry ${i}: ${whole.prices[i]} in one read, ${p.prices[i]} by 10,000`)
    for (let s = 0; s < STEPS; s++)
      if (whole.times[s] !== p.times[s]) expect.fail(`step ${s}: time ${whole.times[s]}`)
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

describe('synthetic source: correlation mixing, z = L x per step', () => {
  // Three Gaussian assets with a non-Gaussian one between them (the mixing runs over the
  // Gaussian ones only, in token order), over one internal chunk and a bit (16,384 + 20 steps).
  const [a, b, c] = [0.6, -0.3, 0.2] // C as [[1, a, b], [a, 1, c], [b, c, 1]] over G1, G2, G3
  const mixTokens = ['G1', 'K', 'G2', 'G3', 'USD']
  const mixSteps = 16_384 + 21
  const vol = [0.5, 0.8, 0.3]
  const mixOptions: SyntheticOptions = {
    tokens: mixTokens,
    numeraire: 'USD',
    start: [10, 3, 20, 40, 1],
    assets: [
      { model: 'gbm', drift: 0, volatility: vol[0]! },
      { model: 'constant' },
      { model: 'gbm', drift: 0, volatility: vol[1]! },
      { model: 'gbm', drift: 0, volatility: vol[2]! },
      { model: 'numeraire' },
    ],
    dt: DT,
    steps: mixSteps,
    startTime: 0,
    correlation: [
      [1, a, b],
      [a, 1, c],
      [b, c, 1],
    ],
  }
  const mixPath = lazy(() => collectPath(createSyntheticSource(mixOptions, SEED, ...STREAM)))

  /** The normal each Gaussian asset's step t used: (L x)_g, the Cholesky factor worked by hand. */
  const mixed = lazy(() => {
    const x = ['G1', 'G2', 'G3'].map((symbol) => {
      const rng = createRng(SEED, ...STREAM, 'diffusion', symbol)
      return Array.from({ length: mixSteps - 1 }, () => rng.nextNormal())
    })
    const l11 = Math.sqrt(1 - a * a)
    const l21 = (c - b * a) / l11
    const l22 = Math.sqrt(1 - b * b - l21 * l21)
    return x[0]!.map((x0, t) => {
      const x1 = x[1]![t]!
      const x2 = x[2]![t]!
      return [x0, a * x0 + l11 * x1, b * x0 + l21 * x1 + l22 * x2]
    })
  })

  /** The normal behind token k's step t, read back from the GBM price ratio. */
  function impliedNormal(p: PricePath, k: number, g: number, t: number): number {
    const years = DT / YEAR
    const n = mixTokens.length
    const s = Math.log1p(p.prices[(t + 1) * n + k]! / p.prices[t * n + k]! - 1)
    return (s + (vol[g]! ** 2 / 2) * years) / (vol[g]! * Math.sqrt(years))
  }

  it('drives each Gaussian asset by its row of L applied to the independent normals', () => {
    const p = mixPath()
    const want = mixed()
    const columns = [0, 2, 3]
    for (let t = 0; t < mixSteps - 1; t++)
      for (let g = 0; g < 3; g++) {
        const got = impliedNormal(p, columns[g]!, g, t)
        // the ratio read back carries ~2 ulp of 1 (4.4e-16) over sigma sqrt(dt) >= 0.0032: 3e-13
        if (!(Math.abs(got - want[t]![g]!) < 1e-11))
          expect.fail(`${mixTokens[columns[g]!]} step ${t}: normal ${got}, want ${want[t]![g]}`)
      }
    for (let s = 0; s < mixSteps; s++)
      if (p.prices[s * 5 + 1] !== 3 || p.prices[s * 5 + 4] !== 1)
        expect.fail(`step ${s}: constant ${p.prices[s * 5 + 1]}, numeraire ${p.prices[s * 5 + 4]}`)
  })

  it('gives the normals the requested correlations (sample of 16,404 steps)', () => {
    const p = mixPath()
    const columns = [0, 2, 3]
    const z = columns.map((k, g) =>
      Array.from({ length: mixSteps - 1 }, (_, t) => impliedNormal(p, k, g, t)),
    )
    const corr = (u: number[], v: number[]) => {
      const mu = u.reduce((s, x) => s + x, 0) / u.length
      const mv = v.reduce((s, x) => s + x, 0) / v.length
      let suv = 0
      let suu = 0
      let svv = 0
      for (let i = 0; i < u.length; i++) {
        suv += (u[i]! - mu) * (v[i]! - mv)
        suu += (u[i]! - mu) ** 2
        svv += (v[i]! - mv) ** 2
      }
      return suv / Math.sqrt(suu * svv)
    }
    // standard error of a sample correlation: (1 - r^2) / sqrt(N) <= 0.008; bound 5 of them
    expect(Math.abs(corr(z[0]!, z[1]!) - a)).toBeLessThan(0.04)
    expect(Math.abs(corr(z[0]!, z[2]!) - b)).toBeLessThan(0.04)
    expect(Math.abs(corr(z[1]!, z[2]!) - c)).toBeLessThan(0.04)
    for (const column of z) {
      const variance = column.reduce((s, x) => s + x * x, 0) / column.length
      expect(Math.abs(variance - 1)).toBeLessThan(0.05) // SE sqrt(2 / N) = 0.011
    }
  })

  it('gives the same path read in one call, step by step, or across the chunk edge', () => {
    const whole = mixPath()
    const n = mixTokens.length
    for (const size of [1, 16_383, 16_385]) {
      const reader = createSyntheticSource(mixOptions, SEED, ...STREAM).open()
      const prices = new Float64Array(size * n)
      const times = new Float64Array(size)
      let at = 0
      for (let count = reader.next(prices, times); count > 0; count = reader.next(prices, times)) {
        for (let i = 0; i < count * n; i++)
          if (prices[i] !== whole.prices[at * n + i])
            expect.fail(
              `read by ${size}: entry ${at * n + i} is ${prices[i]}, want ${whole.prices[at * n + i]}`,
            )
        at += count
      }
      expect(at).toBe(mixSteps)
      // a finished reader gives nothing more and writes nothing
      prices.fill(-1)
      expect(reader.next(prices, times)).toBe(0)
      expect(prices.every((v) => v === -1)).toBe(true)
    }
  })

  it('uses the matrix as given: a diagonal 2^-30 above 1 (within the 1e-9 tolerance) scales row 0', () => {
    // C = [[d, r], [r, 1]] with d = 1 + 2^-30: L = [[sqrt(d), 0], [r / sqrt(d), sqrt(1 - r^2 / d)]],
    // so even the first asset's normal is sqrt(d) x0, not x0 (a relative change of 4.7e-10)
    const d = 1 + 2 ** -30
    const r = 0.5
    const steps = 200
    const p = collectPath(
      createSyntheticSource(
        {
          tokens: ['G1', 'G2', 'USD'],
          numeraire: 'USD',
          start: [10, 20, 1],
          assets: [
            { model: 'gbm', drift: 0, volatility: vol[0]! },
            { model: 'gbm', drift: 0, volatility: vol[1]! },
            { model: 'numeraire' },
          ],
          dt: DT,
          steps,
          startTime: 0,
          correlation: [
            [d, r],
            [r, 1],
          ],
        },
        SEED,
        ...STREAM,
      ),
    )
    const x = ['G1', 'G2'].map((symbol) => {
      const rng = createRng(SEED, ...STREAM, 'diffusion', symbol)
      return Array.from({ length: steps - 1 }, () => rng.nextNormal())
    })
    const l00 = Math.sqrt(d)
    const l10 = r / l00
    const l11 = Math.sqrt(1 - l10 * l10)
    const years = DT / YEAR
    let far = 0
    for (let t = 0; t < steps - 1; t++) {
      const want = [l00 * x[0]![t]!, l10 * x[0]![t]! + l11 * x[1]![t]!]
      for (let g = 0; g < 2; g++) {
        const ratio = p.prices[(t + 1) * 3 + g]! / p.prices[t * 3 + g]!
        const got = (Math.log(ratio) + (vol[g]! ** 2 / 2) * years) / (vol[g]! * Math.sqrt(years))
        // read back to ~1e-13 (see above); x0 itself is 4.7e-10 |x0| away
        if (!(Math.abs(got - want[g]!) < 1e-11))
          expect.fail(`asset ${g} step ${t}: normal ${got}, want ${want[g]}`)
        if (g === 0 && Math.abs(got - x[0]![t]!) > 1e-11) far++
      }
    }
    expect(far).toBeGreaterThan(steps / 2) // the check tells sqrt(d) x0 from x0
  })
})

describe('synthetic source: the regime chain from calm', () => {
  it('starts calm, switches with the exact probabilities, and carries the regime across reads', () => {
    // One regime-switching asset without noise: its log return is the regime's drift dt, so the
    // path names the regime of every step.
    const steps = 4_001
    const dt = 600
    const chainOptions: SyntheticOptions = {
      tokens: ['R', 'USD'],
      numeraire: 'USD',
      start: [1, 1],
      assets: [
        {
          model: 'regime-switching',
          drift: 1,
          volatility: 0,
          crisisDrift: -1,
          crisisVolatility: 0,
        },
        { model: 'numeraire' },
      ],
      dt,
      steps,
      startTime: 0,
      regimes: { calmDuration: 30 * dt, crisisDuration: 10 * dt, startRegime: 'calm' },
    }
    const a = 1 / (30 * dt)
    const b = 1 / (10 * dt)
    const decay = 1 - Math.exp(-(a + b) * dt)
    const rng = createRng(SEED, ...STREAM, 'regimes')
    const want: number[] = []
    let regime = 0
    for (let t = 0; t < steps - 1; t++) {
      want.push(regime)
      const u = rng.nextFloat()
      if (regime === 0 && u < (a / (a + b)) * decay) regime = 1
      else if (regime === 1 && u < (b / (a + b)) * decay) regime = 0
    }
    const crisis = want.filter((r) => r === 1).length
    expect(crisis).toBeGreaterThan((steps - 1) / 8) // stationary share 1/4
    expect(crisis).toBeLessThan((steps - 1) / 2.5)
    // read in pieces of 333 rows: the regime must carry from one read to the next
    const reader = createSyntheticSource(chainOptions, SEED, ...STREAM).open()
    const prices = new Float64Array(333 * 2)
    const times = new Float64Array(333)
    const got: number[] = []
    for (let count = reader.next(prices, times); count > 0; count = reader.next(prices, times))
      for (let i = 0; i < count; i++) got.push(prices[2 * i]!)
    expect(got.length).toBe(steps)
    expect(got[0]).toBe(1)
    const years = dt / YEAR
    for (let t = 0; t < steps - 1; t++) {
      const r = Math.log(got[t + 1]! / got[t]!) / years
      const seen = r < 0 ? 1 : 0
      if (seen !== want[t] || Math.abs(Math.abs(r) - 1) > 1e-6)
        expect.fail(`transition ${t}: return ${r} a year, want regime ${want[t]}`)
    }
  })
})
