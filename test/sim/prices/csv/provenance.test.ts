import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../../src/errors.js'
import { alignSeries, JUMP_FLOOR, JUMP_MULTIPLE } from '../../../../src/sim/prices/csv/align.js'
import {
  describePriceNotes,
  priceWarnings,
} from '../../../../src/sim/prices/csv/describePriceNotes.js'
import { loadHistoricalPath } from '../../../../src/sim/prices/csv/loadHistoricalPath.js'
import type { PriceSeries } from '../../../../src/sim/prices/csv/readPriceFile.js'
import type { PricePath } from '../../../../src/sim/prices/types.js'

const DIR = fileURLToPath(new URL('../../../fixtures/prices/conventions/', import.meta.url))
const DAY = 86_400
const H = 3_600
const MAY_17 = 1_621_209_600 // 2021-05-17T00:00:00Z

/** Column k of a row-major path. */
const column = (path: PricePath, k: number) =>
  [...path.prices].filter((_, i) => i % path.tokens.length === k)

describe('daily-close conventions: Binance + CoinGecko', () => {
  const load = () =>
    loadHistoricalPath(
      {
        model: 'csv',
        numeraire: 'USDT',
        files: { ETH: 'ETHUSDT.csv', BTC: 'btc-usd-max.csv' },
        tokens: ['ETH', 'BTC', 'USDT'],
      },
      DIR,
      'data',
    )
  it("moves CoinGecko's row D (the close of D - 1) back a day, onto Binance's labels", async () => {
    const path = await load()
    // Binance's five days, each labelled at its start
    expect([...path.times]).toEqual([0, 1, 2, 3, 4].map((d) => MAY_17 + d * DAY))
    // ETH: Binance's close of each day, as written in ETHUSDT.csv
    expect(column(path, 0)).toEqual([3270, 3381, 2438.92, 2780, 2430])
    // BTC on day D: CoinGecko's row stamped D + 1 (2021-05-18 … 2021-05-22 in btc-usd-max.csv)
    expect(column(path, 1)).toEqual([43580, 42900, 36700, 40600, 37300])
    expect(column(path, 2)).toEqual([1, 1, 1, 1, 1])
  })
  it('says so: re-timed by -1 day, USD taken as USDT, nothing crossed or filled', async () => {
    const notes = (await load()).notes!
    expect(notes.gridOrigin).toBe('start')
    expect(notes.step).toBe(DAY)
    const [eth, btc, usdt] = notes.tokens
    expect(eth!.route).toBe('direct')
    expect(eth!.series).toEqual([
      {
        symbol: 'ETH',
        // as the scenario wrote it, not as messages show it ('data/…'): no working directory
        file: 'ETHUSDT.csv',
        format: 'binance',
        quote: 'USDT',
        usedAs: 'USDT',
        isTreatedEqual: false,
        isInverted: false,
        retimedBy: 0,
      },
    ])
    expect(btc!.series).toEqual([
      {
        symbol: 'BTC',
        file: 'btc-usd-max.csv',
        format: 'coingecko',
        quote: 'USD',
        usedAs: 'USDT',
        isTreatedEqual: true,
        isInverted: false,
        retimedBy: -DAY,
      },
    ])
    expect(btc!.gaps.count).toBe(0)
    expect(usdt!.route).toBe('numeraire')
    expect(priceWarnings(notes).filter((w) => w.code === 'QUOTE_TREATED_EQUAL')).toEqual([
      {
        code: 'QUOTE_TREATED_EQUAL',
        message:
          'BTC: btc-usd-max.csv is quoted in USD, used as USDT; the two were treated as equal',
        token: 'BTC',
      },
    ])
    expect(describePriceNotes(notes, 'USDT').tokens[1]!.text).toBe(
      'BTC: BTC from btc-usd-max.csv (coingecko, quoted in USD, taken as USDT: USD treated as equal to USDT), re-timed by -1 d (its row for day D is the close of D - 1; daily closes are stamped at the start of their day). No forward-filled gaps.',
    )
  })
  it('refuses a bare key on a file quoted in another, non-USD-like unit, naming the fix', async () => {
    const load = () =>
      loadHistoricalPath(
        { model: 'csv', numeraire: 'USDT', files: { ETH: 'ETHEUR.csv' } },
        DIR,
        'data',
      )
    await expect(load()).rejects.toThrow(InputError)
    await expect(load()).rejects.toThrow(expect.objectContaining({ code: 'QUOTE_MISMATCH' }))
    await expect(load()).rejects.toThrow(
      'data/ETHEUR.csv: ETH is quoted in EUR (from the file name), but the bare key "ETH" takes it in USDT; name the pair as the key ("ETH/EUR") so it is converted, or give a file quoted in USDT',
    )
  })
})

