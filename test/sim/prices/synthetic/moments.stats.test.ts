/**
 * Moments of the synthetic price models against their definitions, at dt = 12 s, 1 h and 1 d,
 * on long paths (10^6 steps): too slow for `npm test`, run by `npm run test:stats`
 * (vitest.stats.config.ts). Fixed seeds; every bound is 4 standard errors derived here from
 * the model's own parameters or, where the law is not normal, from the sample's fourth moment
 * (house style 9.5): a two-sided false-alarm rate of 6.3e-5 per check, about 3e-3 for the
 * whole file's ~45 checks were the seeds redrawn. The fast, noise-free identities are in
 * definitions.test.ts; the 2e5-step checks in statistics.test.ts.
 */
import { describe, expect, it } from 'vitest'
import type { ModelSpec } from '../../../../src/sim/prices/model.js'
import type { PricePath } from '../../../../src/sim/prices/types.js'
import { lazy } from '../../../lazy.js'
import { STEP_SIZES, YEAR, logReturns, modelPath } from './paths.js'

const N = 1_000_000

function path(spec: ModelSpec, seed = 17): PricePath {
  return modelPath(spec, seed, 'stats')
}

/** Mean, sample variance and the standard error of that variance (from the 4th moment). */
function moments(xs: ArrayLike<number>): { mean: number; variance: number; varianceSe: number } {
  const n = xs.length
  let sum = 0
  for (let i = 0; i < n; i++) sum += xs[i]!
  const mean = sum / n
  let m2 = 0
  let m4 = 0
  for (let i = 0; i < n; i++) {
    const d = (xs[i]! - mean) ** 2
    m2 += d
    m4 += d * d
  }
  const variance = m2 / (n - 1)
  // se of a sample variance: sqrt((mu4 - sigma^4) / n), any law with a 4th moment
  return { mean, variance, varianceSe: Math.sqrt((m4 / n - (m2 / n) ** 2) / n) }
}

describe.each(STEP_SIZES)('regime switching at dt = %d s: per-regime moments', (dt) => {
  // C has no noise and drift -1 in crisis only: its return names the regime of the step.
  const regimes = {
    // log drifts 0.75 * 1.22 + 0.25 * (-3.62) ~ 0: 10^6 daily steps stay far from 0 and infinity
    calm: { drift: 1.4, volatility: 0.6, isCrisis: false },
    crisis: { drift: -2, volatility: 1.8, isCrisis: true },
  }
  /** The log returns of ETH and of the regime marker C, computed in the first test that asks. */
  const sample = lazy(() => {
    const p = path({
      model: 'regime-switching',
      numeraire: 'USD',
      start: { ETH: 2000, C: 1, USD: 1 },
      drift: { ETH: regimes.calm.drift, C: 0 },
      volatility: { ETH: regimes.calm.volatility, C: 0 },
      crisisDrift: { ETH: regimes.crisis.drift, C: -1 },
      crisisVolatility: { ETH: regimes.crisis.volatility, C: 0 },
      calmDuration: 300 * dt,
      crisisDuration: 100 * dt,
      dt,
      steps: N + 1,
    })
    return { eth: logReturns(p, 'ETH'), c: logReturns(p, 'C') }
  })
  const years = dt / YEAR

  it.each(['calm', 'crisis'] as const)(
    '%s: mean (mu - sigma^2/2) dt, variance sigma^2 dt',
    (name) => {
      const { eth, c } = sample()
      const { drift, volatility, isCrisis } = regimes[name]
      const picked = eth.filter((_, s) => c[s]! < -0.5 * years === isCrisis)
      const n = picked.length
      expect(n).toBeGreaterThan(N / 10)
      const { mean, variance } = moments(picked)
      // Given the regimes the returns are independent normals: se of the mean sigma sqrt(dt/n),
      // of the variance sigma^2 dt sqrt(2 / (n - 1)).
      expect(Math.abs(mean - (drift - volatility ** 2 / 2) * years)).toBeLessThan(
        4 * volatility * Math.sqrt(years / n),
      )
      expect(Math.abs(variance - volatility ** 2 * years)).toBeLessThan(
        4 * volatility ** 2 * years * Math.sqrt(2 / (n - 1)),
      )
    },
  )
})

