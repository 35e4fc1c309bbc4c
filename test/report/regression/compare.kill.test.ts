/**
 * Tests added for the mutants of compare.ts that the first tests let through (docs/mutation.md,
 * `src/report/regression`): the Monte Carlo path of compareWithBaseline, a check that changed
 * mode, the headline's counts and plurals, and the rows' edge cases.
 */
import { describe, expect, it } from 'vitest'
import { createBaseline } from '../../../src/report/regression/baseline.js'
import type { RegressionRun } from '../../../src/report/regression/baseline.js'
import {
  compareFigure,
  compareWithBaseline,
  createRegressionReport,
  isChanged,
  isFailing,
  rowAllowedChange,
} from '../../../src/report/regression/compare.js'
import type { ScenarioComparison } from '../../../src/report/regression/compare.js'
import type { Summary } from '../../../src/report/summary.js'
import { tinyScenario } from './tinyScenario.js'

const files = { file: 'tiny.json', baselineFile: 'baselines/tiny.json' }
const tolerance = { relative: 0.01, absolute: 0.5 }

// Monte Carlo: one figure, 30 paths of sd 1 around 100 in the baseline, 40 paths now around
// 100.6. Welch: se = sqrt(1/30 + 1/40) = 0.2415, t = 2.484, df ~ 62.7: p ~ 0.016, between
// 1 % and 5 % (checked below).
const mcRun = (mean: number, n: number): RegressionRun => ({
  scenario: 'tiny',
  seed: 1,
  version: '0.1.0',
  figures: { feeIncome: mean },
  paths: n,
  samples: { feeIncome: { n, mean, sd: 1 } },
  cells: ['pool.swapFee=0.003'],
})

describe('compareWithBaseline, Monte Carlo', () => {
  const compare = (regress: Record<string, unknown>) => {
    const scenario = tinyScenario({ regress })
    const baseline = createBaseline(mcRun(100, 30), scenario)
    return compareWithBaseline({ baseline, summary: mcRun(100.6, 40), scenario, ...files })
  }
  it("tests the means by Welch at the scenario's alpha, flags beyond its minimum effect", () => {
    const strict = compare({ minEffect: 0.001 })
    const row = strict.figures[0]!
    expect(row.test!.pValue).toBeGreaterThan(0.01)
    expect(row.test!.pValue).toBeLessThan(0.05)
    // the default alpha, 1 %: not significant
    expect(row.test).toMatchObject({ alpha: 0.01, isSignificant: false, n: [30, 40], sd: [1, 1] })
    expect(row.verdict).toBe('ok')
    expect(row.test!.t).toBeCloseTo(0.6 / Math.sqrt(1 / 30 + 1 / 40), 12)
    // at 5 %: significant, and 0.6 is beyond 0.1 % of 100
    const loose = compare({ alpha: 0.05, minEffect: 0.001 })
    expect(loose.figures[0]!.test).toMatchObject({ alpha: 0.05, isSignificant: true })
    expect(loose.figures[0]!.verdict).toBe('regression')
    // the default minimum effect, 1 % of 100 = 1, is more than the shift of 0.6
    const small = compare({ alpha: 0.05 })
    expect(small.figures[0]!.tolerance.relative).toBe(0.01)
    expect(small.figures[0]!.verdict).toBe('ok')
  })
  it('takes the default alpha and minimum effect for a scenario without regress settings', () => {
    const scenario = tinyScenario()
    const baseline = createBaseline(mcRun(100, 30), scenario)
    const c = compareWithBaseline({ baseline, summary: mcRun(100.6, 40), scenario, ...files })
    expect(c.figures[0]!.test).toMatchObject({ alpha: 0.01, isSignificant: false })
    expect(c.figures[0]!.tolerance.relative).toBe(0.01)
  })
  it('states no paths when the baseline has none (it was deterministic)', () => {
    const scenario = tinyScenario()
    const plain = createBaseline(
      { ...mcRun(100, 30), paths: undefined, samples: undefined },
      scenario,
    )
    const c = compareWithBaseline({
      baseline: plain,
      summary: mcRun(100.6, 40),
      scenario,
      ...files,
    })
    expect(c).not.toHaveProperty('paths')
    expect(c.figures[0]).toMatchObject({ baseline: 100, now: 100.6, verdict: 'regression' })
  })
  it('states the paths, baseline first, and the cells of this run', () => {
    const c = compare({})
    expect(c.paths).toEqual([30, 40])
    expect(c.cells).toEqual(['pool.swapFee=0.003'])
    expect(c.changedFields).toEqual([])
  })
  it('compares the means as figures when the check changed mode', () => {
    const scenario = tinyScenario()
    // the baseline has samples, the run has none (a deterministic run now)
    const mc = createBaseline(mcRun(100, 30), scenario)
    const summary: Summary = {
      scenario: 'tiny',
      seed: 1,
      version: '0.1.0',
      metrics: { feeIncome: 100.6 },
      benchmarks: {},
      warnings: [],
    }
    const c = compareWithBaseline({ baseline: mc, summary, scenario, ...files })
    expect(c.figures).toHaveLength(1)
    expect(c.figures[0]).toMatchObject({ baseline: 100, now: 100.6, verdict: 'regression' })
    expect(c.figures[0]!.test).toBeUndefined()
    expect(c).not.toHaveProperty('paths')
    expect(c).not.toHaveProperty('cells')
  })
})