describe('routes in the notes', () => {
  const series = (symbol: string, prices: number[]): PriceSeries => ({
    symbol,
    times: Float64Array.from(prices, (_, i) => MAY_17 + i * DAY),
    prices: Float64Array.from(prices),
    source: { file: `${symbol.replace('/', '')}.csv`, format: 'binance', rows: 2, skipped: [] },
  })
  it('names the quote crossed through and the series inverted', () => {
    const path = alignSeries(
      [
        series('ETH/BTC', [0.05, 0.06]),
        series('BTC/USDT', [40_000, 50_000]),
        series('USDT/DAI', [1.25, 0.8]),
      ],
      { tokens: ['ETH', 'DAI', 'USDT'], numeraire: 'USDT' },
    )
    // ETH in USDT = ETH/BTC x BTC/USDT; DAI in USDT = 1 / (USDT/DAI)
    // a / (1 / b) rounds twice: equal to a x b within a few ulps
    const eth = column(path, 0)
    expect(eth[0]).toBeCloseTo(2_000, 9)
    expect(eth[1]).toBeCloseTo(3_000, 9)
    expect(column(path, 1)).toEqual([1 / 1.25, 1 / 0.8])
    const [ethNotes, dai] = path.notes!.tokens
    expect([ethNotes!.route, ethNotes!.crossedThrough]).toEqual(['crossed', 'BTC'])
    expect(ethNotes!.series.map((s) => [s.symbol, s.isInverted])).toEqual([
      ['ETH/BTC', false],
      ['BTC/USDT', true],
    ])
    expect([dai!.route, dai!.crossedThrough, dai!.series[0]!.isInverted]).toEqual([
      'inverted',
      null,
      true,
    ])
    expect(describePriceNotes(path.notes!, 'USDT').tokens[0]!.text).toBe(
      'ETH: ETH/BTC from ETHBTC.csv (binance, quoted in BTC); crossed through BTC: divided by BTC/USDT from BTCUSDT.csv (binance, quoted in USDT, inverted). No forward-filled gaps.',
    )
  })
})

describe('grid anchoring', () => {
  // hourly-2640.csv: six hourly rows at hh:26:40, ETH and BTC in USD
  const T_FIRST = 1_700_000_800 // 2023-11-14T22:26:40Z
  const spec = { model: 'csv' as const, numeraire: 'USD', file: 'hourly-2640.csv' }
  it("keeps a regular file's own timestamps, the last row included", async () => {
    const path = await loadHistoricalPath({ ...spec, tokens: ['ETH', 'BTC', 'USD'] }, DIR)
    expect([...path.times]).toEqual([0, 1, 2, 3, 4, 5].map((k) => T_FIRST + k * H))
    expect(column(path, 0)).toEqual([2000, 2010, 1990, 2050, 2100, 2240])
    expect(column(path, 1)).toEqual([36000, 36100, 35800, 36500, 37000, 35500])
  })
  it("gridOrigin 'epoch' keeps the old grid: lagged prices, the last row dropped", async () => {
    const path = await loadHistoricalPath(
      { ...spec, tokens: ['ETH', 'BTC', 'USD'], gridOrigin: 'epoch' },
      DIR,
    )
    // on the hour: each hour takes the previous :26:40 row; 03:26:40's row falls off the end
    expect([...path.times]).toEqual([1, 2, 3, 4, 5].map((k) => T_FIRST - 1_600 + k * H))
    expect(column(path, 0)).toEqual([2000, 2010, 1990, 2050, 2100])
  })
})

