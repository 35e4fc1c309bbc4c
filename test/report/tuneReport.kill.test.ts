/**
 * tune.json, tune.md and the tuning's charts (src/report/tuneReport.ts), in process: before this
 * file only the CLI tests (`amm-sim tune`) wrote them, which the mutation run cannot use. The
 * results are made by hand and the expected text written by hand from docs/tuning.md (the files'
 * layout) and the documented formats: fractions as percent with 3 decimals, other figures with 6
 * significant digits, `–` for a missing figure, windows as UTC dates.
 */
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { PALETTE } from '../../src/report/charts.js'
import {
  TUNE_JSON_FORMAT,
  formatTuneJson,
  formatTuneMarkdown,
  tuneChartSpecs,
  tuneReportDir,
  writeTuneReport,
} from '../../src/report/tuneReport.js'
import type { FigureStatistics } from '../../src/sim/sweep/statistics.js'
import type { TuneResult } from '../../src/sim/tune/runTune.js'
import { tempDir } from '../tempDir.js'
import { renderer } from './titleCanvas.js'

// each "PNG" is its chart's title; `renderer.isMissing` fails as without canvas (titleCanvas.ts)
vi.mock('chartjs-node-canvas', () => import('./titleCanvas.js'))

beforeEach(() => {
  renderer.isMissing = false
})

const DAY = 86_400
// 2021-01-01, 2021-01-31, 2021-03-31, 2021-04-01, 2021-04-30, 2021-05-01, 2021-05-30 (UTC)
const JAN1 = 1_609_459_200
const JAN31 = JAN1 + 30 * DAY
const MAR31 = JAN1 + 89 * DAY
const APR1 = JAN1 + 90 * DAY
const APR30 = JAN1 + 119 * DAY
const MAY1 = JAN1 + 120 * DAY
const MAY30 = JAN1 + 149 * DAY

function stats(mean: number | null, q05: number | null, q95: number | null): FigureStatistics {
  return {
    paths: 200,
    mean,
    standardDeviation: 0.5,
    q05,
    q50: 0.25,
    q95,
    ciLow: -0.125,
    ciHigh: 0.125,
  }
}

/** Two folds, three parameters (log range, integer range, list), two benchmarks, bootstrap. */
const result: TuneResult = {
  scenario: 'tune|eth',
  seed: 7,
  method: 'grid',
  objective: { name: 'returnVsHodl', direction: 'maximize' },
  params: [
    {
      field: 'pool.swapFee',
      isInteger: false,
      kind: 'range',
      low: 0.001,
      high: 0.01,
      isLog: true,
      values: [],
    },
    {
      field: 'pool.rebalance.everySteps',
      isInteger: true,
      kind: 'range',
      low: 1,
      high: 10,
      isLog: false,
      values: [],
    },
    {
      field: 'pool.weights[0]',
      isInteger: false,
      kind: 'list',
      low: 0.2,
      high: 0.8,
      isLog: false,
      values: [0.2, 0.5, 0.8],
    },
  ],
  train: 90 * DAY,
  test: 30 * DAY,
  budget: null,
  steps: 5,
  benchmarks: ['hodl', 'mix|50'],
  folds: [
    {
      fold: 0,
      train: { start: JAN1, end: MAR31, points: 90 },
      test: { start: APR1, end: APR30, points: 30 },
      chosen: [0.002, 3, 0.5],
      inSample: 0.0123,
      outOfSample: -0.00456,
      gap: 0.01686,
      evaluations: 2,
      returnVsHodl: -0.00456,
      benchmarkReturnVsHodl: { hodl: 0.01, 'mix|50': null },
    },
    {
      fold: 1,
      train: { start: JAN31, end: APR30, points: 90 },
      test: { start: MAY1, end: MAY30, points: 30 },
      chosen: [0.005, 10, 0.8],
      inSample: 0.02,
      outOfSample: null,
      gap: null,
      evaluations: 2,
      returnVsHodl: null,
      benchmarkReturnVsHodl: { hodl: 0.03, 'mix|50': null },
    },
  ],
  headline: { outOfSample: -0.00456, inSample: 0.01615, gap: 0.02071 },
  final: {
    values: [0.005, 10, 0.8],
    bootstrap: {
      paths: 200,
      blockLength: 5,
      horizon: 30 * DAY,
      objective: stats(0.01, -0.02, 0.04),
      returnVsHodl: stats(0.011, null, 0.05),
      benchmarkReturnVsHodl: { hodl: stats(0.002, -0.003, 0.006), 'mix|50': stats(null, 0, 0) },
      failed: 3,
    },
  },
  weights: {
    token: 'ETH',
    times: [APR1, APR1 + DAY, APR1 + 2 * DAY],
    pool: [0.5, 0.52, 0.55],
    hodl: [0.5, 0.51, 0.53],
    constantMix: [0.5, 0.5, 0.5],
    threshold: [0.5, 0.5, 0.54],
  },
  evaluations: [
    ...[
      { fold: 0, values: [0.002, 3, 0.5], objective: 0.0123, error: null },
      { fold: 0, values: [0.008, 1, 0.2], objective: null, error: 'NON_FINITE: lpValue' },
      { fold: 1, values: [0.005, 10, 0.8], objective: 0.02, error: null },
      { fold: 1, values: [0.001, 5, 0.5], objective: 0.015, error: null },
    ].map((e) => ({ ...e, phase: 'train' as const, start: JAN1, end: MAR31 })),
    {
      fold: 0,
      phase: 'test',
      start: APR1,
      end: APR30,
      values: [0.002, 3, 0.5],
      objective: -0.00456,
      error: null,
    },
    {
      fold: 1,
      phase: 'test',
      start: MAY1,
      end: MAY30,
      values: [0.005, 10, 0.8],
      objective: null,
      error: 'NON_FINITE: x',
    },
  ],
}

