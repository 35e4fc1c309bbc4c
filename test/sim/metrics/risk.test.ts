import { Decimal } from 'decimal.js'
import { describe, expect, it } from 'vitest'
import {
  MIN_RISK_PERIODS,
  informationRatioOf,
  periodReturns,
  riskFiguresOf,
  riskPeriodOf,
} from '../../../src/sim/metrics/risk.js'
import { createRng } from '../../../src/sim/random.js'
import { lazy } from '../../lazy.js'

const D = Decimal.clone({ precision: 50 }) // private 50-digit context; global settings untouched

/** Values from returns: V_0 = 1, V_k = V_(k-1) (1 + r_k). */
function valuesOf(returns: number[]): number[] {
  const values = [1]
  for (const r of returns) values.push(values[values.length - 1]! * (1 + r))
  return values
}

/** `|got / want - 1|`, for relative tolerances. */
const relative = (got: number | null, want: number) => Math.abs(got! / want - 1)

describe('riskFiguresOf on a hand-computed series', () => {
  // 20 daily returns alternating +2 %, -1 %: mean 0.005, deviations +-0.015, so
  // sd = 0.015 sqrt(20/19) (N - 1 = 19); downside deviation sqrt(10 * 0.01^2 / 20) = 0.01 / sqrt 2;
  // every fall of 1 % follows a new peak, so the drawdown is 1 % and the worst return -1 %.
  const returns = Array.from({ length: 20 }, (_, k) => (k % 2 === 0 ? 0.02 : -0.01))
  // computed inside each test (lazy), so Stryker's per-test coverage sees every test reach it
  const figures = lazy(() => riskFiguresOf(valuesOf(returns), 365))
  // Values are built by products and the returns recovered by division: a few ulp each, so 1e-12.
  it('gives Sharpe = (0.005 / (0.015 sqrt(20/19))) sqrt(365) = sqrt(19 * 365 / 20) / 3', () => {
    expect(relative(figures().sharpeRatio, Math.sqrt((19 * 365) / 20) / 3)).toBeLessThan(1e-12)
  })
  it('gives Sortino = 0.005 / (0.01 / sqrt 2) sqrt(365) = sqrt(2) / 2 sqrt(365)', () => {
    expect(relative(figures().sortinoRatio, (Math.SQRT2 / 2) * Math.sqrt(365))).toBeLessThan(1e-12)
  })
  it('gives VaR = ES = 1 % (m = ceil(0.05 * 20) = 1: the worst return)', () => {
    expect(relative(figures().valueAtRisk, 0.01)).toBeLessThan(1e-12)
    expect(relative(figures().expectedShortfall, 0.01)).toBeLessThan(1e-12)
  })
  it('gives max drawdown 1 % and Calmar = ((1.02 * 0.99)^(365 / 2) - 1) / 0.01', () => {
    const cagr = (1.02 * 0.99) ** (365 / 2) - 1
    expect(relative(figures().maxDrawdown, 0.01)).toBeLessThan(1e-12)
    expect(relative(figures().annualisedReturn, cagr)).toBeLessThan(1e-12)
    expect(relative(figures().calmarRatio, cagr / 0.01)).toBeLessThan(1e-12)
  })
  it('subtracts the risk-free rate per period (rf / 365) in Sharpe and Sortino', () => {
    // rf = 0.365 a year: 0.001 a day. Excess mean 0.004; downside returns r - rf: -0.011 ten times.
    const withRate = riskFiguresOf(valuesOf(returns), 365, 0.365)
    const sd = 0.015 * Math.sqrt(20 / 19)
    const dd = Math.sqrt((10 * 0.011 ** 2) / 20)
    expect(relative(withRate.sharpeRatio, (0.004 / sd) * Math.sqrt(365))).toBeLessThan(1e-12)
    expect(relative(withRate.sortinoRatio, (0.004 / dd) * Math.sqrt(365))).toBeLessThan(1e-12)
  })
})

/** The textbook formulas term by term in 50 digits: a second route, not the float code again. */
function figuresDecimal(returns: number[], periodsPerYear: number) {
  const r = returns.map((x) => new D(x))
  const n = r.length
  const mean = r.reduce((a, b) => a.plus(b), new D(0)).div(n)
  const sd = r
    .reduce((a, b) => a.plus(b.minus(mean).pow(2)), new D(0))
    .div(n - 1)
    .sqrt()
  const dd = r
    .reduce((a, b) => a.plus(Decimal.min(b, 0).pow(2)), new D(0))
    .div(n)
    .sqrt()
  const sorted = [...r].sort((a, b) => a.comparedTo(b))
  const m = Math.ceil(0.05 * n)
  const tail = sorted.slice(0, m).reduce((a, b) => a.plus(b), new D(0))
  const root = new D(periodsPerYear).sqrt()
  return {
    sharpeRatio: mean.div(sd).times(root).toNumber(),
    sortinoRatio: mean.div(dd).times(root).toNumber(),
    valueAtRisk: sorted[m - 1]!.neg().toNumber(),
    expectedShortfall: tail.div(m).neg().toNumber(),
  }
}