describe('compareWithBaseline, deterministic', () => {
  const summaryOf = (metrics: Summary['metrics']): Summary => ({
    scenario: 'tiny',
    seed: 7,
    version: '0.2.0',
    metrics,
    benchmarks: {},
    warnings: [],
  })
  it('keeps non-finite figures, names seeds and versions of both, no paths or cells', () => {
    const scenario = tinyScenario()
    const baseline = { ...createBaseline(summaryOf({ lvr: null, a: 1 }), scenario), seed: 3 }
    const c = compareWithBaseline({
      baseline: { ...baseline, version: '0.1.0' },
      summary: summaryOf({ lvr: null, a: 1 }),
      scenario,
      ...files,
    })
    expect(c).toEqual({
      scenario: 'tiny',
      file: 'tiny.json',
      baselineFile: 'baselines/tiny.json',
      seed: 7,
      baselineSeed: 3,
      version: '0.2.0',
      baselineVersion: '0.1.0',
      changedFields: [],
      figures: [
        {
          scenario: 'tiny',
          figure: 'lvr',
          baseline: null,
          now: null,
          change: null,
          relativeChange: null,
          tolerance: { relative: 1e-4, absolute: 1e-6 },
          verdict: 'ok',
        },
        {
          scenario: 'tiny',
          figure: 'a',
          baseline: 1,
          now: 1,
          change: 0,
          relativeChange: 0,
          tolerance: { relative: 1e-6, absolute: 1e-6 },
          verdict: 'ok',
        },
      ],
    })
  })
  it('names the changed fields of a baseline whose scenario was edited but not its hash', () => {
    const scenario = tinyScenario()
    const baseline = createBaseline(summaryOf({ a: 1 }), scenario)
    const edited = { ...baseline, definition: { ...(baseline.definition as object), seed: 99 } }
    const c = compareWithBaseline({
      baseline: edited,
      summary: summaryOf({ a: 1 }),
      scenario,
      ...files,
    })
    expect(c.changedFields).toEqual(['seed'])
    // and a hash from elsewhere over the same scenario: nothing changed
    const rehashed = { ...baseline, scenarioHash: 'sha256:0' }
    const d = compareWithBaseline({
      baseline: rehashed,
      summary: summaryOf({ a: 1 }),
      scenario,
      ...files,
    })
    expect(d.changedFields).toEqual([])
  })
})