/** One fold, a figure in numeraire units (minimised), random search, no benchmark bootstrap. */
const plain: TuneResult = {
  ...result,
  scenario: 'plain',
  seed: 11,
  method: 'random',
  objective: { name: 'lvr', direction: 'minimize' },
  params: [result.params[0]!],
  budget: 20,
  steps: null,
  benchmarks: [],
  folds: [
    {
      ...result.folds[0]!,
      chosen: [0.002],
      inSample: 12.5,
      outOfSample: 1234.5678,
      gap: -1222.0678,
      benchmarkReturnVsHodl: {},
    },
  ],
  headline: { outOfSample: 1234.5678, inSample: 12.5, gap: null },
  final: {
    values: [0.002],
    bootstrap: {
      paths: 50,
      blockLength: 3,
      horizon: 30 * DAY,
      objective: stats(12.5, 1, 100),
      returnVsHodl: stats(0, -0.01, 0.01),
      benchmarkReturnVsHodl: {},
      failed: 0,
    },
  },
  weights: {
    token: 'ETH',
    times: [],
    pool: [],
    hodl: [],
    constantMix: [],
    threshold: null,
  },
  evaluations: [
    {
      fold: 0,
      phase: 'train',
      start: JAN1,
      end: MAR31,
      values: [0.002],
      objective: 12.5,
      error: null,
    },
    {
      fold: 0,
      phase: 'test',
      start: APR1,
      end: APR30,
      values: [0.002],
      objective: 1234.5678,
      error: null,
    },
  ],
}