describe.each(STEP_SIZES)('jump-diffusion at dt = %d s: moments of the log return', (dt) => {
  // Per step: (mu - sigma^2/2 - lambda kappa) dt + sigma sqrt(dt) Z + sum of N ~ Poisson(l)
  // normal jumps N(m, s^2), l = lambda dt: mean adds l m, variance sigma^2 dt + l (m^2 + s^2).
  // Intensity scaled to 0.3 jumps a step so the jump part matters at every step size.
  const drift = 0.2
  const volatility = 0.5
  const jumpMean = -0.02
  const jumpStdDev = 0.04
  const jumpIntensity = (0.3 * YEAR) / dt
  /** The path, computed in the first test that asks. */
  const sample = lazy(() =>
    path({
      model: 'jump-diffusion',
      numeraire: 'USD',
      start: { ETH: 2000 },
      drift: { ETH: drift },
      volatility: { ETH: volatility },
      jumpIntensity: { ETH: jumpIntensity },
      jumpMean: { ETH: jumpMean },
      jumpStdDev: { ETH: jumpStdDev },
      dt,
      steps: N + 1,
    }),
  )
  const years = dt / YEAR
  const l = jumpIntensity * years
  const kappa = Math.expm1(jumpMean + jumpStdDev ** 2 / 2)

  it('has the compensated mean and the jump variance l (m^2 + s^2)', () => {
    const { mean, variance, varianceSe } = moments(logReturns(sample(), 'ETH'))
    const wantMean = (drift - volatility ** 2 / 2 - jumpIntensity * kappa) * years + l * jumpMean
    const wantVariance = volatility ** 2 * years + l * (jumpMean ** 2 + jumpStdDev ** 2)
    expect(Math.abs(mean - wantMean)).toBeLessThan(4 * Math.sqrt(wantVariance / N))
    expect(Math.abs(variance - wantVariance)).toBeLessThan(4 * varianceSe)
  })
})

describe.each(STEP_SIZES)('Ornstein-Uhlenbeck at dt = %d s', (dt) => {
  // Half-life of 50 steps: phi = 2^(-1/50) per step at every dt.
  const halfLife = 50 * dt
  const volatility = 0.3
  /** The log prices, computed in the first test that asks. */
  const logPrices = lazy(() => {
    const p = path({
      model: 'ou',
      numeraire: 'USD',
      start: { DAI: 1 },
      halfLife: { DAI: halfLife },
      volatility: { DAI: volatility },
      dt,
      steps: N + 1,
    })
    return p.prices.map(Math.log)
  })
  const kappa = Math.LN2 / halfLife
  const phi = Math.exp(-kappa * dt)
  // exact transition: innovation variance sigma^2 (1 - phi^2) / (2 kappa), sigma^2 per second
  const innovation = ((volatility ** 2 / YEAR) * (1 - phi ** 2)) / (2 * kappa)

  it('reverts with phi = 2^(-dt / halfLife) and the exact innovation variance', () => {
    const x = logPrices()
    let xy = 0
    let xx = 0
    for (let s = 0; s < N; s++) {
      xy += x[s]! * x[s + 1]!
      xx += x[s]! ** 2
    }
    const slope = xy / xx
    // OLS slope of an AR(1) around its known mean 0: se sqrt((1 - phi^2) / n)
    expect(Math.abs(slope - phi)).toBeLessThan(4 * Math.sqrt((1 - phi ** 2) / N))
    // innovations x' - phi x: mean 0, variance sigma^2 (1 - phi^2) / (2 kappa)
    const residuals = new Float64Array(N)
    for (let s = 0; s < N; s++) residuals[s] = x[s + 1]! - phi * x[s]!
    const { mean, variance } = moments(residuals)
    expect(Math.abs(mean)).toBeLessThan(4 * Math.sqrt(innovation / N))
    expect(Math.abs(variance - innovation)).toBeLessThan(4 * innovation * Math.sqrt(2 / (N - 1)))
  })
})

describe.each(STEP_SIZES)('correlated GBM at dt = %d s', (dt) => {
  const rho = [
    [1, -0.7, 0.4],
    [-0.7, 1, 0.1],
    [0.4, 0.1, 1],
  ]
  const tokens = ['ETH', 'BTC', 'SOL']
  const volatility = { ETH: 0.8, BTC: 0.5, SOL: 1.4 }
  /** Each token's log returns, computed in the first test that asks. */
  const logReturnsOf = lazy(() => {
    const p = path({
      model: 'gbm',
      numeraire: 'USD',
      start: { ETH: 2000, BTC: 60_000, SOL: 150 },
      volatility,
      drift: { ETH: 0.1, BTC: -0.3, SOL: 0.5 },
      correlation: rho,
      dt,
      steps: N / 4 + 1,
    })
    return tokens.map((t) => logReturns(p, t))
  })

  it('has the requested correlations and each asset its own sigma^2 dt', () => {
    const returns = logReturnsOf()
    const n = N / 4
    const stats = returns.map(moments)
    tokens.forEach((t, i) => {
      const sigma = volatility[t as keyof typeof volatility]
      expect(Math.abs(stats[i]!.variance - sigma ** 2 * (dt / YEAR))).toBeLessThan(
        4 * sigma ** 2 * (dt / YEAR) * Math.sqrt(2 / (n - 1)),
      )
    })
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < i; j++) {
        let ab = 0
        for (let s = 0; s < n; s++)
          ab += (returns[i]![s]! - stats[i]!.mean) * (returns[j]![s]! - stats[j]!.mean)
        const r = ab / (n - 1) / Math.sqrt(stats[i]!.variance * stats[j]!.variance)
        // se of a sample correlation of normals: (1 - rho^2) / sqrt(n)
        expect(Math.abs(r - rho[i]![j]!)).toBeLessThan((4 * (1 - rho[i]![j]! ** 2)) / Math.sqrt(n))
      }
  })
})