describe('forward-filled gaps and jumps', () => {
  // LUNAUSDT.csv: hourly Binance klines, hours 0-9 near 5e-5, nothing for hours 10-14, then
  // 8.56 at hour 15 (the real file's switch to another coin, in small)
  const MAY_1 = 1_651_363_200
  const load = (maxGap: number) =>
    loadHistoricalPath(
      { model: 'csv', numeraire: 'USDT', files: { LUNA: 'LUNAUSDT.csv' }, maxGap },
      DIR,
      'data',
    )
  it('counts and lists a gap of five grid points when maxGap allows it', async () => {
    const { gaps } = (await load(6 * H)).notes!.tokens[0]!
    const gap = {
      series: 'LUNA',
      from: MAY_1 + 9 * H,
      to: MAY_1 + 15 * H,
      seconds: 6 * H,
      firstStep: 10,
      steps: 5,
    }
    expect(gaps).toEqual({
      count: 1,
      steps: 5,
      seconds: 6 * H,
      longest: gap,
      list: [gap],
      unlisted: 0,
    })
  })
  it('flags the move after the gap as a jump, with step, time and size', async () => {
    const notes = (await load(6 * H)).notes!
    const { jumps } = notes.tokens[0]!
    // The typical move, by hand: the |log returns| where the price moved, median of 18 values.
    const closes = [
      5e-5, 5.05e-5, 5e-5, 5.1e-5, 5.05e-5, 5e-5, 4.95e-5, 5e-5, 5.05e-5, 5e-5, 8.56, 8.6, 8.5,
      8.55, 8.6,
    ]
    const moves = closes
      .slice(1)
      .map((p, i) => Math.abs(Math.log(p / closes[i]!)))
      .sort((a, b) => a - b)
    expect(jumps.typicalMove).toBe(moves[Math.floor(moves.length / 2)])
    expect(jumps.threshold).toBe(Math.max(JUMP_MULTIPLE * jumps.typicalMove, JUMP_FLOOR))
    expect(jumps.count).toBe(1)
    expect(jumps.list[0]).toMatchObject({
      token: 'LUNA',
      step: 15,
      time: MAY_1 + 15 * H,
      from: 5e-5,
      to: 8.56,
      afterGapSteps: 5,
    })
    const warnings = priceWarnings(notes)
    expect(warnings.map((w) => w.code)).toEqual(['PRICE_FORWARD_FILLED', 'PRICE_JUMP'])
    expect(warnings[1]).toEqual({
      code: 'PRICE_JUMP',
      message: `LUNA moved x171200 (5e-5 to 8.56, log return 12.0506, ${Number((Math.log(8.56 / 5e-5) / jumps.typicalMove).toPrecision(3))} x its typical move ${Number(jumps.typicalMove.toPrecision(6))}) at 2022-05-01T15:00:00Z, right after 5 forward-filled grid points`,
      step: 15,
      time: MAY_1 + 15 * H,
      token: 'LUNA',
    })
    expect(warnings[0]!.message).toBe(
      'LUNA: 5 grid points in 1 gap took a price carried forward; the longest gap is 6 h (LUNA from 2022-05-01T09:00:00Z to 2022-05-01T15:00:00Z)',
    )
  })
  it('lists the jump after a gap and the largest others, at most 20, in time order', () => {
    // hourly, alternating 100 / 100.1 times a level; the level jumps by exp(0.02 + 0.001 k) at
    // hour 10 (k + 1), k = 0..24; hours 261-263 are missing and hour 264 jumps by exp(0.021),
    // smaller than 20 of the others but right after a gap
    const hours: number[] = []
    const prices: number[] = []
    let level = 1
    for (let h = 0; h < 280; h++) {
      if (h >= 261 && h <= 263) continue
      if (h % 10 === 0 && h > 0 && h <= 250) level *= Math.exp(0.02 + 0.001 * (h / 10 - 1))
      if (h === 264) level *= Math.exp(0.021)
      hours.push(h)
      prices.push(level * (h % 2 === 0 ? 100 : 100.1))
    }
    const s: PriceSeries = {
      symbol: 'ETH/USD',
      times: Float64Array.from(hours, (h) => MAY_1 + h * H),
      prices: Float64Array.from(prices),
      source: { file: 'e.csv', format: 'ohlc', rows: hours.length, skipped: [] },
    }
    const { jumps } = alignSeries([s], { tokens: ['ETH'], numeraire: 'USD', maxGap: 4 * H }).notes!
      .tokens[0]!
    expect(jumps.count).toBe(26)
    expect(jumps.unlisted).toBe(6)
    // listed: the after-gap jump, and the 19 largest of the 25 (k = 6..24: hours 70 to 250)
    expect(jumps.list.map((j) => j.step)).toEqual([
      ...Array.from({ length: 19 }, (_, i) => 70 + 10 * i),
      264,
    ])
    expect(jumps.list[19]!.afterGapSteps).toBe(3)
  })
  it('lists the first 20 gaps of a token and counts the rest', () => {
    // every other hour missing: 25 one-point gaps
    const hours = Array.from({ length: 26 }, (_, i) => 2 * i)
    const s: PriceSeries = {
      symbol: 'ETH/USD',
      times: Float64Array.from(hours, (h) => MAY_1 + h * H),
      prices: Float64Array.from(hours, (h) => 100 + h),
      source: { file: 'e.csv', format: 'ohlc', rows: hours.length, skipped: [] },
    }
    const { gaps } = alignSeries([s], { tokens: ['ETH'], numeraire: 'USD', step: H }).notes!
      .tokens[0]!
    expect(gaps.count).toBe(25)
    expect(gaps.steps).toBe(25)
    expect(gaps.list.length).toBe(20)
    expect(gaps.unlisted).toBe(5)
    expect(gaps.list[0]).toEqual({
      series: 'ETH/USD',
      from: MAY_1,
      to: MAY_1 + 2 * H,
      seconds: 2 * H,
      firstStep: 1,
      steps: 1,
    })
  })
})