describe('compareFigure, edge cases', () => {
  it('takes the relative change of a negative baseline over its size', () => {
    expect(compareFigure('s', 'x', -200, -190, tolerance)).toMatchObject({
      change: 10,
      relativeChange: 0.05,
      verdict: 'regression',
    })
  })
  it('gives a figure that became non-finite no change and fails it', () => {
    expect(compareFigure('s', 'x', 5, null, tolerance)).toMatchObject({
      baseline: 5,
      now: null,
      change: null,
      relativeChange: null,
      verdict: 'regression',
    })
    expect(compareFigure('s', 'x', null, 5, tolerance)).toMatchObject({
      change: null,
      relativeChange: null,
      verdict: 'regression',
    })
    expect(compareFigure('s', 'x', undefined, null, tolerance)).toMatchObject({
      baseline: null,
      now: null,
      verdict: 'added',
    })
  })
})

describe('isFailing, isChanged and rowAllowedChange', () => {
  it('fails regressions and removed figures, not new or passing ones', () => {
    expect(['ok', 'regression', 'removed', 'added'].map((v) => isFailing(v as 'ok'))).toEqual([
      false,
      true,
      true,
      false,
    ])
  })
  it('counts an added or removed figure as changed even when both sides read null', () => {
    expect(isChanged(compareFigure('s', 'x', undefined, null, tolerance))).toBe(true)
    expect(isChanged(compareFigure('s', 'x', null, undefined, tolerance))).toBe(true)
  })
  it('allows the absolute part without a baseline, max(absolute, relative |baseline|) with one', () => {
    expect(rowAllowedChange(compareFigure('s', 'x', null, 5, tolerance))).toBe(0.5)
    expect(rowAllowedChange(compareFigure('s', 'x', -300, 5, tolerance))).toBe(3)
    expect(rowAllowedChange(compareFigure('s', 'x', 20, 5, tolerance))).toBe(0.5)
  })
})

describe('createRegressionReport', () => {
  const scenario = (
    name: string,
    rows: [number | undefined, number | undefined][],
    changed: string[] = [],
  ): ScenarioComparison => ({
    scenario: name,
    ...files,
    seed: 1,
    baselineSeed: 1,
    version: '0.1.0',
    baselineVersion: '0.1.0',
    changedFields: changed,
    figures: rows.map(([b, n], i) => compareFigure(name, `f${i}`, b, n, tolerance)),
  })
  it('counts figures and scenarios in the pass line, plural for two', () => {
    const report = createRegressionReport([
      scenario('a', [[1, 1]]),
      scenario('b', [
        [2, 2],
        [undefined, 3],
      ]),
    ])
    expect(report).toMatchObject({
      verdict: 'pass',
      headline: 'no regression: 3 figures of 2 scenarios within tolerance',
      figures: 3,
      regressions: 0,
    })
  })
  it('counts failing figures (removed ones too) and the scenarios they are in', () => {
    const report = createRegressionReport([
      scenario('a', [
        [1, 100],
        [1, undefined],
        [undefined, 1],
      ]),
      scenario('b', [[1, 1]], ['pool.swapFee']),
      scenario('c', [[1, 1]], ['seed', 'name']),
    ])
    expect(report).toMatchObject({
      verdict: 'regression',
      headline:
        '2 regressions in 1 of 3 scenarios (5 figures compared); 2 scenarios changed since the baseline',
      figures: 5,
      regressions: 2,
    })
    expect(report.scenarios.map((s) => s.scenario)).toEqual(['a', 'b', 'c'])
  })
  it('counts the scenarios with failures, each once', () => {
    const report = createRegressionReport([
      scenario('a', [
        [1, 100],
        [1, 100],
      ]),
      scenario('b', [[1, 1]]),
      scenario('c', [[1, undefined]]),
    ])
    expect(report.headline).toBe('3 regressions in 2 of 3 scenarios (4 figures compared)')
  })
  it('says nothing of changes when no scenario changed', () => {
    const report = createRegressionReport([scenario('a', [[1, 100]])])
    expect(report.headline).toBe('1 regression in 1 of 1 scenario (1 figures compared)')
  })
})
