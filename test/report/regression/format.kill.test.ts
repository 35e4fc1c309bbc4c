/**
 * Tests added for the mutants of format.ts that the first tests let through (docs/mutation.md,
 * `src/report/regression`): report.md and junit.xml written out in full by hand for a report
 * with every kind of row and note, the passing rows' limit, and the number format.
 */
import { describe, expect, it } from 'vitest'
import type {
  RegressionReport,
  ScenarioComparison,
} from '../../../src/report/regression/compare.js'
import {
  MAX_PASSING_ROWS,
  failureMessage,
  formatRegressionJunit,
  formatRegressionMarkdown,
} from '../../../src/report/regression/format.js'
import type { FigureComparison } from '../../../src/report/regression/types.js'

const test = (pValue: number, isSignificant: boolean) => ({
  pValue,
  t: 4.5,
  df: 57.3,
  n: [30, 40] as [number, number],
  sd: [0.00001, 0.00002] as [number, number],
  alpha: 0.05,
  isSignificant,
})
const ok: FigureComparison = {
  scenario: 'mc',
  figure: 'a',
  baseline: 1234.56789012,
  now: 1234.56789012,
  change: 0,
  relativeChange: 0,
  tolerance: { relative: 0.001, absolute: 0 },
  verdict: 'ok',
  test: test(0.5, false),
}
const added: FigureComparison = {
  scenario: 'mc',
  figure: 'c',
  baseline: null,
  now: -2.5,
  change: null,
  relativeChange: null,
  tolerance: { relative: 0.01, absolute: 0 },
  verdict: 'added',
}
const removed: FigureComparison = {
  ...added,
  figure: 'b',
  baseline: 5,
  now: null,
  verdict: 'removed',
}
const regression: FigureComparison = {
  scenario: 'mc',
  figure: 'r',
  baseline: 0.0001,
  now: 0.00025,
  change: 0.00015,
  relativeChange: 1.5,
  tolerance: { relative: 0.01, absolute: 0.00001 },
  verdict: 'regression',
  test: test(0.000123456789, true),
}
const comparison = (
  scenario: string,
  figures: FigureComparison[],
  extra: Partial<ScenarioComparison> = {},
): ScenarioComparison => ({
  scenario,
  file: `${scenario}.json`,
  baselineFile: `baselines/${scenario}.json`,
  seed: 1,
  baselineSeed: 1,
  version: '0.1.0',
  baselineVersion: '0.1.0',
  changedFields: [],
  figures,
  ...extra,
})
// every kind of row and of note; the figures in file order, not the report's
const full: RegressionReport = {
  verdict: 'regression',
  headline: 'H1',
  figures: 4,
  regressions: 2,
  scenarios: [
    comparison('mc', [ok, added, removed, regression], {
      version: '0.2.0',
      changedFields: ['pool.swapFee', 'seed'],
      paths: [30, 40],
      cells: ['pool.swapFee=0.003', 'pool.swapFee=0.01'],
    }),
  ],
}
const HEADER = [
  '| scenario | figure | baseline | now | change | tolerance | verdict |',
  '|---|---|--:|--:|--:|--:|---|',
]

describe('formatRegressionMarkdown, every part', () => {
  it('writes notes, failing and new rows, then the passing ones folded', () => {
    expect(formatRegressionMarkdown(full)).toBe(
      [
        '## amm-sim regress: REGRESSION',
        '',
        '**H1**',
        '',
        '- scenario `mc` changed since its baseline: `pool.swapFee`, `seed`; figures compared all the same',
        "- `mc`: Monte Carlo, 40 paths against the baseline's 30; means compared by Welch's t-test, Holm-corrected at a family-wise false-alarm rate of 0.05, flagged only beyond the tolerance (at least the minimum effect)",
        '- `mc` cells: `[cell 0]` pool.swapFee=0.003; `[cell 1]` pool.swapFee=0.01',
        '- `mc`: baseline written by amm-sim 0.1.0, this run by 0.2.0',
        '',
        ...HEADER,
        '| mc | r | 0.0001 | 0.00025 | +0.00015, +150.00 % | ±1e-5 | **REGRESSION** (p 0.00012345679) |',
        '| mc | b | 5 | n/a |  |  | **REMOVED** |',
        '| mc | c | n/a | -2.5 |  |  | new |',
        '',
        '<details><summary>1 figure within tolerance</summary>',
        '',
        ...HEADER,
        '| mc | a | 1234.5679 | 1234.5679 | 0, +0.00 % | ±1.2345679 | ok (p 0.5) |',
        '',
        '</details>',
        '',
        '',
      ].join('\n'),
    )
  })
  it('says n/a for the false-alarm rate of a Monte Carlo check without tests', () => {
    const bare = { ...full, scenarios: [comparison('mc', [added], { paths: [3, 3] })] }
    expect(formatRegressionMarkdown(bare).split('\n')[4]).toBe(
      "- `mc`: Monte Carlo, 3 paths against the baseline's 3; means compared by Welch's t-test, Holm-corrected at a family-wise false-alarm rate of n/a, flagged only beyond the tolerance (at least the minimum effect)",
    )
  })
  it('has no notes, no blank line for them, and no folded section when nothing passes', () => {
    const report = {
      ...full,
      verdict: 'regression' as const,
      scenarios: [comparison('x', [removed])],
    }
    expect(formatRegressionMarkdown(report)).toBe(
      [
        '## amm-sim regress: REGRESSION',
        '',
        '**H1**',
        '',
        ...HEADER,
        '| mc | b | 5 | n/a |  |  | **REMOVED** |',
        '',
        '',
      ].join('\n'),
    )
  })
})

