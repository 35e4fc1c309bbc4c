/**
 * Each synthetic model against its definition at the step sizes people use (12 s, 1 h, 1 d),
 * through identities that hold path by path, so no statistics are needed and a wrong term shows
 * however small it is:
 * - regime switching: two assets driven by the same normal (correlation 1) cancel their noise,
 *   leaving each regime's drift with its Ito term, (mu - sigma^2/2) dt, for calm and crisis;
 * - jump-diffusion: a fixed log jump m with a tiny spread s reads the jump count N off each
 *   return, and the rest, divided by s sqrt(N), is a standard normal (not one of sd sqrt(N));
 * - Ornstein-Uhlenbeck without noise: the log price's distance to the peg halves every half-life;
 * - bootstrap: the path's returns are whole blocks of consecutive history returns.
 * The statistical checks (moments with 4-standard-error bounds) are in moments.stats.test.ts.
 */
import { describe, expect, it } from 'vitest'
import type { ModelSpec } from '../../../../src/sim/prices/model.js'
import type { PricePath } from '../../../../src/sim/prices/types.js'
import { lazy } from '../../../lazy.js'
import { HOUR, STEP_SIZES, YEAR, logReturns as columnLogReturns, modelPath } from './paths.js'

function path(spec: ModelSpec, seed = 3): PricePath {
  return modelPath(spec, seed, 'test')
}

function logReturns(p: PricePath, token: string): number[] {
  return Array.from(columnLogReturns(p, token))
}

describe.each(STEP_SIZES)('regime switching at dt = %d s', (dt) => {
  // A and B share one normal per step (correlation 1); C has no noise and a crisis drift, so
  // its return names the regime. Per regime, rA - (sA / sB) rB is the noise-free constant
  // (muA - sA^2/2 - (sA/sB)(muB - sB^2/2)) dt: with the Ito terms dropped or the calm ones
  // used in crisis it moves by (sA^2 - (sA/sB) sB^2)/2 dt, 1e-7 of a log unit at 12 s.
  const calm = { muA: 0.2, sA: 0.5, muB: -0.1, sB: 0.3 }
  const crisis = { muA: -1.5, sA: 1.6, muB: 0.4, sB: 0.7 }
  const steps = 5_000
  /** The three columns' log returns, computed in the first test that asks. */
  const sample = lazy(() => {
    const p = path({
      model: 'regime-switching',
      numeraire: 'USD',
      start: { A: 100, B: 10, C: 1, USD: 1 },
      drift: { A: calm.muA, B: calm.muB, C: 0 },
      volatility: { A: calm.sA, B: calm.sB, C: 0 },
      crisisDrift: { A: crisis.muA, B: crisis.muB, C: -1 },
      crisisVolatility: { A: crisis.sA, B: crisis.sB, C: 0 },
      correlation: [
        [1, 1, 0],
        [1, 1, 0],
        [0, 0, 1],
      ],
      // about 40 switches whatever the step: both regimes are visited many times
      calmDuration: (steps * dt) / 40,
      crisisDuration: (steps * dt) / 40,
      dt,
      steps: steps + 1,
    })
    const [a, b, c] = ['A', 'B', 'C'].map((t) => logReturns(p, t))
    return { a: a!, b: b!, c: c! }
  })
  const years = dt / YEAR
  const constant = (r: typeof calm) =>
    (r.muA - r.sA ** 2 / 2 - (r.sA / r.sB) * (r.muB - r.sB ** 2 / 2)) * years

  it.each([
    ['calm', calm, 0],
    ['crisis', crisis, 1],
  ] as const)('%s: drift with its own Ito term', (_name, regime, isCrisis) => {
    const { a, b, c } = sample()
    const want = constant(regime)
    let seen = 0
    let worst = 0
    for (let s = 0; s < steps; s++) {
      if ((c[s]! < -0.5 * years ? 1 : 0) !== isCrisis) continue
      seen++
      worst = Math.max(worst, Math.abs(a[s]! - (regime.sA / regime.sB) * b[s]! - want))
    }
    expect(seen).toBeGreaterThan(steps / 10)
    // Rounding: ln of prices near e^5 carries ~1e-15 absolute per return, times (1 + sA/sB)
    // < 4; the smallest wrong term (Ito dropped in calm at 12 s) is sA (sA - sB) / 2 dt = 2e-8.
    expect(worst).toBeLessThan(1e-12)
    // the wrong constants are far outside that bound: the check can tell them apart
    const noIto = (regime.muA - (regime.sA / regime.sB) * regime.muB) * years
    expect(Math.abs(noIto - want)).toBeGreaterThan(1e-9)
  })
})

