import { describe, expect, it } from 'vitest'
import { createSummary, formatSummaryJson } from '../../src/report/summary.js'
import { formatTimeSeriesCsv } from '../../src/report/timeseriesCsv.js'
import { standInResult } from './standIn.js'

describe('summary.json', () => {
  it('has the issue keys in a fixed order, metrics in the engine issue order', () => {
    const summary = createSummary(standInResult(), 'eth-usdc-50-50', 42, '0.1.0')
    expect(Object.keys(summary)).toEqual([
      'scenario',
      'seed',
      'version',
      'metrics',
      'benchmarks',
      'warnings',
    ])
    expect(Object.keys(summary.metrics).slice(0, 15)).toEqual([
      'lpValue',
      'hodlValue',
      'returnVsHodl',
      'impermanentLoss',
      'impermanentLossClosedForm',
      'feeIncome',
      'lvr',
      'arbProfit',
      'volume',
      'trades',
      'trackingError',
      'weightDeviation',
      'maxDrawdown',
      'annualisedReturn',
      'annualisedVolatility',
    ])
    // fields the engine adds later follow, sorted by name
    const extra = Object.keys(summary.metrics).slice(15)
    expect(extra).toEqual([...extra].sort())
    expect(Object.keys(summary.benchmarks)).toEqual(['hodl', 'constant-mix'])
    expect(Object.keys(summary.benchmarks.hodl!).slice(0, 4)).toEqual([
      'value',
      'returnVsHodl',
      'tradingCost',
      'trackingError',
    ])
  })

  it('keeps numbers as numbers and the same key order whatever order the engine used', () => {
    const result = standInResult()
    const shuffled = {
      ...result,
      metrics: Object.fromEntries(Object.entries(result.metrics).reverse()),
    }
    const a = formatSummaryJson(createSummary(result, 's', 1, '0.1.0'))
    const b = formatSummaryJson(createSummary(shuffled as typeof result, 's', 1, '0.1.0'))
    expect(b).toBe(a)
    const parsed = JSON.parse(a) as { metrics: Record<string, unknown> }
    expect(parsed.metrics.trades).toBe(4321)
    expect(parsed.metrics.lpValue).toBe(result.metrics.lpValue) // exact round trip
    expect(a.startsWith('{\n  "scenario": "s",\n  "seed": 1,\n  "version": "0.1.0",\n')).toBe(true)
    expect(a.endsWith('}\n')).toBe(true)
  })

  it('writes non-finite numbers as null (JSON has no NaN)', () => {
    const result = standInResult()
    result.metrics.annualisedVolatility = Number.NaN
    result.metrics.impermanentLossClosedForm = null
    const parsed = JSON.parse(formatSummaryJson(createSummary(result, 's', 1, 'v'))) as {
      metrics: Record<string, unknown>
    }
    expect(parsed.metrics.annualisedVolatility).toBeNull()
    expect(parsed.metrics.impermanentLossClosedForm).toBeNull()
  })
})

describe('timeseries.csv', () => {
  it('has time first, then the engine columns, one row per point, exact numbers', () => {
    const result = standInResult(50)
    const text = formatTimeSeriesCsv(result.series)
    const lines = text.trimEnd().split('\n')
    expect(lines[0]).toBe(
      'time,price.ETH,price.USDC,balance.ETH,balance.USDC,lpValue,hodlValue,benchmark.constant-mix,feeIncome,lvr',
    )
    expect(lines.length).toBe(51)
    const row = lines[8]!.split(',').map(Number) // line 0 is the header
    result.series.data.forEach((column, c) => {
      expect(row[c]).toBe(column[7]) // shortest round-trip form reads back to the same float
    })
  })

  it('leaves non-finite cells empty and quotes header cells that need it', () => {
    const text = formatTimeSeriesCsv({
      columns: ['time', 'a,b'],
      data: [new Float64Array([0, 1]), new Float64Array([Number.NaN, 2.5])],
    })
    expect(text).toBe('time,"a,b"\n0,\n1,2.5\n')
  })
})
