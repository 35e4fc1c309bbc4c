/**
 * Tests written to kill the mutants StrykerJS left alive in src/sim/metrics/risk.ts
 * (docs/mutation.md). Oracles: hand-computed figures of small series.
 */
import { describe, expect, it } from 'vitest'
import { informationRatioOf, periodReturns, riskFiguresOf } from '../../../src/sim/metrics/risk.js'

/** Values from returns: V_0 = 1, V_k = V_(k-1) (1 + r_k). */
function valuesOf(returns: number[]): number[] {
  const values = [1]
  for (const r of returns) values.push(values[values.length - 1]! * (1 + r))
  return values
}

/** `|got / want - 1|`, for relative tolerances. */
const relative = (got: number | null, want: number) => Math.abs(got! / want - 1)

describe('periodReturns', () => {
  it('gives no returns for no values or a single value', () => {
    expect(periodReturns([])).toEqual(new Float64Array(0))
    expect(periodReturns([7])).toEqual(new Float64Array(0))
  })
})

describe('riskFiguresOf: the 5 % tail when 0.05 N is not a whole number', () => {
  it('takes the ceil(0.05 * 21) = 2 worst of 21 returns: VaR 2 %, ES 2.5 %', () => {
    // 19 gains of 1 % and two losses of 3 % and 2 %: the tail is {-3 %, -2 %}, so the VaR is
    // the second worst return (2 %) and the expected shortfall their mean (2.5 %). A tail of one
    // (floor or round of 1.05) would give 3 % for both; of three, ES (3 + 2 - 1) / 3 %.
    const returns = [...Array<number>(10).fill(0.01), -0.03, -0.02, ...Array<number>(9).fill(0.01)]
    const figures = riskFiguresOf(valuesOf(returns), 365)
    // Returns recovered from products by division: a few ulp each.
    expect(relative(figures.valueAtRisk, 0.02)).toBeLessThan(1e-12)
    expect(relative(figures.expectedShortfall, 0.025)).toBeLessThan(1e-12)
  })
})

describe('riskFiguresOf: a Calmar ratio only when it is a finite number', () => {
  it('gives a null Calmar ratio when the annualised return overflows to Infinity', () => {
    // Values growing 1,000-fold a day for 20 days, with one 10 % fall: (10^57 0.9)^(365/20)
    // overflows, so the Calmar ratio Infinity / 0.1 is not a number to report.
    const returns = [...Array<number>(10).fill(999), -0.1, ...Array<number>(9).fill(999)]
    const figures = riskFiguresOf(valuesOf(returns), 365)
    expect(figures.annualisedReturn).toBe(Infinity)
    expect(relative(figures.maxDrawdown, 0.1)).toBeLessThan(1e-12)
    expect(figures.calmarRatio).toBeNull()
  })
})

describe('informationRatioOf: series of different lengths', () => {
  it('is null when the benchmark has more values than the series', () => {
    // 20 returns against a benchmark of 21: the periods do not line up, so no ratio (reading
    // only the first 20 benchmark returns would give a number).
    const returns = Array.from({ length: 20 }, (_, k) => (k % 2 === 0 ? 0.02 : -0.01))
    const benchmark = valuesOf(Array<number>(21).fill(0.01))
    expect(informationRatioOf(valuesOf(returns), benchmark, 365)).toBeNull()
    expect(informationRatioOf(valuesOf(returns), benchmark.slice(0, 21), 365)).not.toBeNull()
  })

  it('is null for 19 returns, one short of MIN_RISK_PERIODS, even with active risk', () => {
    const returns = Array.from({ length: 19 }, (_, k) => (k % 2 === 0 ? 0.02 : -0.01))
    const flat = Array<number>(20).fill(1)
    expect(informationRatioOf(valuesOf(returns), flat, 365)).toBeNull()
    // the same series one period longer has a ratio
    expect(informationRatioOf(valuesOf([...returns, 0.02]), [...flat, 1], 365)).not.toBeNull()
  })
})
