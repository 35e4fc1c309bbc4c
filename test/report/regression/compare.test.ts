import { describe, expect, it } from 'vitest'
import { createBaseline } from '../../../src/report/regression/baseline.js'
import {
  isChanged,
  compareFigure,
  compareWithBaseline,
  createRegressionReport,
} from '../../../src/report/regression/compare.js'
import type { Summary } from '../../../src/report/summary.js'
import { lazy } from '../../lazy.js'
import { TINY_SCENARIO, tinyScenario } from './tinyScenario.js'

const summaryOf = (metrics: Summary['metrics']): Summary => ({
  scenario: 'tiny',
  seed: 1,
  version: '0.1.0',
  metrics,
  benchmarks: { hodl: { value: 1000 } },
  warnings: [],
})
// made inside the tests (lazy, test/lazy.ts): Stryker then knows which tests reach baseline.ts
const baselineOf = lazy(() =>
  createBaseline(summaryOf({ lvr: 100, feeIncome: 50, trades: 10 }), tinyScenario()),
)
const files = { file: 'tiny.json', baselineFile: 'baselines/tiny.json' }

describe('compareFigure', () => {
  it('states change, relative change and verdict against max(absolute, relative * |baseline|)', () => {
    const tolerance = { relative: 0.01, absolute: 0.5 }
    expect(compareFigure('s', 'lvr', 100, 103, tolerance)).toEqual({
      scenario: 's',
      figure: 'lvr',
      baseline: 100,
      now: 103,
      change: 3,
      relativeChange: 0.03,
      tolerance,
      verdict: 'regression',
    })
    expect(compareFigure('s', 'lvr', 100, 101, tolerance).verdict).toBe('ok')
    expect(compareFigure('s', 'x', 0, 0.4, tolerance)).toMatchObject({
      verdict: 'ok',
      relativeChange: null,
    })
    expect(compareFigure('s', 'x', undefined, 1, tolerance).verdict).toBe('added')
    expect(compareFigure('s', 'x', 1, undefined, tolerance).verdict).toBe('removed')
  })
})

describe('isChanged', () => {
  it('counts any different figure, and not two non-finite ones', () => {
    const tolerance = { relative: 0.01, absolute: 0 }
    expect(isChanged(compareFigure('s', 'x', null, null, tolerance))).toBe(false)
    expect(isChanged(compareFigure('s', 'x', 5, 5, tolerance))).toBe(false)
    expect(isChanged(compareFigure('s', 'x', 5, 5.01, tolerance))).toBe(true)
    expect(isChanged(compareFigure('s', 'x', null, 5, tolerance))).toBe(true)
    expect(isChanged(compareFigure('s', 'x', undefined, 5, tolerance))).toBe(true)
    expect(isChanged(compareFigure('s', 'x', 5, undefined, tolerance))).toBe(true)
  })
})

describe('compareWithBaseline', () => {
  it('passes an unchanged run and names no changed field', () => {
    const summary = summaryOf({ lvr: 100, feeIncome: 50, trades: 10 })
    const c = compareWithBaseline({
      baseline: baselineOf(),
      summary,
      scenario: tinyScenario(),
      ...files,
    })
    expect(c.changedFields).toEqual([])
    expect(c.figures.map((r) => r.verdict)).toEqual(['ok', 'ok', 'ok', 'ok'])
    expect(createRegressionReport([c])).toMatchObject({
      verdict: 'pass',
      regressions: 0,
      headline: 'no regression: 4 figures of 1 scenario within tolerance',
    })
  })
  it('flags a moved figure, a vanished one, and names the scenario fields that changed', () => {
    const scenario = tinyScenario({ pool: { ...TINY_SCENARIO.pool, swapFee: 0.0025 } })
    // feeIncome -1 % is beyond its default 1e-4 relative; trades 10 -> 11 is within 1 absolute
    const summary = summaryOf({ lvr: 100, feeIncome: 49.5, trades: 11, newOne: 3 })
    const c = compareWithBaseline({ baseline: baselineOf(), summary, scenario, ...files })
    expect(c.changedFields).toEqual(['pool.swapFee'])
    expect(c.figures.map((r) => [r.figure, r.verdict])).toEqual([
      ['lvr', 'ok'],
      ['feeIncome', 'regression'],
      ['trades', 'ok'],
      ['benchmarks.hodl.value', 'ok'],
      ['newOne', 'added'],
    ])
    const report = createRegressionReport([c])
    expect(report.verdict).toBe('regression')
    expect(report.headline).toBe(
      '1 regression in 1 of 1 scenario (5 figures compared); 1 scenario changed since the baseline',
    )
  })
  it('applies the scenario tolerances, then the command line over them', () => {
    const scenario = tinyScenario({ regress: { tolerances: { feeIncome: { relative: 0.02 } } } })
    const summary = summaryOf({ lvr: 100, feeIncome: 49.5, trades: 10 })
    const loose = compareWithBaseline({ baseline: baselineOf(), summary, scenario, ...files })
    expect(loose.figures[1]).toMatchObject({ figure: 'feeIncome', verdict: 'ok' })
    // the regress field itself is a change of the scenario, and says so
    expect(loose.changedFields).toEqual(['regress'])
    const tight = compareWithBaseline({
      baseline: baselineOf(),
      summary,
      scenario,
      ...files,
      tolerances: { feeIncome: { relative: 0.001 } },
    })
    expect(tight.figures[1]).toMatchObject({ figure: 'feeIncome', verdict: 'regression' })
  })
})