describe.each(STEP_SIZES)('jump-diffusion at dt = %d s', (dt) => {
  // Two jumps a step on average (jumpIntensity = 2 / dt per year), fixed log jump m = 0.05 and
  // spread s = 1e-6, no diffusion: r - drift = N m + s sqrt(N) Z, so N = round((r - drift) / m)
  // and e = (r - drift - N m) / (s sqrt(N)) is N(0, 1) whatever N is. With N s in place of
  // sqrt(N) s (the multi-jump size), e would have variance E[N^2] / E[N] = 3.
  const m = 0.05
  const sd = 1e-6
  const jumpIntensity = (2 * YEAR) / dt
  const steps = 20_000
  /** The log returns, computed in the first test that asks. */
  const returns = lazy(() => {
    const p = path({
      model: 'jump-diffusion',
      numeraire: 'USD',
      start: { ETH: 2000 },
      drift: { ETH: 0.1 },
      volatility: { ETH: 0 },
      jumpIntensity: { ETH: jumpIntensity },
      jumpMean: { ETH: m },
      jumpStdDev: { ETH: sd },
      dt,
      steps: steps + 1,
    })
    return logReturns(p, 'ETH')
  })
  // compensated drift: (mu - lambda kappa) dt, kappa = e^(m + s^2/2) - 1
  const drift = (0.1 - jumpIntensity * Math.expm1(m + sd ** 2 / 2)) * (dt / YEAR)

  it('moves by whole jumps whose summed size has standard deviation s sqrt(N)', () => {
    const r = returns()
    const counts: number[] = []
    const e: number[] = []
    let worst = 0
    for (const v of r) {
      const x = v - drift
      const n = Math.round(x / m)
      counts.push(n)
      worst = Math.max(worst, Math.abs(x - n * m))
      if (n > 0) e.push((x - n * m) / (sd * Math.sqrt(n)))
    }
    // the jumps' spread (s sqrt(N) |Z| < 1e-5) stays far below half a jump: N is exact
    expect(worst).toBeLessThan(1e-4)
    // N ~ Poisson(2): mean 2, se sqrt(2 / n); 4 se, false-alarm rate ~6e-5
    const meanN = counts.reduce((x, y) => x + y, 0) / counts.length
    expect(Math.abs(meanN - 2)).toBeLessThan(4 * Math.sqrt(2 / counts.length))
    // e ~ N(0, 1): sample variance has se sqrt(2 / k); the wrong size gives 3, ~100 se away.
    // Float64 noise in e: ln prices of size ~8 carry ~2e-15 over s = 1e-6, 2e-9: negligible.
    const k = e.length
    const variance = e.reduce((x, y) => x + y * y, 0) / k
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / k))
  })
})

describe.each(STEP_SIZES)('Ornstein-Uhlenbeck without noise at dt = %d s', (dt) => {
  it('halves the log distance to the peg every half-life', () => {
    // half-life of 25 steps: 200 steps cover 8 half-lives (distance / 256)
    const halfLife = 25 * dt
    const p = path({
      model: 'ou',
      numeraire: 'USD',
      start: { DAI: 1.2 },
      level: { DAI: 0.9 },
      halfLife: { DAI: halfLife },
      volatility: { DAI: 0 },
      dt,
      steps: 201,
    })
    const distance0 = Math.log(1.2 / 0.9)
    for (let s = 0; s <= 200; s++) {
      const want = Math.log(0.9) + distance0 * 2 ** (-(s * dt) / halfLife)
      // 200 multiplications by e^(-kappa dt): ~200 ulp of the log price at most
      expect(Math.abs(Math.log(p.prices[s]!) - want), `step ${s}`).toBeLessThan(1e-13)
    }
  })
})

describe('block bootstrap', () => {
  // History returns r_i = 0.001 (i + 1), i = 0..39: each path return names its source index.
  const returns = 40
  const history = (dt: number): PricePath => {
    const times = new Float64Array(returns + 1).map((_, s) => 1_700_000_000 + s * dt)
    const prices = new Float64Array(returns + 1)
    let x = Math.log(50)
    for (let s = 0; s <= returns; s++) {
      if (s > 0) x += 0.001 * s
      prices[s] = Math.exp(x)
    }
    return { tokens: ['ETH'], numeraire: 'USD', times, prices }
  }
  const indices = (p: PricePath) => logReturns(p, 'ETH').map((v) => Math.round(v / 0.001) - 1)

  it.each(STEP_SIZES)(
    "at the history's step (%d s): blocks of exactly blockLength consecutive returns",
    (dt) => {
      const blockLength = 7
      const steps = 20_000 // crosses the reader's 16,384-row chunk inside a block
      const p = path({ model: 'bootstrap', history: history(dt), blockLength, steps: steps + 1 })
      expect(p.times[1]! - p.times[0]!).toBe(dt)
      const index = indices(p)
      expect(index.every((i) => i >= 0 && i < returns)).toBe(true)
      // inside a block each return is the history's next one (blocks at least blockLength
      // long); a new block starts at every multiple (a longer block would run on there, and
      // the next start would break the sequence inside the checked span)
      const broken = index.findIndex((i, s) => s % blockLength !== 0 && i !== index[s - 1]! + 1)
      expect(broken).toBe(-1)
      // every block starts where a whole block fits: 0 .. returns - blockLength, all used
      const starts = index.filter((_, s) => s % blockLength === 0)
      expect(Math.max(...starts)).toBe(returns - blockLength)
      expect(Math.min(...starts)).toBe(0)
    },
  )

  it('with blockLength = the history replays the history in order, again and again', () => {
    const p = path({ model: 'bootstrap', history: history(HOUR), blockLength: returns, steps: 121 })
    expect(indices(p)).toEqual(Array.from({ length: 120 }, (_, s) => s % returns))
  })
})
