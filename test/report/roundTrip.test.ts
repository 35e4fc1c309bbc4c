/**
 * The report read back: real runs (library `runScenario` + `writeReport`), then `summary.md`'s
 * tables and `timeseries.csv` parsed and compared, cell by cell and column by column, with
 * `summary.json` and with figures recomputed from the series. Scenarios are small and chosen to
 * print negative, tiny (about 1e-12) and huge (about 1e12) values.
 *
 * The formatting rules checked here are the documented ones (docs/testing-report.md):
 * - numeraire amounts: `1,234.56 USDC` (2 decimals, thousands separators) from 1 on; below 1 up
 *   to 6 significant digits (`0.5`, `1e-12`);
 * - percentages: sign kept, 3 significant digits and at least 2 decimals (`-12.35 %`,
 *   `-0.0912 %`), exponent form below 1e-6 % (`-1.25e-10 %`); annualised ones add `a year`;
 * - counts: integers with thousands separators.
 * Each printed number is parsed back and must equal the JSON value to within half a unit of its
 * last printed digit, with exactly the digits the rule asks for.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse as parseCsv } from 'csv-parse/sync'
import { beforeAll, describe, expect, it } from 'vitest'
import { writeReport } from '../../src/report/report.js'
import { runScenario } from '../../src/sim/scenario/run.js'
import { validateScenario } from '../../src/sim/scenario/validate.js'
import { tempDir } from '../tempDir.js'

const YEAR = 31_536_000 // seconds in the 365-day year of every annualised figure

type Unit = 'value' | 'percent' | 'percentYear' | 'count'
/** The metrics table as the README lists it: label, summary.json key, unit. Written out here. */
const METRIC_TABLE: readonly [label: string, key: string, unit: Unit][] = [
  ['LP value', 'lpValue', 'value'],
  ['HODL value', 'hodlValue', 'value'],
  ['Return vs HODL', 'returnVsHodl', 'percent'],
  ['Impermanent loss', 'impermanentLoss', 'percent'],
  ['IL, closed form', 'impermanentLossClosedForm', 'percent'],
  ['Fee income', 'feeIncome', 'value'],
  ['LVR', 'lvr', 'value'],
  ['Arbitrage profit', 'arbProfit', 'value'],
  ['Volume', 'volume', 'value'],
  ['Trades', 'trades', 'count'],
  ['Tracking error', 'trackingError', 'percentYear'],
  ['Weight deviation, mean', 'weightDeviation.mean', 'percent'],
  ['Weight deviation, max', 'weightDeviation.max', 'percent'],
  ['Max drawdown', 'maxDrawdown', 'percent'],
  ['Annualised log return', 'annualisedReturn', 'percentYear'],
  ['Annualised volatility', 'annualisedVolatility', 'percentYear'],
]

/** The rows of the Markdown table under `## heading`, each split into trimmed cells. */
function markdownTable(text: string, heading: string): string[][] {
  const lines = text.split('\n')
  const start = lines.indexOf(`## ${heading}`)
  expect(start, `no "## ${heading}" section`).toBeGreaterThanOrEqual(0)
  const rows: string[][] = []
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('|')) rows.push(splitRow(line))
    else if (rows.length > 0) break // the first line after the table ends it
  }
  // row 0 is the header, row 1 the alignment row
  expect(rows[1]!.every((cell) => /^-+:?$/.test(cell))).toBe(true)
  return [rows[0]!, ...rows.slice(2)]
}

/** `| a | b\|c |` → ['a', 'b\|c']: split on pipes not escaped by a backslash. */
function splitRow(line: string): string[] {
  const cells = line.split(/(?<!\\)\|/).map((cell) => cell.trim())
  return cells.slice(1, -1) // outside the first and last pipe there is nothing
}

/** Significant digits of a decimal numeral (no sign, no exponent). */
function significantDigits(numeral: string): number {
  return numeral.replace(/^[-0.]+/, '').replace('.', '').length
}