const resultMarkdown = [
  '# Tuning: tune\\|eth',
  '',
  '- objective: `returnVsHodl`, maximized (a fraction, shown in %)',
  '- parameters: `pool.swapFee` from 0.001 to 0.01 (log scale); `pool.rebalance.everySteps` from 1 to 10 (integers); `pool.weights[0]` in {0.2, 0.5, 0.8}',
  '- method: grid, 5 points per range',
  '- walk-forward: train 90 days, test the next 30 days, 2 folds; 6 runs (2 failed)',
  '- seed 7; amm-sim 1.2.3',
  '',
  '## Headline (mean over the folds)',
  '',
  '| out of sample | in sample | gap (in − out) |',
  '|---:|---:|---:|',
  '| **-0.456 %** | 1.615 % | 2.071 % |',
  '',
  'The out-of-sample figure is the one to trust: each fold chose its parameters on its training',
  'window only, then ran them on the window after it. A large positive gap (for a maximised',
  'objective) means the search fitted the noise of its training windows.',
  '',
  '## Folds',
  '',
  '| fold | train | test | `pool.swapFee` | `pool.rebalance.everySteps` | `pool.weights[0]` | in sample | out of sample | gap |',
  '|---:|---|---|---:|---:|---:|---:|---:|---:|',
  '| 0 | 2021-01-01 to 2021-03-31 | 2021-04-01 to 2021-04-30 | 0.002 | 3 | 0.5 | 1.230 % | -0.456 % | 1.686 % |',
  '| 1 | 2021-01-31 to 2021-04-30 | 2021-05-01 to 2021-05-30 | 0.005 | 10 | 0.8 | 2.000 % | – | – |',
  '',
  '## Out of sample against the benchmarks',
  '',
  "Return against HODL on each test window (`returnVsHodl`, value / HODL value − 1), the fold's choice beside each benchmark of the scenario:",
  '',
  '| fold | LP (chosen) | hodl | mix\\|50 |',
  '|---:|---:|---:|---:|',
  '| 0 | -0.456 % | 1.000 % | – |',
  '| 1 | – | 3.000 % | – |',
  // means over the folds that have the figure: (-0.00456) / 1, (0.01 + 0.03) / 2, none
  '| mean | -0.456 % | 2.000 % | – |',
  '',
  '## Final choice',
  '',
  "The last fold's choice (fitted on the most recent training window): `pool.swapFee` = 0.005, `pool.rebalance.everySteps` = 10, `pool.weights[0]` = 0.8.",
  '',
  'On 200 block-bootstrap resamples of the whole history (blocks of 5 steps, each path 30 days, the test length), 3 failed: mean (5–95 % quantiles)',
  '',
  '| figure | value |',
  '|---|---:|',
  '| objective `returnVsHodl` | 1.000 % (5–95 %: -2.000 % to 4.000 %) |',
  '| LP returnVsHodl | 1.100 % (5–95 %: – to 5.000 %) |',
  '| hodl returnVsHodl | 0.200 % (5–95 %: -0.300 % to 0.600 %) |',
  '| mix\\|50 returnVsHodl | – (5–95 %: 0.000 % to 0.000 %) |',
  '',
  '## Charts',
  '',
  '![First chart](charts/a.png)',
  '',
  '![Second chart](charts/b.png)',
  '',
].join('\n')

const plainMarkdown = [
  '# Tuning: plain',
  '',
  '- objective: `lvr`, minimized',
  '- parameters: `pool.swapFee` from 0.001 to 0.01 (log scale)',
  '- method: random, budget 20 evaluations per fold',
  '- walk-forward: train 90 days, test the next 30 days, 1 folds; 2 runs (0 failed)',
  '- seed 11; amm-sim 0.9.0',
  '',
  '## Headline (mean over the folds)',
  '',
  '| out of sample | in sample | gap (in − out) |',
  '|---:|---:|---:|',
  '| **1234.57** | 12.5000 | – |',
  '',
  'The out-of-sample figure is the one to trust: each fold chose its parameters on its training',
  'window only, then ran them on the window after it. A large positive gap (for a maximised',
  'objective) means the search fitted the noise of its training windows.',
  '',
  '## Folds',
  '',
  '| fold | train | test | `pool.swapFee` | in sample | out of sample | gap |',
  '|---:|---|---|---:|---:|---:|---:|',
  '| 0 | 2021-01-01 to 2021-03-31 | 2021-04-01 to 2021-04-30 | 0.002 | 12.5000 | 1234.57 | -1222.07 |',
  '',
  '## Out of sample against the benchmarks',
  '',
  "Return against HODL on each test window (`returnVsHodl`, value / HODL value − 1), the fold's choice beside each benchmark of the scenario:",
  '',
  '| fold | LP (chosen) |',
  '|---:|---:|',
  '| 0 | -0.456 % |',
  '| mean | -0.456 % |',
  '',
  '## Final choice',
  '',
  "The last fold's choice (fitted on the most recent training window): `pool.swapFee` = 0.002.",
  '',
  'On 50 block-bootstrap resamples of the whole history (blocks of 3 steps, each path 30 days, the test length): mean (5–95 % quantiles)',
  '',
  '| figure | value |',
  '|---|---:|',
  '| objective `lvr` | 12.5000 (5–95 %: 1.00000 to 100.000) |',
  '| LP returnVsHodl | 0.000 % (5–95 %: -1.000 % to 1.000 %) |',
  '',
].join('\n')

