import { describe, expect, it } from 'vitest'
import type { ModelSpec } from '../../../../src/sim/prices/model.js'
import type { PricePath } from '../../../../src/sim/prices/types.js'
import { DAY, HOUR, YEAR, logReturns, modelPath } from './paths.js'

// Statistical checks on fixed seeds. Unless a test says otherwise a check allows 4 standard
// errors, derived in the test from the model's own parameters: a two-sided false-alarm rate of
// about 6e-5 per check (house style 9.5). Each test was seen failing with the model broken.

function path(spec: ModelSpec, seed = 1): PricePath {
  return modelPath(spec, seed, 'test')
}

function mean(values: Float64Array): number {
  let sum = 0
  for (const v of values) sum += v
  return sum / values.length
}
function variance(values: Float64Array): number {
  const m = mean(values)
  let sum = 0
  for (const v of values) sum += (v - m) ** 2
  return sum / (values.length - 1)
}
function correlation(a: Float64Array, b: Float64Array): number {
  const ma = mean(a)
  const mb = mean(b)
  let ab = 0
  let aa = 0
  let bb = 0
  for (let i = 0; i < a.length; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb)
    aa += (a[i]! - ma) ** 2
    bb += (b[i]! - mb) ** 2
  }
  return ab / Math.sqrt(aa * bb)
}

describe('GBM', () => {
  it.each([12, HOUR, DAY])(
    'log returns at dt = %d s have mean (mu - sigma^2/2) dt and variance sigma^2 dt',
    (dt) => {
      const drift = 0.3
      const volatility = 0.8
      const n = 200_000
      const p = path({
        model: 'gbm',
        numeraire: 'USD',
        start: { ETH: 2000, USD: 1 },
        drift: { ETH: drift },
        volatility: { ETH: volatility },
        dt,
        steps: n + 1,
      })
      const r = logReturns(p, 'ETH')
      const years = dt / YEAR
      // se of the mean: sigma sqrt(dt / n); of the sample variance: sigma^2 dt sqrt(2 / (n - 1)).
      expect(Math.abs(mean(r) - (drift - volatility ** 2 / 2) * years)).toBeLessThan(
        4 * volatility * Math.sqrt(years / n),
      )
      expect(Math.abs(variance(r) - volatility ** 2 * years)).toBeLessThan(
        4 * volatility ** 2 * years * Math.sqrt(2 / (n - 1)),
      )
      // The numeraire column is exactly 1.
      for (let s = 0; s <= n; s += 997) expect(p.prices[s * 2 + 1]).toBe(1)
    },
  )

  it('correlated assets have the requested correlation of log returns', () => {
    const rho = [
      [1, 0.6, -0.3],
      [0.6, 1, 0.2],
      [-0.3, 0.2, 1],
    ]
    const n = 100_000
    const p = path({
      model: 'gbm',
      numeraire: 'USD',
      start: { ETH: 2000, BTC: 30_000, USD: 1, SOL: 20 },
      volatility: { ETH: 0.8, BTC: 0.6, SOL: 1.2 },
      correlation: rho,
      dt: HOUR,
      steps: n + 1,
    })
    const tokens = ['ETH', 'BTC', 'SOL']
    const returns = tokens.map((t) => logReturns(p, t))
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < i; j++) {
        const want = rho[i]![j]!
        // se of a sample correlation of normals: (1 - rho^2) / sqrt(n).
        expect(Math.abs(correlation(returns[i]!, returns[j]!) - want)).toBeLessThan(
          (4 * (1 - want ** 2)) / Math.sqrt(n),
        )
      }
  })

  it('moves perfectly (anti-)correlated assets together through a singular matrix', () => {
    const p = path({
      model: 'gbm',
      numeraire: 'USD',
      start: { A: 100, B: 100, C: 100 },
      tokens: ['A', 'B', 'C', 'USD'],
      volatility: { A: 0.5, B: 0.5, C: 0.5 },
      correlation: [
        [1, 1, -1],
        [1, 1, -1],
        [-1, -1, 1],
      ],
      dt: DAY,
      steps: 1_000,
    })
    const [a, b, c] = ['A', 'B', 'C'].map((t) => logReturns(p, t))
    const drift = -0.5 * 0.5 ** 2 * (DAY / YEAR) // each return = drift + noise, C's noise negated
    for (let s = 0; s < a!.length; s++) {
      expect(b![s]).toBeCloseTo(a![s]!, 12)
      expect(c![s]! - drift).toBeCloseTo(-(a![s]! - drift), 12)
    }
  })
})