/** Half a unit of the last digit printed in `numeral` (`12.35` → 0.005, `1.25e-10` → 5e-13). */
function halfLastDigit(numeral: string): number {
  const [mantissa, exponent] = numeral.split('e')
  const decimals = mantissa!.split('.')[1]?.length ?? 0
  return 0.5 * 10 ** (Number(exponent ?? 0) - decimals)
}

/** Parses a printed amount and checks its digits against the rule and the value. */
function expectMoney(text: string, value: number): void {
  const context = `"${text}" for ${value}`
  const numeral = text.replaceAll(',', '')
  if (Math.abs(value) >= 1) {
    expect(text, context).toMatch(/^-?\d{1,3}(,\d{3})*\.\d\d$/)
  } else if (value !== 0) {
    expect(numeral, context).toMatch(/^-?(0\.\d+|\d(\.\d+)?e-\d+)$/)
    expect(significantDigits(numeral.split('e')[0]!), context).toBeLessThanOrEqual(6)
    // 6 significant digits unless the value is shorter: the rounding error is below half of
    // the 6th digit's unit
    const sixth = 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(value))) - 5)
    expect(Math.abs(Number(numeral) - value), context).toBeLessThanOrEqual(sixth * (1 + 1e-9))
  }
  expect(Math.sign(Number(numeral)), context).toBe(Math.sign(value))
  // the printed value rounds the stored one: within half a unit of the last digit (1e-15
  // relative on top for the float64 representation of that half)
  const slack = halfLastDigit(numeral) + 1e-15 * Math.abs(value)
  expect(Math.abs(Number(numeral) - value), context).toBeLessThanOrEqual(slack)
}

/** Parses a printed percentage (`-0.0912 %`) and checks it against the fraction `value`. */
function expectPercent(text: string, value: number): void {
  const context = `"${text}" for ${value}`
  expect(text, context).toMatch(/ %$/)
  const numeral = text.slice(0, -2)
  const p = value * 100
  if (Math.abs(p) >= 1 || p === 0) expect(numeral, context).toMatch(/^-?\d+\.\d\d$/)
  else if (Math.abs(p) >= 1e-6) {
    expect(numeral, context).toMatch(/^-?0\.\d+$/)
    expect(significantDigits(numeral), context).toBe(3) // trailing zeros kept
  } else expect(numeral, context).toMatch(/^-?\d\.\d\de-\d+$/)
  expect(Math.sign(Number(numeral)), context).toBe(Math.sign(p))
  const slack = halfLastDigit(numeral) + 1e-15 * Math.abs(p)
  expect(Math.abs(Number(numeral) - p), context).toBeLessThanOrEqual(slack)
}

/** A metrics cell with its unit, against the JSON value. */
function expectMetricCell(cell: string, value: unknown, unit: Unit, numeraire: string): void {
  if (value === null) {
    expect(cell).toBe('n/a')
    return
  }
  expect(typeof value).toBe('number')
  const v = value as number
  if (unit === 'value') {
    expect(cell.endsWith(` ${numeraire}`), cell).toBe(true)
    expectMoney(cell.slice(0, -numeraire.length - 1), v)
  } else if (unit === 'percent') {
    expect(cell).not.toMatch(/a year/)
    expectPercent(cell, v)
  } else if (unit === 'percentYear') {
    expect(cell.endsWith(' a year'), cell).toBe(true)
    expectPercent(cell.slice(0, -' a year'.length), v)
  } else {
    expect(Number.isInteger(v)).toBe(true)
    expect(cell).toMatch(/^\d{1,3}(,\d{3})*$/)
    expect(Number(cell.replaceAll(',', ''))).toBe(v)
  }
}

interface Report {
  md: string
  json: {
    metrics: Record<string, unknown>
    benchmarks: Record<string, Record<string, number | null>>
  }
  csv: { header: string[]; rows: number[][] }
  steps: number
  startTime: number
  endTime: number
  initialValue: number
  weights: number[]
}