describe('tune.md', () => {
  it('writes the settings, headline, folds, benchmarks, final choice, bootstrap and charts', () => {
    const charts = [
      { file: 'a.png', title: 'First chart' },
      { file: 'b.png', title: 'Second chart' },
    ]
    expect(formatTuneMarkdown(result, '1.2.3', charts)).toBe(resultMarkdown)
  })

  it('writes figures in numeraire units with 6 digits, a budget, no charts section without charts', () => {
    expect(formatTuneMarkdown(plain, '0.9.0', [])).toBe(plainMarkdown)
  })

  it('ends at the final choice without a bootstrap and without charts', () => {
    const md = formatTuneMarkdown(
      { ...plain, final: { values: [0.002], bootstrap: null } },
      '0.9.0',
      [],
    )
    expect(md.endsWith('the most recent training window): `pool.swapFee` = 0.002.\n')).toBe(true)
    expect(md).not.toContain('bootstrap')
  })

  it('shows a benchmark figure a fold does not have as missing', () => {
    const fold = { ...result.folds[0]!, benchmarkReturnVsHodl: { hodl: 0.01 } }
    const md = formatTuneMarkdown({ ...result, folds: [fold] }, '1.2.3', [])
    expect(md).toContain('\n| 0 | -0.456 % | 1.000 % | – |\n| mean | -0.456 % | 1.000 % | – |\n')
  })

  it('writes the method alone when it has neither budget nor points per range', () => {
    const md = formatTuneMarkdown({ ...plain, budget: null, steps: null }, '0.9.0', [])
    expect(md).toContain('\n- method: random\n')
  })

  it('shows in percent exactly the fraction objectives, by the name after the last dot', () => {
    const fractions = [
      'returnVsHodl',
      'impermanentLoss',
      'impermanentLossClosedForm',
      'trackingError',
      'mean',
      'max',
      'maxDrawdown',
      'annualisedReturn',
      'annualisedVolatility',
      'benchmarks.constant-mix.maxDrawdown',
      'risk.annualisedVolatility',
    ]
    const others = ['lvr', 'feeIncome', 'sharpeRatio', 'benchmarks.hodl.lvr', 'maxDrawdown.lvr']
    const line = (name: string) =>
      formatTuneMarkdown({ ...plain, objective: { name, direction: 'maximize' } }, '0.9.0', [])
        .split('\n')
        .find((l) => l.startsWith('- objective'))
    for (const name of fractions)
      expect(line(name)).toBe(`- objective: \`${name}\`, maximized (a fraction, shown in %)`)
    for (const name of others) expect(line(name)).toBe(`- objective: \`${name}\`, maximized`)
  })
})