describe('formatRegressionMarkdown, the passing rows', () => {
  const passing = (count: number): RegressionReport => ({
    verdict: 'pass',
    headline: 'H2',
    figures: count,
    regressions: 0,
    scenarios: [
      comparison(
        'p',
        Array.from({ length: count }, (_, i) => ({
          scenario: 'p',
          figure: `f${i}`,
          baseline: i,
          now: i,
          change: 0,
          relativeChange: i === 0 ? null : 0,
          tolerance: { relative: 0, absolute: 0.5 },
          verdict: 'ok' as const,
        })),
      ),
    ],
  })
  it(`lists ${MAX_PASSING_ROWS} of them, counts the rest`, () => {
    expect(MAX_PASSING_ROWS).toBe(400)
    const lines = formatRegressionMarkdown(passing(402)).split('\n')
    expect(lines.slice(0, 9)).toEqual([
      '## amm-sim regress: PASS',
      '',
      '**H2**',
      '',
      '<details><summary>402 figures within tolerance</summary>',
      '',
      ...HEADER,
      '| p | f0 | 0 | 0 | 0 | ±0.5 | ok |',
    ])
    expect(lines[9]).toBe('| p | f1 | 1 | 1 | 0, +0.00 % | ±0.5 | ok |')
    expect(lines.slice(407)).toEqual([
      '| p | f399 | 399 | 399 | 0, +0.00 % | ±0.5 | ok |',
      '',
      '… and 2 more (report.json has them all)',
      '',
      '</details>',
      '',
      '',
    ])
  })
  it(`lists exactly ${MAX_PASSING_ROWS} without a count`, () => {
    const lines = formatRegressionMarkdown(passing(400)).split('\n')
    expect(lines.slice(407)).toEqual([
      '| p | f399 | 399 | 399 | 0, +0.00 % | ±0.5 | ok |',
      '',
      '</details>',
      '',
      '',
    ])
  })
})

describe('formatRegressionJunit, every part', () => {
  it('writes a suite per scenario, a failure with its details, the changed fields', () => {
    expect(formatRegressionJunit(full)).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="amm-sim regress" tests="4" failures="2" errors="0">',
        '  <testsuite name="mc" tests="4" failures="2" errors="0" skipped="0">',
        '    <testcase classname="amm-sim.regress.mc" name="a"/>',
        '    <testcase classname="amm-sim.regress.mc" name="c"/>',
        '    <testcase classname="amm-sim.regress.mc" name="b">',
        '      <failure type="removed" message="b: in the baseline (5), no longer produced">scenario: mc&#10;figure: b&#10;baseline: 5&#10;now: null&#10;change: null&#10;relative change: null&#10;tolerance: relative 0.01, absolute 0</failure>',
        '    </testcase>',
        '    <testcase classname="amm-sim.regress.mc" name="r">',
        '      <failure type="regression" message="r: 0.0001 -&gt; 0.00025 (+0.00015, +150.00 %), tolerance ±1e-5, p = 0.00012345679">scenario: mc&#10;figure: r&#10;baseline: 0.0001&#10;now: 0.00025&#10;change: 0.00015&#10;relative change: 1.5&#10;tolerance: relative 0.01, absolute 0.00001&#10;Welch t-test: t 4.5, df 57.3, p 0.000123456789, paths 30 vs 40, sd 0.00001 vs 0.00002, significant after Holm at alpha 0.05: true</failure>',
        '    </testcase>',
        '    <system-out>scenario changed since its baseline: pool.swapFee, seed</system-out>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    )
  })
  it('escapes quotes and apostrophes, and writes no system-out for an unchanged scenario', () => {
    const report = { ...full, scenarios: [comparison(`o'k "q"`, [ok])] }
    expect(formatRegressionJunit(report).split('\n').slice(2, 5)).toEqual([
      `  <testsuite name="o&apos;k &quot;q&quot;" tests="1" failures="0" errors="0" skipped="0">`,
      `    <testcase classname="amm-sim.regress.o&apos;k &quot;q&quot;" name="a"/>`,
      '  </testsuite>',
    ])
  })
})

describe('failureMessage', () => {
  const row = (
    baseline: number | null,
    now: number | null,
    extra: Partial<FigureComparison> = {},
  ) => ({
    ...added,
    figure: 'x',
    baseline,
    now,
    tolerance: { relative: 0.01, absolute: 0.5 },
    verdict: 'regression' as const,
    ...extra,
  })
  it('states a new figure, and a figure without a number on one side or both', () => {
    expect(failureMessage(added)).toBe('c: new (-2.5), not in the baseline')
    // no baseline number: the absolute part is the whole tolerance
    expect(failureMessage(row(null, 5))).toBe('x: n/a -> 5 (non-finite), tolerance ±0.5')
    expect(failureMessage(row(null, null, { verdict: 'ok' }))).toBe(
      'x: n/a -> n/a (0), tolerance ±0.5',
    )
  })
  it('writes integers in full, other figures of 1e15 and more or under 1e-4 in 5 digits', () => {
    const big = row(2e15, 1234567890123456.75, {
      change: -765432109876543.25,
      relativeChange: -0.3827,
    })
    expect(failureMessage(big)).toBe(
      'x: 2000000000000000 -> 1.2346e+15 (-765432110000000, -38.27 %), tolerance ±20000000000000',
    )
    const small = row(-0.0000123456789, 0.0001, { change: 0.0001123456789, relativeChange: null })
    expect(failureMessage(small)).toBe('x: -1.2346e-5 -> 0.0001 (+0.00011234568), tolerance ±0.5')
  })
})