/** Runs a scenario object through the library and reads its report folder back. */
async function runAndRead(raw: Record<string, unknown>): Promise<Report> {
  const dir = tempDir('amm-roundtrip-')
  const scenario = validateScenario(raw, 'x.json')
  const outcome = await runScenario({ scenario, file: 'x.json', baseDir: dir })
  const out = path.join(dir, 'out')
  await writeReport(outcome, { dir: out, version: '0.0.0-test', hasCharts: false })
  const read = (file: string) => readFileSync(path.join(out, file), 'utf8')
  const records: string[][] = parseCsv(read('timeseries.csv'), { relaxQuotes: false })
  return {
    md: read('summary.md'),
    json: JSON.parse(read('summary.json')) as Report['json'],
    csv: {
      header: records[0]!,
      rows: records.slice(1).map((row) => row.map((cell) => (cell === '' ? NaN : Number(cell)))),
    },
    steps: outcome.result.steps,
    startTime: outcome.result.startTime,
    endTime: outcome.result.endTime,
    initialValue: scenario.pool.initialValue,
    weights: scenario.pool.weights,
  }
}

/** A metric by dotted key (`weightDeviation.max`) from summary.json's metrics. */
function metric(report: Report, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, k) => (node as Record<string, unknown>)[k], report.json.metrics)
}

/** Sample standard deviation times sqrt(steps per year), as the README defines it. */
function annualisedStd(xs: number[], stepsPerYear: number): number {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length
  const m2 = xs.reduce((a, x) => a + (x - mean) ** 2, 0)
  return Math.sqrt((m2 / (xs.length - 1)) * stepsPerYear)
}

const base = {
  pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0.003 },
  seed: 11,
  seriesPoints: 1000, // above the step count: every step is in timeseries.csv
}

const cases: [title: string, scenario: Record<string, unknown>][] = [
  [
    'a volatile 2-token run with noise, every benchmark, negative returns',
    {
      ...base,
      name: 'volatile',
      prices: {
        numeraire: 'USDC',
        model: 'gbm',
        start: { ETH: 2000 },
        volatility: { ETH: 1.2 },
        drift: { ETH: -2 },
        dt: '1h',
        horizon: '20d',
      },
      agents: [
        { type: 'arbitrageur', gasCost: 5, externalFee: 0.0005 },
        { type: 'noise', tradesPerDay: 30, medianSize: 2000 },
      ],
      benchmarks: [
        { type: 'hodl' },
        { type: 'constant-mix' },
        { type: 'threshold', band: 0.02, costBps: 30 },
        { type: 'periodic', everySteps: 24, costBps: 50, name: 'daily|x' },
      ],
    },
  ],
  [
    'a pool worth 1e-12 on a nearly flat ramp: tiny values and exponent forms',
    {
      ...base,
      name: 'tiny',
      pool: { ...base.pool, swapFee: 0, initialValue: 1e-12 },
      prices: {
        numeraire: 'USDC',
        model: 'ramp',
        start: { ETH: 2000 },
        end: { ETH: 2000.0004 },
        dt: '1h',
        horizon: '2d',
      },
      benchmarks: [{ type: 'hodl' }, { type: 'constant-mix' }],
    },
  ],
  [
    'a pool worth 1e12, 3 tokens with a weight schedule (no closed-form IL)',
    {
      ...base,
      name: 'huge',
      pool: {
        tokens: ['WBTC', 'ETH', 'USDC'],
        weights: [0.3, 0.3, 0.4],
        swapFee: 0.01,
        initialValue: 1e12,
        schedule: { type: 'linear', endWeights: [0.2, 0.5, 0.3], startTime: '1d', endTime: '5d' },
      },
      prices: {
        numeraire: 'USDC',
        model: 'gbm',
        start: { WBTC: 60000, ETH: 3000 },
        volatility: { WBTC: 0.6, ETH: 0.9 },
        drift: { WBTC: 3, ETH: -3 },
        dt: '6h',
        horizon: '30d',
      },
      agents: [{ type: 'arbitrageur', everySteps: 2 }],
      benchmarks: [
        { type: 'constant-mix' },
        { type: 'threshold', band: 0.05, costBps: 10 },
        { type: 'hodl' },
      ],
    },
  ],
]