describe('tune.json', () => {
  it('holds every field in the documented order, parameters by field name', () => {
    const expected = {
      format: 'amm-sim-tune/1',
      version: '1.2.3',
      scenario: 'tune|eth',
      seed: 7,
      method: 'grid',
      objective: { name: 'returnVsHodl', direction: 'maximize' },
      params: [
        {
          field: 'pool.swapFee',
          kind: 'range',
          low: 0.001,
          high: 0.01,
          isLog: true,
          isInteger: false,
        },
        {
          field: 'pool.rebalance.everySteps',
          kind: 'range',
          low: 1,
          high: 10,
          isLog: false,
          isInteger: true,
        },
        { field: 'pool.weights[0]', kind: 'list', values: [0.2, 0.5, 0.8], isInteger: false },
      ],
      train: 7_776_000,
      test: 2_592_000,
      budget: null,
      steps: 5,
      benchmarks: ['hodl', 'mix|50'],
      headline: { outOfSample: -0.00456, inSample: 0.01615, gap: 0.02071 },
      final: {
        params: { 'pool.swapFee': 0.005, 'pool.rebalance.everySteps': 10, 'pool.weights[0]': 0.8 },
        bootstrap: {
          paths: 200,
          blockLength: 5,
          horizon: 2_592_000,
          objective: stats(0.01, -0.02, 0.04),
          returnVsHodl: stats(0.011, null, 0.05),
          benchmarkReturnVsHodl: { hodl: stats(0.002, -0.003, 0.006), 'mix|50': stats(null, 0, 0) },
          failed: 3,
        },
      },
      weights: {
        token: 'ETH',
        times: [APR1, APR1 + DAY, APR1 + 2 * DAY],
        pool: [0.5, 0.52, 0.55],
        hodl: [0.5, 0.51, 0.53],
        constantMix: [0.5, 0.5, 0.5],
        threshold: [0.5, 0.5, 0.54],
      },
      folds: [
        {
          fold: 0,
          train: { start: JAN1, end: MAR31, points: 90 },
          test: { start: APR1, end: APR30, points: 30 },
          chosen: { 'pool.swapFee': 0.002, 'pool.rebalance.everySteps': 3, 'pool.weights[0]': 0.5 },
          inSample: 0.0123,
          outOfSample: -0.00456,
          gap: 0.01686,
          evaluations: 2,
          returnVsHodl: -0.00456,
          benchmarkReturnVsHodl: { hodl: 0.01, 'mix|50': null },
        },
        {
          fold: 1,
          train: { start: JAN31, end: APR30, points: 90 },
          test: { start: MAY1, end: MAY30, points: 30 },
          chosen: {
            'pool.swapFee': 0.005,
            'pool.rebalance.everySteps': 10,
            'pool.weights[0]': 0.8,
          },
          inSample: 0.02,
          outOfSample: null,
          gap: null,
          evaluations: 2,
          returnVsHodl: null,
          benchmarkReturnVsHodl: { hodl: 0.03, 'mix|50': null },
        },
      ],
      evaluations: [
        {
          fold: 0,
          phase: 'train',
          start: JAN1,
          end: MAR31,
          params: { 'pool.swapFee': 0.002, 'pool.rebalance.everySteps': 3, 'pool.weights[0]': 0.5 },
          objective: 0.0123,
          error: null,
        },
        {
          fold: 0,
          phase: 'train',
          start: JAN1,
          end: MAR31,
          params: { 'pool.swapFee': 0.008, 'pool.rebalance.everySteps': 1, 'pool.weights[0]': 0.2 },
          objective: null,
          error: 'NON_FINITE: lpValue',
        },
        {
          fold: 1,
          phase: 'train',
          start: JAN1,
          end: MAR31,
          params: {
            'pool.swapFee': 0.005,
            'pool.rebalance.everySteps': 10,
            'pool.weights[0]': 0.8,
          },
          objective: 0.02,
          error: null,
        },
        {
          fold: 1,
          phase: 'train',
          start: JAN1,
          end: MAR31,
          params: { 'pool.swapFee': 0.001, 'pool.rebalance.everySteps': 5, 'pool.weights[0]': 0.5 },
          objective: 0.015,
          error: null,
        },
        {
          fold: 0,
          phase: 'test',
          start: APR1,
          end: APR30,
          params: { 'pool.swapFee': 0.002, 'pool.rebalance.everySteps': 3, 'pool.weights[0]': 0.5 },
          objective: -0.00456,
          error: null,
        },
        {
          fold: 1,
          phase: 'test',
          start: MAY1,
          end: MAY30,
          params: {
            'pool.swapFee': 0.005,
            'pool.rebalance.everySteps': 10,
            'pool.weights[0]': 0.8,
          },
          objective: null,
          error: 'NON_FINITE: x',
        },
      ],
    }
    expect(TUNE_JSON_FORMAT).toBe('amm-sim-tune/1')
    // the text itself: two-space indentation, keys in this order, a final newline
    expect(formatTuneJson(result, '1.2.3')).toBe(`${JSON.stringify(expected, null, 2)}\n`)
  })
})

const axis = (text: string) => ({ display: true, text, font: { size: 14 } })
const options = (title: string, x: string, y: string, xType = 'linear') => ({
  animation: false,
  responsive: false,
  devicePixelRatio: 1,
  layout: { padding: 12 },
  plugins: { title: { display: true, text: title, font: { size: 18 } } },
  scales: { x: { type: xType, title: axis(x) }, y: { type: 'linear', title: axis(y) } },
})
const foldPoints = (fold: number, data: { x: number; y: number }[]) => ({
  label: `fold ${fold}`,
  data,
  borderColor: PALETTE[fold],
  backgroundColor: PALETTE[fold],
  showLine: false,
  pointRadius: 3,
})