describe('Merton jump-diffusion', () => {
  it('jumps arrive at the given intensity', () => {
    // No diffusion and a fixed log jump of 0.05: each return is the compensated drift plus
    // N * 0.05, so N is read off exactly. Total ~ Poisson(lambda T): se = sqrt(lambda T).
    const jumpIntensity = 20
    const n = 100_000
    const p = path({
      model: 'jump-diffusion',
      numeraire: 'USD',
      start: { ETH: 2000 },
      volatility: { ETH: 0 },
      jumpIntensity: { ETH: jumpIntensity },
      jumpMean: { ETH: 0.05 },
      jumpStdDev: { ETH: 0 },
      dt: DAY,
      steps: n + 1,
    })
    const r = logReturns(p, 'ETH')
    const drift = -jumpIntensity * Math.expm1(0.05) * (DAY / YEAR)
    let jumps = 0
    let worst = 0 // largest distance of a return from a whole number of jumps
    for (const v of r) {
      const count = (v - drift) / 0.05
      worst = Math.max(worst, Math.abs(count - Math.round(count)))
      jumps += Math.round(count)
    }
    expect(worst).toBeLessThan(1e-6)
    const expected = jumpIntensity * n * (DAY / YEAR)
    expect(Math.abs(jumps - expected)).toBeLessThan(4 * Math.sqrt(expected))
  })

  it('compensates the drift: E[S(t + dt) / S(t)] = e^(mu dt)', () => {
    // Without the -lambda kappa term the mean gross return would be off by ~2.4e-3 per step,
    // 30 standard errors; se here is the sample sd of the gross returns over sqrt(n).
    const n = 200_000
    const drift = 0.1
    const p = path({
      model: 'jump-diffusion',
      numeraire: 'USD',
      start: { ETH: 2000 },
      drift: { ETH: drift },
      volatility: { ETH: 0.5 },
      jumpIntensity: { ETH: 20 },
      jumpMean: { ETH: -0.05 },
      jumpStdDev: { ETH: 0.1 },
      dt: DAY,
      steps: n + 1,
    })
    const gross = logReturns(p, 'ETH').map(Math.exp)
    const se = Math.sqrt(variance(gross) / n)
    expect(Math.abs(mean(gross) - Math.exp((drift * DAY) / YEAR))).toBeLessThan(4 * se)
  })
})

describe('regime switching', () => {
  it('spends crisisDuration / (calm + crisis) of the time in crisis, switching at the exact rate', () => {
    // Zero volatility and a crisis drift of -1/yr make each step's regime readable from its return.
    const calmDuration = 10 * DAY
    const crisisDuration = 2 * DAY
    const n = 200_000
    const dt = HOUR
    const p = path({
      model: 'regime-switching',
      numeraire: 'USD',
      start: { ETH: 2000 },
      volatility: { ETH: 0 },
      crisisVolatility: { ETH: 0 },
      crisisDrift: { ETH: -1 },
      calmDuration,
      crisisDuration,
      dt,
      steps: n + 1,
    })
    const r = logReturns(p, 'ETH')
    const crisis = r.map((v) => (v < -0.5 * (dt / YEAR) ? 1 : 0))
    const a = 1 / calmDuration
    const b = 1 / crisisDuration
    const share = a / (a + b)
    // Occupancy of a 2-state chain: Var = pi (1 - pi) / n * (1 + l) / (1 - l), l = e^{-(a+b) dt}.
    const l = Math.exp(-(a + b) * dt)
    expect(Math.abs(mean(crisis) - share)).toBeLessThan(
      4 * Math.sqrt(((share * (1 - share)) / n) * ((1 + l) / (1 - l))),
    )
    // Calm -> crisis per step: p = a/(a+b) (1 - e^{-(a+b) dt}); Bernoulli given the state.
    let calmSteps = 0
    let toCrisis = 0
    for (let s = 0; s + 1 < crisis.length; s++)
      if (crisis[s] === 0) {
        calmSteps++
        toCrisis += crisis[s + 1]!
      }
    const pSwitch = (a / (a + b)) * (1 - l)
    expect(Math.abs(toCrisis / calmSteps - pSwitch)).toBeLessThan(
      4 * Math.sqrt((pSwitch * (1 - pSwitch)) / calmSteps),
    )
  })
})