describe('riskFiguresOf against a 50-digit recomputation', () => {
  it('agrees on 200 hourly returns of a seeded random walk (m = 10 worst for VaR and ES)', () => {
    const rng = createRng(7, 'risk-test')
    const values = [100]
    for (let k = 0; k < 200; k++) values.push(values[k]! * Math.exp(0.01 * rng.nextNormal()))
    // The oracle starts from the float returns, so both see the same inputs; the float sums of
    // 200 terms and a square root lose at most ~1e-14 relative.
    const returns = Array.from(periodReturns(values))
    const want = figuresDecimal(returns, 8_760)
    const got = riskFiguresOf(values, 8_760)
    for (const key of ['sharpeRatio', 'sortinoRatio', 'valueAtRisk', 'expectedShortfall'] as const)
      expect(relative(got[key], want[key]), key).toBeLessThan(1e-12)
  })
})

describe('riskFiguresOf and informationRatioOf: when figures are null', () => {
  it('gives null for fewer than 20 period returns', () => {
    const figures = riskFiguresOf(valuesOf(Array<number>(MIN_RISK_PERIODS - 1).fill(0.01)), 365)
    expect(Object.values(figures)).toEqual(Array(7).fill(null))
    expect(informationRatioOf([1, 2], [1, 1], 365)).toBeNull()
  })
  it('gives null Sortino and Calmar without a falling period, null Sharpe without spread', () => {
    const figures = riskFiguresOf(valuesOf(Array<number>(20).fill(0.01)), 365)
    expect(figures.sortinoRatio).toBeNull()
    expect(figures.calmarRatio).toBeNull()
    expect(figures.maxDrawdown).toBe(0)
    expect(figures.valueAtRisk).toBeCloseTo(-0.01, 14) // a gain: a negative VaR
    const flat = riskFiguresOf(Array(21).fill(5), 365)
    expect(flat.sharpeRatio).toBeNull()
    expect(flat.annualisedReturn).toBe(0)
  })
  it('gives a null information ratio when the LP tracks its benchmark up to rounding', () => {
    // A pool that never trades: the two series differ only in the last bits (~1e-16 a period).
    const benchmark = valuesOf(Array.from({ length: 20 }, (_, k) => 0.01 * Math.sin(k)))
    const lp = benchmark.map((v, k) => v * (1 + (k % 3) * 2.2e-16))
    expect(informationRatioOf(lp, benchmark, 365)).toBeNull()
    // ... while a real 1e-9 a period of tracking still gives a ratio
    const tracked = benchmark.map((v, k) => v * (1 + (k % 3) * 1e-9))
    expect(informationRatioOf(tracked, benchmark, 365)).not.toBeNull()
  })
})

describe('informationRatioOf', () => {
  const returns = Array.from({ length: 20 }, (_, k) => (k % 2 === 0 ? 0.02 : -0.01))
  it('equals the Sharpe ratio against a flat benchmark', () => {
    const values = valuesOf(returns)
    const ir = informationRatioOf(values, Array(21).fill(3), 365)
    expect(relative(ir, Math.sqrt((19 * 365) / 20) / 3)).toBeLessThan(1e-12)
  })
  it('uses the active returns r - b: +1 % and -2 % against a benchmark of +1 % each period', () => {
    // active returns alternate +0.01, -0.02: mean -0.005, sd 0.015 sqrt(20/19)
    const ir = informationRatioOf(valuesOf(returns), valuesOf(Array<number>(20).fill(0.01)), 365)
    expect(relative(ir, -Math.sqrt((19 * 365) / 20) / 3)).toBeLessThan(1e-12)
  })
  it('is null against itself (no active risk)', () => {
    const values = valuesOf(returns)
    expect(informationRatioOf(values, values, 365)).toBeNull()
  })
})

describe('riskPeriodOf', () => {
  it('takes days when the run spans at least 20 of them, hours otherwise, never below the step', () => {
    expect(riskPeriodOf(3_600, 8_761)).toBe(86_400) // a year of hours
    expect(riskPeriodOf(3_600, 20 * 24 + 1)).toBe(86_400) // exactly 20 days
    expect(riskPeriodOf(3_600, 20 * 24)).toBe(3_600) // one hour short: 479 hours
    expect(riskPeriodOf(300, 865)).toBe(3_600) // three days of 5-minute steps
    expect(riskPeriodOf(12, 100)).toBe(86_400) // 20 minutes: too short for either, figures null
    expect(riskPeriodOf(7 * 86_400, 200)).toBe(7 * 86_400) // weekly data: a period per step
    expect(riskPeriodOf(7_200, 100)).toBe(86_400) // 2-hour steps over 8 days: no hourly periods
  })
})