describe('tune charts', () => {
  it('plots each parameter against the training objective, one colour per fold, in percent', () => {
    const specs = tuneChartSpecs(result)
    expect(specs.map((s) => s.file)).toEqual([
      'objective-vs-param-0.png',
      'objective-vs-param-1.png',
      'objective-vs-param-2.png',
      'in-vs-out-of-sample.png',
      'weights.png',
    ])
    // training runs with an objective only: fold 0 has one (the other failed), fold 1 two
    expect(specs[0]).toEqual({
      file: 'objective-vs-param-0.png',
      title: 'Training objective against pool.swapFee',
      config: {
        type: 'line',
        data: {
          datasets: [
            foldPoints(0, [{ x: 0.002, y: 0.0123 * 100 }]),
            foldPoints(1, [
              { x: 0.005, y: 0.02 * 100 },
              { x: 0.001, y: 0.015 * 100 },
            ]),
          ],
        },
        options: options(
          'returnVsHodl on the training windows against pool.swapFee',
          'pool.swapFee',
          'returnVsHodl (%)',
          'logarithmic',
        ),
      },
    })
    expect(specs[1]!.title).toBe('Training objective against pool.rebalance.everySteps')
    expect(specs[1]!.config.options!.scales!.x!.type).toBe('linear')
    expect(specs[1]!.config.data.datasets.map((d) => d.data)).toEqual([
      [{ x: 3, y: 0.0123 * 100 }],
      [
        { x: 10, y: 0.02 * 100 },
        { x: 5, y: 0.015 * 100 },
      ],
    ])
    expect(specs[2]!.config.data.datasets[1]!.data).toEqual([
      { x: 0.8, y: 0.02 * 100 },
      { x: 0.5, y: 0.015 * 100 },
    ])
  })

  it('plots in-sample and out-of-sample per fold, leaving out missing figures', () => {
    expect(tuneChartSpecs(result)[3]).toEqual({
      file: 'in-vs-out-of-sample.png',
      title: 'In-sample and out-of-sample objective per fold',
      config: {
        type: 'line',
        data: {
          datasets: [
            {
              label: 'in sample (training window)',
              data: [
                { x: 0, y: 0.0123 * 100 },
                { x: 1, y: 0.02 * 100 },
              ],
              borderColor: PALETTE[0],
              backgroundColor: PALETTE[0],
              borderWidth: 2,
            },
            {
              label: 'out of sample (next window)',
              data: [{ x: 0, y: -0.00456 * 100 }],
              borderColor: PALETTE[1],
              backgroundColor: PALETTE[1],
              borderWidth: 2,
            },
          ],
        },
        options: options('returnVsHodl: in sample vs out of sample', 'fold', 'returnVsHodl (%)'),
      },
    })
  })

  it('plots the first token weight in percent against days since the first test point', () => {
    const weightLine = (label: string, ys: number[], c: number, dash: number[]) => ({
      label,
      data: ys.map((y, day) => ({ x: day, y: y * 100 })),
      borderColor: PALETTE[c],
      backgroundColor: PALETTE[c],
      borderWidth: 2,
      borderDash: dash,
      pointRadius: 0,
    })
    expect(tuneChartSpecs(result)[4]).toEqual({
      file: 'weights.png',
      title:
        'Weight of ETH out of sample: the chosen rule against HODL, constant-mix and the threshold vault',
      config: {
        type: 'line',
        data: {
          datasets: [
            weightLine("pool (each fold's choice)", [0.5, 0.52, 0.55], 0, []),
            weightLine('HODL', [0.5, 0.51, 0.53], 1, []),
            weightLine('constant-mix', [0.5, 0.5, 0.5], 2, [8, 4]),
            weightLine('threshold vault', [0.5, 0.5, 0.54], 3, [4, 4]),
          ],
        },
        options: options(
          'Weight of ETH over the test windows',
          'Days since 2021-04-01',
          'Weight of ETH (%)',
        ),
      },
    })
  })

  it('keeps figures in their unit, and draws no weights without times, no threshold without one', () => {
    const specs = tuneChartSpecs(plain)
    expect(specs.map((s) => s.file)).toEqual([
      'objective-vs-param-0.png',
      'in-vs-out-of-sample.png',
    ])
    expect(specs[0]!.config.data.datasets.map((d) => d.data)).toEqual([[{ x: 0.002, y: 12.5 }]])
    expect(specs[0]!.config.options!.scales!.y!.title).toEqual(axis('lvr'))
    expect(specs[1]!.config.data.datasets.map((d) => d.data)).toEqual([
      [{ x: 0, y: 12.5 }],
      [{ x: 0, y: 1234.5678 }],
    ])
    const noThreshold = tuneChartSpecs({
      ...plain,
      weights: { ...result.weights, threshold: null },
    })
    expect(noThreshold[2]!.config.data.datasets.map((d) => d.label)).toEqual([
      "pool (each fold's choice)",
      'HODL',
      'constant-mix',
    ])
  })

  it('wraps the fold colours around the palette', () => {
    const many: TuneResult = {
      ...plain,
      folds: Array.from({ length: PALETTE.length + 1 }, (_, k) => ({
        ...plain.folds[0]!,
        fold: k,
      })),
    }
    const colours = tuneChartSpecs(many)[0]!.config.data.datasets.map(
      (d) => (d as { borderColor?: unknown }).borderColor,
    )
    expect(colours).toEqual([...PALETTE, PALETTE[0]])
  })
})