describe.each(cases)('summary.md and timeseries.csv read back: %s', (_title, raw) => {
  let report: Report
  beforeAll(async () => {
    report = await runAndRead(raw)
  })

  it('has every metric row, in order, showing its own metric with its unit and rounding', () => {
    const table = markdownTable(report.md, 'Metrics')
    expect(table[0]).toEqual(['Metric', 'Value', 'Meaning'])
    expect(table.slice(1).map((row) => row[0])).toEqual(METRIC_TABLE.map(([label]) => label))
    for (const [i, [label, key, unit]] of METRIC_TABLE.entries()) {
      const cell = table[i + 1]![1]!
      expect(cell, label).not.toBe('') // the row's own value follows
      expectMetricCell(cell, metric(report, key), unit, 'USDC')
    }
  })

  it('has one benchmark column per benchmark, each row showing its own figure', () => {
    const table = markdownTable(report.md, 'Benchmarks')
    const names = Object.keys(report.json.benchmarks)
    // the header names the benchmarks in summary.json's order (a pipe in a name is escaped)
    expect(table[0]).toEqual(['', 'LP', ...names.map((n) => n.replaceAll('|', '\\|'))])
    expect(table.slice(1).map((row) => row[0])).toEqual([
      'Final value (USDC)',
      'Return vs HODL',
      'Trading cost (USDC)',
      'LP tracking error vs it (a year)',
    ])
    const [, valueRow, returnRow, costRow, trackingRow] = table
    const m = report.json.metrics
    expectMoney(valueRow![1]!, m.lpValue as number)
    expectPercent(returnRow![1]!, m.returnVsHodl as number)
    expect(costRow![1]).toBe('-')
    expect(trackingRow![1]).toBe('')
    names.forEach((name, i) => {
      const b = report.json.benchmarks[name]!
      expectMoney(valueRow![i + 2]!, b.value!)
      expectPercent(returnRow![i + 2]!, b.returnVsHodl!)
      expectMoney(costRow![i + 2]!, b.tradingCost!)
      expectPercent(trackingRow![i + 2]!, b.trackingError!)
    })
  })

  it('prints the return decomposition, each row its own term of summary.json', () => {
    const table = markdownTable(report.md, 'Return decomposition')
    const d = report.json.metrics.returnDecomposition as Record<string, number>
    const keys = ['lpReturn', 'hodlReturn', 'divergenceLoss', 'weightRule', 'fees']
    expect(table.map((row) => row[0])).toEqual([
      'Term',
      'LP return',
      'HODL return',
      'Divergence loss',
      'Weight rule',
      'Fees and flow',
    ])
    keys.forEach((key, i) => {
      expectPercent(table[i + 1]![1]!, d[key]!)
    })
    // the identity, and its first two terms from the series' last row
    const sum = d.hodlReturn! + d.divergenceLoss! + d.weightRule! + d.fees!
    expect(Math.abs(d.lpReturn! - sum)).toBeLessThan(1e-12 * (1 + Math.abs(d.hodlReturn!)))
    const { header, rows } = report.csv
    const last = rows.at(-1)!
    const v0 = report.initialValue
    expect(d.lpReturn).toBe(last[header.indexOf('lpValue')]! / v0 - 1)
    expect(d.hodlReturn).toBe(last[header.indexOf('hodlValue')]! / v0 - 1)
  })

  it('prints the risk table, a column per benchmark, each cell its own figure', () => {
    const table = markdownTable(report.md, 'Risk')
    const names = Object.keys(report.json.benchmarks)
    const risk = report.json.metrics.risk as Record<string, number | null>
    const unit = risk.period === 86_400 ? 'day' : 'hour'
    expect(table[0]).toEqual(['', 'LP', ...names.map((n) => n.replaceAll('|', '\\|'))])
    const rows: [label: string, key: string, isRatio: boolean][] = [
      ['Sharpe ratio', 'sharpeRatio', true],
      ['Sortino ratio', 'sortinoRatio', true],
      ['Calmar ratio', 'calmarRatio', true],
      [`95 % Value-at-Risk (a ${unit})`, 'valueAtRisk', false],
      [`95 % expected shortfall (a ${unit})`, 'expectedShortfall', false],
      ['Annualised return (geometric)', 'annualisedReturn', false],
      ['Max drawdown (period values)', 'maxDrawdown', false],
    ]
    expect(table.slice(1).map((row) => row[0])).toEqual([
      ...rows.map(([label]) => label),
      'LP information ratio vs it',
    ])
    /** A ratio printed with 2 decimals, or n/a for null. */
    const expectRatio = (cell: string, value: number | null) => {
      if (value === null) {
        expect(cell).toBe('n/a')
        return
      }
      expect(cell).toMatch(/^-?\d+\.\d\d$/)
      expect(Math.abs(Number(cell) - value)).toBeLessThanOrEqual(0.005 + 1e-12 * Math.abs(value))
    }
    const figures = [
      risk,
      ...names.map((n) => report.json.benchmarks[n]!.risk as unknown),
    ] as Record<string, number | null>[]
    rows.forEach(([label, key, isRatio], i) => {
      figures.forEach((f, j) => {
        const cell = table[i + 1]![j + 1]!
        if (isRatio) expectRatio(cell, f[key]!)
        else if (f[key] === null) expect(cell, label).toBe('n/a')
        else expectPercent(cell, f[key]!)
      })
    })
    const irRow = table.at(-1)!
    expect(irRow[1]).toBe('')
    names.forEach((n, j) => {
      expectRatio(irRow[j + 2]!, report.json.benchmarks[n]!.informationRatio as number | null)
    })
    // The LP's Sharpe ratio from timeseries.csv: the value at the first row at or after each
    // period boundary, simple returns, sample std (N - 1), times sqrt(periods a year).
    const { header, rows: csv } = report.csv
    const time = csv.map((row) => row[0]!)
    const lp = csv.map((row) => row[header.indexOf('lpValue')]!)
    const period = risk.period!
    const values = [lp[0]!]
    for (let t = 1, k = 1; t < lp.length; t++)
      if (time[t]! - time[0]! >= k * period) {
        values.push(lp[t]!)
        k++
      }
    expect(values.length - 1).toBe(risk.periods)
    const r = values.slice(1).map((v, k) => v / values[k]! - 1)
    const mean = r.reduce((a, b) => a + b, 0) / r.length
    const sd = Math.sqrt(r.reduce((a, x) => a + (x - mean) ** 2, 0) / (r.length - 1))
    if (risk.sharpeRatio !== null) {
      const want = (mean / sd) * Math.sqrt(YEAR / period)
      // The engine replays period values through a chunk's growth factors (about 1e-13
      // relative, so 2e-13 on each return); the ratio moves by sqrt(P) (1 + |mean| / sd) / sd
      // per unit of that, which is large on the flat ramp (sd ~ 1e-15).
      const sensitivity = (Math.sqrt(YEAR / period) * (1 + Math.abs(mean) / sd)) / sd
      expect(Math.abs(risk.sharpeRatio! - want)).toBeLessThanOrEqual(
        1e-9 * Math.abs(want) + 2e-13 * sensitivity,
      )
    }
  })

  it('writes every step to timeseries.csv with the documented columns', () => {
    const { header, rows } = report.csv
    const tokens = (raw.pool as { tokens: string[] }).tokens
    const names = Object.keys(report.json.benchmarks)
    expect(header).toEqual([
      'time',
      'lpValue',
      'hodlValue',
      'constantMixValue',
      'feeIncome',
      'lvr',
      'arbProfit',
      'weightDeviation',
      ...['weight', 'balance', 'price'].flatMap((kind) => tokens.map((t) => `${kind}.${t}`)),
      ...names.map((n) => `benchmark.${n}`),
    ])
    expect(rows).toHaveLength(report.steps)
    expect(rows[0]![0]).toBe(report.startTime)
    expect(rows.at(-1)![0]).toBe(report.endTime)
    for (const row of rows) expect(row.every(Number.isFinite)).toBe(true)
  })

  it("agrees with summary.json: the last row's values and every figure recomputed from the columns", () => {
    const { header, rows } = report.csv
    const col = (name: string) => {
      const k = header.indexOf(name)
      expect(k, name).toBeGreaterThanOrEqual(0)
      return rows.map((row) => row[k]!)
    }
    const m = report.json.metrics
    const tokens = (raw.pool as { tokens: string[] }).tokens
    const lp = col('lpValue')
    const hodl = col('hodlValue')
    const mix = col('constantMixValue')
    const T = rows.length - 1
    // figures the engine copies from its state: equal to the last bit
    expect(lp[T]).toBe(m.lpValue)
    expect(hodl[T]).toBe(m.hodlValue)
    expect(col('feeIncome')[T]).toBe(m.feeIncome)
    expect(col('lvr')[T]).toBe(m.lvr)
    expect(col('arbProfit')[T]).toBe(m.arbProfit)
    for (const [name, b] of Object.entries(report.json.benchmarks))
      expect(col(`benchmark.${name}`)[T], name).toBe(b.value)

    // Recomputed by other routes (sums in another order, logs of ratios instead of the engine's
    // series): float64 rounding over at most a few hundred terms stays far below 1e-9 relative.
    const close = (got: unknown, want: number, label: string) => {
      expect(Math.abs((got as number) - want), label).toBeLessThanOrEqual(
        1e-9 * Math.max(Math.abs(want), 1e-300) + 1e-300,
      )
    }
    const balances = tokens.map((t) => col(`balance.${t}`))
    const prices = tokens.map((t) => col(`price.${t}`))
    const weights = tokens.map((t) => col(`weight.${t}`))
    for (let t = 0; t <= T; t++) {
      const holdings = tokens.map((_, k) => balances[k]![t]! * prices[k]![t]!)
      const value = holdings.reduce((a, b) => a + b, 0)
      close(lp[t], value, `lpValue = sum B p at row ${t}`)
      close(
        hodl[t],
        tokens.reduce((a, _, k) => a + balances[k]![0]! * prices[k]![t]!, 0),
        `hodlValue = sum B(0) p at row ${t}`,
      )
      const deviation =
        holdings.reduce((a, h, k) => a + Math.abs(h / value - weights[k]![t]!), 0) / 2
      // an absolute bound: the deviation is a difference of fractions near 1/n
      expect(Math.abs(col('weightDeviation')[t]! - deviation)).toBeLessThan(1e-12)
    }
    close(lp[0], report.initialValue, 'lpValue at the start = initialValue')
    expect(weights.map((w) => w[0])).toEqual(report.weights)
    expect(Math.abs((m.returnVsHodl as number) - (lp[T]! / hodl[T]! - 1))).toBeLessThan(1e-12)

    const deviations = col('weightDeviation').slice(1)
    const wd = m.weightDeviation as { mean: number; max: number }
    expect(wd.max).toBe(Math.max(...deviations))
    expect(Math.abs(wd.mean - deviations.reduce((a, b) => a + b, 0) / T)).toBeLessThan(1e-15)

    let peak = lp[0]!
    let drawdown = 0
    for (const v of lp) {
      peak = Math.max(peak, v)
      drawdown = Math.max(drawdown, 1 - v / peak)
    }
    expect(Math.abs((m.maxDrawdown as number) - drawdown)).toBeLessThan(1e-12)

    const years = (report.endTime - report.startTime) / YEAR
    const perYear = T / years
    close(m.annualisedReturn, Math.log(lp[T]! / report.initialValue) / years, 'annualisedReturn')
    const logs = (xs: number[]) => xs.slice(1).map((x, t) => Math.log(x / xs[t]!))
    const lpLogs = logs(lp)
    // Standard deviations: the engine's shifted sums and this two-pass sum differ by the
    // rounding of each log (~1e-16 per step, times sqrt(steps per year) < 1e2) when the spread
    // is tiny (a ramp), and by cancellation in differences of nearly equal logs (tracking
    // error): 1e-7 relative plus 1e-12 absolute covers both.
    const stdClose = (got: unknown, want: number, label: string) => {
      expect(Math.abs((got as number) - want), label).toBeLessThanOrEqual(1e-7 * want + 1e-12)
    }
    stdClose(m.annualisedVolatility, annualisedStd(lpLogs, perYear), 'annualisedVolatility')
    const active = (a: number[]) => lpLogs.map((x, t) => x - a[t]!)
    stdClose(m.trackingError, annualisedStd(active(logs(mix)), perYear), 'trackingError')
    for (const [name, b] of Object.entries(report.json.benchmarks)) {
      const series = col(`benchmark.${name}`)
      stdClose(b.trackingError, annualisedStd(active(logs(series)), perYear), name)
      close(b.returnVsHodl! + 1, series[T]! / hodl[T]!, `${name} returnVsHodl + 1`)
    }
  })
})