describe('Ornstein-Uhlenbeck', () => {
  const halfLife = DAY
  const volatility = 0.5
  const kappa = Math.LN2 / halfLife
  // Stationary variance of the log price: sigma^2 / (2 kappa), sigma^2 per second = vol^2 / year.
  const stationary = volatility ** 2 / YEAR / (2 * kappa)
  const spec = (dt: number, steps: number): ModelSpec => ({
    model: 'ou',
    numeraire: 'USD',
    start: { DAI: 1 },
    halfLife: { DAI: halfLife },
    volatility: { DAI: volatility },
    dt,
    steps,
  })

  it('reverts with the given half-life and has the stationary variance', () => {
    const n = 200_000
    const p = path(spec(HOUR, n + 1))
    const x = p.prices.map(Math.log)
    // OLS slope of x(t+dt) on x(t) around the level ln 1 = 0: phi = 2^(-dt / halfLife);
    // se of an AR(1) slope = sqrt((1 - phi^2) / n).
    const phi = Math.exp(-kappa * HOUR)
    let xy = 0
    let xx = 0
    for (let s = 0; s < n; s++) {
      xy += x[s]! * x[s + 1]!
      xx += x[s]! ** 2
    }
    expect(Math.abs(xy / xx - phi)).toBeLessThan(4 * Math.sqrt((1 - phi ** 2) / n))
    // se of the sample variance of an AR(1): var sqrt(2 (1 + phi^2) / ((1 - phi^2) n)) (Bartlett).
    expect(Math.abs(variance(x) - stationary)).toBeLessThan(
      4 * stationary * Math.sqrt((2 * (1 + phi ** 2)) / ((1 - phi ** 2) * n)),
    )
  })

  it('is exact for a step much longer than the half-life (no Euler blow-up)', () => {
    // dt = 30 half-lives: the points are independent draws from the stationary law.
    const n = 50_000
    const x = path(spec(30 * DAY, n + 1)).prices.map(Math.log)
    expect(Math.abs(variance(x) - stationary)).toBeLessThan(4 * stationary * Math.sqrt(2 / n))
  })

  it('applies a scheduled depeg, then reverts as 0.8^(2^(-t / halfLife))', () => {
    const p = path({
      model: 'ou',
      numeraire: 'USD',
      start: { USDT: 1 },
      halfLife: { USDT: 6 * HOUR },
      volatility: { USDT: 0 },
      shock: { USDT: { at: 3 * HOUR - 1, size: -0.2 } }, // lands on the 3 h point
      dt: HOUR,
      steps: 48,
    })
    for (let s = 0; s < 48; s++) {
      const want = s < 3 ? 1 : 0.8 ** (2 ** (-(s - 3) / 6))
      expect(Math.abs(p.prices[s]! / want - 1)).toBeLessThan(1e-13)
    }
  })
})

describe('block bootstrap', () => {
  // History with distinct returns r_i = 0.001 (i + 1): each path return names its source index.
  const length = 50
  const blockLength = 5
  const history: PricePath = (() => {
    const times = new Float64Array(length + 1).map((_, s) => s * DAY)
    const prices = new Float64Array(2 * (length + 1))
    let logPrice = Math.log(100)
    for (let s = 0; s <= length; s++) {
      if (s > 0) logPrice += 0.001 * s
      prices[2 * s] = Math.exp(logPrice)
      prices[2 * s + 1] = Math.exp(logPrice) / 10 // a second asset with the same returns
    }
    return { tokens: ['ETH', 'BTC'], numeraire: 'USD', times, prices }
  })()

  it('resamples whole blocks with uniform starts, the same blocks for every asset', () => {
    const n = 20_000
    const p = path({ model: 'bootstrap', history, blockLength, steps: n + 1 })
    expect(p.prices[0]).toBe(history.prices[0])
    const eth = logReturns(p, 'ETH')
    const btc = logReturns(p, 'BTC')
    const index = Array.from(eth, (v) => Math.round(v / 0.001) - 1)
    let worst = 0 // distance of a return from its history return, or from the other asset's
    eth.forEach((v, s) => {
      worst = Math.max(worst, Math.abs(v - 0.001 * (index[s]! + 1)), Math.abs(btc[s]! - v))
    })
    expect(worst).toBeLessThan(1e-9)
    const starts: number[] = []
    let broken = 0 // steps inside a block that do not follow the previous history index
    for (let s = 0; s < n; s++) {
      if (s % blockLength === 0) starts.push(index[s]!)
      else if (index[s] !== index[s - 1]! + 1) broken++
    }
    expect(broken).toBe(0)
    // Starts uniform on 0..B-1, B = 46 blocks: mean (B-1)/2, sd sqrt((B^2 - 1)/12).
    const blocks = length - blockLength + 1
    const m = starts.reduce((a, b) => a + b, 0) / starts.length
    expect(Math.abs(m - (blocks - 1) / 2)).toBeLessThan(
      4 * Math.sqrt((blocks ** 2 - 1) / 12 / starts.length),
    )
    expect(Math.min(...starts)).toBe(0)
    expect(Math.max(...starts)).toBe(blocks - 1)
  })
})