describe('writeTuneReport', () => {
  it('names the folder <out>/<scenario>-tune', () => {
    expect(tuneReportDir('out', 'momentum')).toBe(path.join('out', 'momentum-tune'))
  })

  it('writes tune.json and tune.md without charts', async () => {
    const dir = path.join(tempDir('amm-tune-report-'), 'plain-tune')
    const written = await writeTuneReport(plain, { dir, version: '0.9.0', hasCharts: false })
    expect(written).toEqual(['tune.json', 'tune.md'])
    expect(readdirSync(dir).sort()).toEqual(['tune.json', 'tune.md'])
    expect(readFileSync(path.join(dir, 'tune.md'), 'utf8')).toBe(plainMarkdown)
    const json = JSON.parse(readFileSync(path.join(dir, 'tune.json'), 'utf8')) as {
      format: string
      version: string
      scenario: string
    }
    expect([json.format, json.version, json.scenario]).toEqual(['amm-sim-tune/1', '0.9.0', 'plain'])
  })

  it('needs no renderer without charts', async () => {
    renderer.isMissing = true
    const dir = path.join(tempDir('amm-tune-report-'), 'plain-tune')
    expect(await writeTuneReport(plain, { dir, version: '0.9.0', hasCharts: false })).toEqual([
      'tune.json',
      'tune.md',
    ])
    await expect(writeTuneReport(plain, { dir, version: '0.9.0' })).rejects.toMatchObject({
      code: 'RENDERER_MISSING',
    })
  })

  it('renders the charts by default and shows them in tune.md', async () => {
    const dir = path.join(tempDir('amm-tune-report-'), 'plain-tune')
    const written = await writeTuneReport(plain, { dir, version: '0.9.0' })
    const charts = ['charts/objective-vs-param-0.png', 'charts/in-vs-out-of-sample.png']
    expect(written).toEqual(['tune.json', 'tune.md', ...charts])
    expect(readFileSync(path.join(dir, charts[0]!), 'utf8')).toBe(
      'png: lvr on the training windows against pool.swapFee',
    )
    expect(readFileSync(path.join(dir, charts[1]!), 'utf8')).toBe(
      'png: lvr: in sample vs out of sample',
    )
    expect(readFileSync(path.join(dir, 'tune.md'), 'utf8')).toBe(
      `${plainMarkdown}\n## Charts\n\n` +
        '![Training objective against pool.swapFee](charts/objective-vs-param-0.png)\n\n' +
        '![In-sample and out-of-sample objective per fold](charts/in-vs-out-of-sample.png)\n',
    )
  })

  it('writes nothing when the signal has aborted', async () => {
    const dir = path.join(tempDir('amm-tune-report-'), 'plain-tune')
    const controller = new AbortController()
    controller.abort()
    await expect(
      writeTuneReport(plain, {
        dir,
        version: '0.9.0',
        hasCharts: false,
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'INTERRUPTED' })
    expect(readdirSync(path.dirname(dir))).toEqual([])
  })
})