describe('summary.md read back: a dynamic swap fee run', () => {
  let report: Report
  beforeAll(async () => {
    report = await runAndRead({
      ...base,
      name: 'dynamic',
      pool: {
        ...base.pool,
        swapFeeRule: { type: 'volatility', base: 0.0005, slope: 0.01, everySteps: 6 },
      },
      prices: {
        numeraire: 'USDC',
        model: 'gbm',
        start: { ETH: 2000 },
        volatility: { ETH: 0.9 },
        dt: '1h',
        horizon: '10d',
      },
      agents: [{ type: 'arbitrageur' }, { type: 'noise', tradesPerDay: 30, medianSize: 2000 }],
      benchmarks: [{ type: 'hodl' }],
    })
  })

  it('adds the fixed-fee split to the decomposition table, each row its own figure', () => {
    const table = markdownTable(report.md, 'Return decomposition')
    const d = report.json.metrics.returnDecomposition as Record<string, number> & {
      fixedFee: { swapFee: number; lpReturn: number }
    }
    expect(table.map((row) => row[0])).toEqual([
      'Term',
      'LP return',
      'HODL return',
      'Divergence loss',
      'Weight rule',
      'Fees and flow',
      'Fees at the fixed fee',
      'Dynamic fee',
      'LP return at the fixed fee',
    ])
    const values = [
      d.lpReturn,
      d.hodlReturn,
      d.divergenceLoss,
      d.weightRule,
      d.fees,
      d.feesAtFixedFee,
      d.dynamicFee,
      d.fixedFee.lpReturn,
    ]
    values.forEach((value, i) => {
      expectPercent(table[i + 1]![1]!, value!)
    })
    expect(table[6]![2]).toContain('at the fixed swap fee 0.300 %')
    expect(d.fixedFee.swapFee).toBe(0.003)
    // the rule moved the fee, so the split is not trivial; and it adds up to rounding
    expect(Math.abs(d.dynamicFee!)).toBeGreaterThan(1e-6)
    expect(Math.abs(d.fees! - d.feesAtFixedFee! - d.dynamicFee!)).toBeLessThan(1e-15)
  })
})
