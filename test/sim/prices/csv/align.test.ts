import { describe, expect, it } from 'vitest'
import { InputError } from '../../../../src/errors.js'
import { alignSeries } from '../../../../src/sim/prices/csv/align.js'
import type { PriceSeries } from '../../../../src/sim/prices/csv/readPriceFile.js'

const H = 3600
const T0 = 1_609_459_200 // 2021-01-01T00:00:00Z

/** A series built in memory: times as hours after T0. */
function series(
  symbol: string,
  hours: number[],
  prices: number[],
  file = `${symbol}.csv`,
): PriceSeries {
  return {
    symbol,
    times: Float64Array.from(hours, (h) => T0 + h * H),
    prices: Float64Array.from(prices),
    source: { file, format: 'ohlc', rows: hours.length, skipped: [] },
  }
}
/** Column k of a row-major path. */
const column = (prices: Float64Array, nTokens: number, k: number) =>
  [...prices].filter((_, i) => i % nTokens === k)

describe('alignSeries', () => {
  it('puts series on the grid of the overlap and keeps the numeraire at 1', () => {
    const eth = series('ETH/USD', [0, 1, 2, 3], [100, 101, 102, 103])
    const btc = series('BTC/USD', [1, 2, 3, 4], [1000, 1010, 1020, 1030])
    const path = alignSeries([eth, btc], { tokens: ['ETH', 'BTC', 'USD'], numeraire: 'USD' })
    expect([...path.times]).toEqual([T0 + H, T0 + 2 * H, T0 + 3 * H])
    expect([...path.prices]).toEqual([101, 1000, 1, 102, 1010, 1, 103, 1020, 1])
    expect(path.tokens).toEqual(['ETH', 'BTC', 'USD'])
  })
  it('forward-fills a missing point up to maxGap (default one step)', () => {
    const eth = series('ETH/USD', [0, 1, 3, 4], [100, 101, 103, 104]) // hour 2 missing
    const path = alignSeries([eth], { tokens: ['ETH'], numeraire: 'USD' })
    expect([...path.prices]).toEqual([100, 101, 101, 103, 104])
    // Two missing points are more than the default allows.
    const twoMissing = series('ETH/USD', [0, 1, 4, 5], [100, 101, 104, 105])
    expect(() => alignSeries([twoMissing], { tokens: ['ETH'], numeraire: 'USD' })).toThrow(
      expect.objectContaining({ code: 'GAP_TOO_LONG' }),
    )
  })
  it('fails with GAP_TOO_LONG naming symbol, file and the gap', () => {
    const eth = series('ETH/USD', [0, 1, 4, 5], [100, 101, 104, 105], 'data/eth.csv')
    const align = () => alignSeries([eth], { tokens: ['ETH'], numeraire: 'USD', maxGap: 2 * H - 1 })
    expect(align).toThrow(InputError)
    expect(align).toThrow(expect.objectContaining({ code: 'GAP_TOO_LONG' }))
    expect(align).toThrow(
      'data/eth.csv: ETH/USD has no price from 2021-01-01T01:00:00Z to 2021-01-01T04:00:00Z (10800 s), needed at 2021-01-01T03:00:00Z; forward-fill is limited to maxGap = 7199 s',
    )
    // The same gap passes once the limit covers the oldest fill (3 h - 1 h = 2 h at hour 3).
    expect(
      column(alignSeries([eth], { tokens: ['ETH'], numeraire: 'USD', maxGap: 2 * H }).prices, 1, 0),
    ).toEqual([100, 101, 101, 101, 104, 105])
  })
  it('resamples to a coarser step with the last price of each bucket (t - step, t]', () => {
    // 15-minute data, 1-hour grid: each hour takes the print at the hour itself.
    const q = 900
    const times = Array.from({ length: 9 }, (_, i) => (i * q) / H)
    const prices = [10, 11, 12, 13, 14, 15, 16, 17, 18]
    const path = alignSeries([series('ETH/USD', times, prices)], {
      tokens: ['ETH'],
      numeraire: 'USD',
      step: H,
    })
    expect([...path.times]).toEqual([T0, T0 + H, T0 + 2 * H])
    expect([...path.prices]).toEqual([10, 14, 18])
    // The grid starts at the first common time: data from 00:15 gives 00:15 and 01:15 …
    const late = [series('ETH/USD', times.slice(1), prices.slice(1))]
    const started = alignSeries(late, { tokens: ['ETH'], numeraire: 'USD', step: H })
    expect([...started.times]).toEqual([T0 + H / 4, T0 + (5 * H) / 4])
    expect([...started.prices]).toEqual([11, 15])
    // … and with gridOrigin 'epoch' on multiples of the step: a first point at 01:00.
    const epoch = alignSeries(late, {
      tokens: ['ETH'],
      numeraire: 'USD',
      step: H,
      gridOrigin: 'epoch',
    })
    expect([...epoch.times]).toEqual([T0 + H, T0 + 2 * H])
    expect([...epoch.prices]).toEqual([14, 18])
  })
  it('computes cross rates from two USD series (ETH in BTC), checked by hand', () => {
    const eth = series('ETH/USD', [0, 1], [2000, 2100])
    const btc = series('BTC/USD', [0, 1], [40000, 42000])
    const path = alignSeries([eth, btc], { tokens: ['ETH', 'BTC'], numeraire: 'BTC' })
    // 2000 / 40000 = 0.05, 2100 / 42000 = 0.05
    expect([...path.prices]).toEqual([0.05, 1, 0.05, 1])
  })
  it('inverts a NUMERAIRE/TOKEN series', () => {
    const ethUsd = series('ETH/USD', [0, 1], [2000, 2500])
    const path = alignSeries([ethUsd], { tokens: ['USD', 'ETH'], numeraire: 'ETH' })
    expect([...path.prices]).toEqual([1 / 2000, 1, 1 / 2500, 1])
  })
  it('bare symbols are in the numeraire, unless a bare numeraire column exists (then crossed)', () => {
    const eth = series('ETH', [0, 1], [2000, 2000])
    const usdc = series('USDC', [0, 1], [1, 0.8])
    const direct = alignSeries([eth], { tokens: ['ETH'], numeraire: 'USD' })
    expect([...direct.prices]).toEqual([2000, 2000])
    const crossed = alignSeries([eth, usdc], { tokens: ['ETH', 'USDC'], numeraire: 'USDC' })
    // 2000 / 1 and 2000 / 0.8 = 2500: a de-pegged USDC makes ETH dearer in USDC.
    expect([...crossed.prices]).toEqual([2000, 1, 2500, 1])
  })
  it('MISSING_ASSET names the token and the series there are', () => {
    const eth = series('ETH/USD', [0, 1], [1, 2], 'eth.csv')
    const align = () => alignSeries([eth], { tokens: ['ETH', 'BTC'], numeraire: 'USD' })
    expect(align).toThrow(expect.objectContaining({ code: 'MISSING_ASSET' }))
    expect(align).toThrow(
      'tokens[1]: no series prices BTC in USD, directly or through one shared quote (series: ETH/USD (eth.csv))',
    )
  })
  it('NO_OVERLAP when the ranges do not meet', () => {
    const eth = series('ETH/USD', [0, 1], [1, 2], 'eth.csv')
    const btc = series('BTC/USD', [5, 6], [1, 2], 'btc.csv')
    const align = () => alignSeries([eth, btc], { tokens: ['ETH', 'BTC'], numeraire: 'USD' })
    expect(align).toThrow(expect.objectContaining({ code: 'NO_OVERLAP' }))
    expect(align).toThrow(
      'the series do not overlap: ETH/USD (eth.csv) ends at 2021-01-01T01:00:00Z, before BTC/USD (btc.csv) starts at 2021-01-01T05:00:00Z',
    )
  })
  it('clips to start and end, and rejects a start before the data', () => {
    const eth = series('ETH/USD', [0, 1, 2, 3], [100, 101, 102, 103], 'eth.csv')
    const path = alignSeries([eth], {
      tokens: ['ETH'],
      numeraire: 'USD',
      start: T0 + H,
      end: T0 + 2 * H,
    })
    expect([...path.prices]).toEqual([101, 102])
    expect(() => alignSeries([eth], { tokens: ['ETH'], numeraire: 'USD', start: T0 - H })).toThrow(
      'start: start 2020-12-31T23:00:00Z is before ETH/USD (eth.csv) begins at 2021-01-01T00:00:00Z',
    )
  })
  it('rejects a non-positive step', () => {
    const eth = series('ETH/USD', [0, 1], [1, 2])
    expect(() => alignSeries([eth], { tokens: ['ETH'], numeraire: 'USD', step: 0 })).toThrow(
      'step: 0 is not a positive number of seconds',
    )
  })
})
