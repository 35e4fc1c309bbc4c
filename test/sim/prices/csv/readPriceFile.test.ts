import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { InputError } from '../../../../src/errors.js'
import {
  readPriceFile,
  type ReadPriceFileOptions,
} from '../../../../src/sim/prices/csv/readPriceFile.js'
import { tempDir } from '../../../tempDir.js'

// Fixtures are small copies of the layouts (and quirks) of real exports; expected values below
// are read off the fixture rows by hand, times through Date.UTC (not the parser under test).
const FIXTURES = join(import.meta.dirname, '../../../fixtures/prices')
const fixture = (name: string) => join(FIXTURES, name)
const utc = (y: number, m: number, d: number, h = 0, min = 0, s = 0) =>
  Date.UTC(y, m - 1, d, h, min, s) / 1000

const tmp = tempDir('amm-sim-prices-')
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true })
})
/** Writes a throw-away file whose rows sit next to the assertion about them. */
function write(name: string, text: string): string {
  const file = join(tmp, name)
  writeFileSync(file, text)
  return file
}

async function one(file: string, options?: ReadPriceFileOptions) {
  const series = await readPriceFile(file, options)
  expect(series).toHaveLength(1)
  return series[0]!
}

describe('readPriceFile formats', () => {
  it('binance: header-less klines, open time in ms, close by default', async () => {
    const s = await one(fixture('ETHUSDT-1d-2021-01.csv'))
    expect(s.symbol).toBe('ETH/USDT')
    expect(s.source.format).toBe('binance')
    expect([...s.times]).toEqual([utc(2021, 1, 1), utc(2021, 1, 2), utc(2021, 1, 3)])
    expect([...s.prices]).toEqual([110, 120, 135])
    expect(s.source.rows).toBe(3)
    expect(s.source.skipped).toEqual([])
  })
  it('binance: open and typical (H + L + C) / 3 prices', async () => {
    const open = await one(fixture('ETHUSDT-1d-2021-01.csv'), { price: 'open' })
    expect([...open.prices]).toEqual([100, 110, 120])
    const typical = await one(fixture('ETHUSDT-1d-2021-01.csv'), { price: 'typical' })
    // (120 + 90 + 110) / 3, (130 + 95 + 120) / 3, (150 + 120 + 135) / 3
    expect([...typical.prices]).toEqual([320 / 3, 115, 135])
  })
  it('binance: microsecond open times (spot files from 2025)', async () => {
    const s = await one(fixture('BTCUSDT-1m-2025-01.csv'))
    expect(s.symbol).toBe('BTC/USDT')
    expect([...s.times]).toEqual([utc(2025, 1, 1), utc(2025, 1, 1, 0, 1)])
    expect([...s.prices]).toEqual([94050, 94150])
  })
  it('binance: a header with ISO open times and empty leftover columns', async () => {
    const s = await one(fixture('LINKUSDT.csv'))
    expect(s.source.format).toBe('binance')
    expect([...s.times]).toEqual([utc(2019, 1, 16), utc(2019, 1, 17)])
    expect([...s.prices]).toEqual([0.4895, 0.4756])
  })
  it('coingecko: " UTC" suffix, an off-midnight snapshot, an empty market cap', async () => {
    const s = await one(fixture('eth-usd-max.csv'))
    expect(s.symbol).toBe('ETH/USD')
    expect(s.source.format).toBe('coingecko')
    expect([...s.times]).toEqual([utc(2018, 1, 29), utc(2018, 1, 30, 0, 5, 8), utc(2018, 1, 31)])
    expect([...s.prices]).toEqual([1180.5, 1119.25, 1065.75])
  })
  it('coingecko has no OHLC: asking for the open price is an option error', async () => {
    const file = fixture('eth-usd-max.csv')
    await expect(readPriceFile(file, { price: 'open' })).rejects.toThrow(
      `${file}: price "open" needs an open column, which this coingecko file does not have`,
    )
  })
  it('yahoo: the classic download, no final newline', async () => {
    const s = await one(fixture('ETH-USD.csv'))
    expect(s.symbol).toBe('ETH/USD')
    expect(s.source.format).toBe('yahoo')
    expect([...s.times]).toEqual([utc(2021, 5, 9), utc(2021, 5, 10), utc(2021, 5, 11)])
    expect([...s.prices]).toEqual([3928.844727, 3952.293945, 4150])
  })
  it('yahoo via pandas: unnamed index column, lower case, newest first (reversed)', async () => {
    const s = await one(fixture('LINK-USD.csv'))
    expect(s.source.format).toBe('yahoo')
    expect([...s.times]).toEqual([utc(2025, 11, 18), utc(2025, 11, 19), utc(2025, 11, 20)])
    expect([...s.prices]).toEqual([14.1, 13.9, 13.78])
  })
  it('yahoo multi-ticker dump: alphabetical columns; empty rows before listing are listed as skipped', async () => {
    const s = await one(fixture('BAL-USD-1d.csv'), { price: 'typical' })
    expect([...s.times]).toEqual([utc(2020, 6, 23), utc(2020, 6, 24)])
    expect([...s.prices]).toEqual([(14.5 + 12.5 + 13.5) / 3, (15 + 13 + 14.25) / 3])
    expect(s.source.rows).toBe(4)
    expect(s.source.skipped).toEqual([
      { line: 2, column: undefined, code: 'NO_PRICE', reason: 'no price (empty row)' },
      { line: 3, column: undefined, code: 'NO_PRICE', reason: 'no price (empty row)' },
    ])
  })
  it('coinmarketcap: BOM, ";", quotes, CRLF, newest first, labelled by timeOpen', async () => {
    const s = await one(fixture('Aave_18.08.2023-19.08.2023_historical_data_coinmarketcap.csv'))
    expect(s.symbol).toBe('AAVE')
    expect(s.source.format).toBe('coinmarketcap')
    expect([...s.times]).toEqual([utc(2023, 8, 18), utc(2023, 8, 19)])
    expect([...s.prices]).toEqual([55.5, 56.5])
    const typical = await one(
      fixture('Aave_18.08.2023-19.08.2023_historical_data_coinmarketcap.csv'),
      { price: 'typical', symbol: 'AAVE/USD' },
    )
    expect(typical.symbol).toBe('AAVE/USD')
    expect([...typical.prices]).toEqual([(56.75 + 55 + 55.5) / 3, (57 + 55 + 56.5) / 3])
  })
  it('wide: one series per column; an empty cell is no observation, listed', async () => {
    const series = await readPriceFile(fixture('wide.csv'))
    expect(series.map((s) => s.symbol)).toEqual(['ETH', 'BTC', 'USDC'])
    const [eth, btc, usdc] = series
    const h = (k: number) => utc(2021, 1, 1, k)
    expect([...eth!.times]).toEqual([h(0), h(1), h(2)])
    expect([...eth!.prices]).toEqual([730, 740, 750])
    expect([...btc!.times]).toEqual([h(0), h(2)])
    expect([...btc!.prices]).toEqual([29000, 29500])
    expect([...usdc!.prices]).toEqual([1, 1, 1])
    expect(eth!.source).toBe(btc!.source) // one source per file
    expect(btc!.source.skipped).toEqual([
      { line: 3, column: 3, code: 'NO_PRICE', reason: 'no BTC price (empty cell)' },
    ])
  })
  it('long: one series per symbol, epoch seconds', async () => {
    const series = await readPriceFile(fixture('long.csv'))
    expect(series.map((s) => s.symbol)).toEqual(['ETH/USD', 'BTC/USD'])
    expect([...series[0]!.times]).toEqual([utc(2021, 1, 1), utc(2021, 1, 1, 1)])
    expect([...series[0]!.prices]).toEqual([730, 740])
    expect([...series[1]!.prices]).toEqual([29000, 29200])
  })
  it('ohlc: TradingView export with ";" and an indicator column', async () => {
    const s = await one(fixture('SNXUSDT5.csv'))
    expect(s.symbol).toBe('SNX/USDT')
    expect(s.source.format).toBe('ohlc')
    expect([...s.times]).toEqual([utc(2021, 1, 22, 5, 20), utc(2021, 1, 22, 5, 25)])
    expect([...s.prices]).toEqual([13.375, 13.5])
  })
  it('ohlc: Coinbase candles (low before high) in two newest-first blocks need sort', async () => {
    const file = fixture('AAVE-USD.csv')
    await expect(readPriceFile(file)).rejects.toThrow(
      `${file}:4:1: timestamp 2023-12-29T17:55:00Z is out of order: line 3 has 2023-12-29T17:54:00Z in a descending file`,
    )
    const s = await one(file, { sort: true, duplicates: 'first', price: 'typical' })
    expect([...s.times]).toEqual([
      utc(2023, 12, 29, 17, 53),
      utc(2023, 12, 29, 17, 54),
      utc(2023, 12, 29, 17, 55),
    ])
    // high, low and close found by name: (2295 + 2290 + 2294.5) / 3, ...
    expect([...s.prices]).toEqual([
      (2295 + 2290 + 2294.5) / 3,
      (2297 + 2293.5 + 2297) / 3,
      (2298.5 + 2296.5 + 2298) / 3,
    ])
    expect(s.source.skipped).toEqual([
      {
        line: 4,
        code: 'DUPLICATE_TIMESTAMP',
        reason: 'timestamp 2023-12-29T17:55:00Z repeats line 2; the first is kept',
      },
    ])
  })
  it('shifts labels written in local time (utcOffset, seconds east of UTC)', async () => {
    // Istanbul-time minute bars: 03:00 local is 00:00 UTC.
    const file = write(
      'ETHUSDT-local.csv',
      'open_time,open,high,low,close,volume\n2025-06-17 03:00:00,1,1,1,2,0\n',
    )
    const s = await one(file, { utcOffset: 3 * 3600 })
    expect([...s.times]).toEqual([utc(2025, 6, 17)])
    expect([...s.prices]).toEqual([2])
  })
  it('takes the symbol option over the file name', async () => {
    const s = await one(fixture('ETHUSDT-1d-2021-01.csv'), { symbol: 'WETH' })
    expect(s.symbol).toBe('WETH')
  })
})

describe('readPriceFile bad input', () => {
  const header = 'timestamp,price\n'
  async function rejects(
    name: string,
    text: string,
    code: string,
    message: string,
    options?: ReadPriceFileOptions,
  ) {
    const file = write(name, text)
    const read = readPriceFile(file, options)
    await expect(read).rejects.toBeInstanceOf(InputError)
    await expect(readPriceFile(file, options)).rejects.toMatchObject({
      code,
      message: `${file}${message}`,
    })
  }
  it('BAD_PRICE: text, zero, negative, empty in a filled row, infinite', async () => {
    await rejects(
      'abc.csv',
      `${header}1609459200,100\n1609462800,abc\n`,
      'BAD_PRICE',
      ':3:2: price "abc" is not a positive number',
    )
    await rejects(
      'zero.csv',
      `${header}1609459200,0\n`,
      'BAD_PRICE',
      ':2:2: price "0" is not a positive number',
    )
    await rejects(
      'neg.csv',
      `${header}1609459200,-3\n`,
      'BAD_PRICE',
      ':2:2: price "-3" is not a positive number',
    )
    await rejects(
      'inf.csv',
      `${header}1609459200,1e999\n`,
      'BAD_PRICE',
      ':2:2: price "1e999" is not a positive number',
    )
    await rejects(
      'ohlc-empty-close.csv',
      'time,open,high,low,close\n2021-01-01,1,2,0.5,\n',
      'BAD_PRICE',
      ':2:5: price "" is not a positive number',
    )
  })
  it('BAD_TIMESTAMP names the cell', async () => {
    await rejects(
      'ts.csv',
      `${header}1609459200,100\n2021-02-30,101\n`,
      'BAD_TIMESTAMP',
      ':3:1: timestamp "2021-02-30" is not an ISO date or an epoch number (s, ms or us); set "dateFormat" to the layout of the time cells, such as "DD.MM.YYYY HH:mm"',
    )
  })
  it('TIME_ORDER when a file turns back', async () => {
    await rejects(
      'order.csv',
      `${header}2021-01-01,1\n2021-01-02,2\n2021-01-01 12:00,3\n`,
      'TIME_ORDER',
      ':4:1: timestamp 2021-01-01T12:00:00Z is out of order: line 3 has 2021-01-02T00:00:00Z in an ascending file; set "sort": true to sort the rows by time',
    )
  })
  it('DUPLICATE_TIMESTAMP unless a policy is chosen, then first or last is kept and listed', async () => {
    const text = `${header}2021-01-01,1\n2021-01-02,2\n2021-01-02,3\n2021-01-03,4\n`
    await rejects(
      'dup.csv',
      text,
      'DUPLICATE_TIMESTAMP',
      ':4:1: timestamp 2021-01-02T00:00:00Z repeats line 3; set "duplicates": "first" or "last" to keep one row per time',
    )
    const file = write('eth-dup-ok.csv', text)
    const first = await one(file, { duplicates: 'first' })
    expect([...first.prices]).toEqual([1, 2, 4])
    expect(first.source.skipped).toEqual([
      {
        line: 4,
        code: 'DUPLICATE_TIMESTAMP',
        reason: 'timestamp 2021-01-02T00:00:00Z repeats line 3; the first is kept',
      },
    ])
    const last = await one(file, { duplicates: 'last' })
    expect([...last.prices]).toEqual([1, 3, 4])
    expect(last.source.skipped).toEqual([
      {
        line: 3,
        code: 'DUPLICATE_TIMESTAMP',
        reason: 'timestamp 2021-01-02T00:00:00Z repeats on line 4; the last is kept',
      },
    ])
  })
  it('BAD_ROW for a short row', async () => {
    await rejects(
      'short.csv',
      'time,open,high,low,close\n2021-01-01,1,2\n',
      'BAD_ROW',
      ':2: expected at least 5 fields, found 3',
    )
  })
  it('BAD_ROW for a CSV syntax error and a repeated wide column, with the line', async () => {
    await rejects(
      'quote.csv',
      `${header}1609459200,"1\n1609462800,2\n`,
      'BAD_ROW',
      ':3: the CSV cannot be parsed: Quote Not Closed: the parsing is finished with an opening quote at line 3',
    )
    await rejects(
      'twice.csv',
      'timestamp,ETH,ETH\n1609459200,1,2\n',
      'BAD_ROW',
      ':1:3: column "ETH" appears twice in the header',
    )
  })
  it('BAD_OPTION for a symbol on a wide file', async () => {
    await rejects(
      'wide-symbol.csv',
      'timestamp,ETH\n1609459200,1\n',
      'BAD_OPTION',
      ': symbol "BTC" cannot be set for a wide file: its symbols come from the header',
      { symbol: 'BTC' },
    )
  })
  it('FILE_EMPTY for no bytes, blank lines, or a header alone', async () => {
    await rejects('empty.csv', '', 'FILE_EMPTY', ': the file is empty')
    await rejects('blank.csv', '\n \n', 'FILE_EMPTY', ': the file is empty')
    await rejects('header-only.csv', header, 'FILE_EMPTY', ': the file has no data rows')
  })
  it('UNKNOWN_FORMAT says what was tried and shows the header', async () => {
    await rejects(
      'odd.csv',
      'a,b,c\n1,2,3\n',
      'UNKNOWN_FORMAT',
      ':1: no known format matches the first line "a,b,c" (tried binance, coingecko, coinmarketcap, yahoo, long, ohlc, wide)',
    )
    await rejects(
      'not-yahoo.csv',
      `${header}1,2\n`,
      'UNKNOWN_FORMAT',
      ':1: no yahoo layout matches the first line "timestamp,price" (tried yahoo)',
      { format: 'yahoo' },
    )
  })
  it('FILE_NOT_FOUND names the path', async () => {
    const file = join(tmp, 'missing.csv')
    await expect(readPriceFile(file)).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: `${file}: cannot open the file (ENOENT)`,
    })
  })
})

describe('readPriceFile options of issue 10', () => {
  it('reads time cells with a stated dateFormat', async () => {
    const file = write('ETH-USD-us.csv', 'Date,Close\n10/5/2020 23:59,350\n10/6/2020 23:59,340\n')
    const s = await one(file, { dateFormat: 'MM/DD/YYYY HH:mm' })
    expect(s.symbol).toBe('ETH/USD')
    expect([...s.times]).toEqual([utc(2020, 10, 5, 23, 59), utc(2020, 10, 6, 23, 59)])
    expect([...s.prices]).toEqual([350, 340])
  })
  it('BAD_TIMESTAMP for a US date offers both orders as dateFormat', async () => {
    const file = write('ETH-USD-us2.csv', 'Date,Close\n10/5/2020 23:59,350\n')
    const read = readPriceFile(file)
    await expect(read).rejects.toBeInstanceOf(InputError)
    await expect(readPriceFile(file)).rejects.toMatchObject({
      code: 'BAD_TIMESTAMP',
      message: `${file}:2:1: timestamp "10/5/2020 23:59" is not an ISO date or an epoch number (s, ms or us); set "dateFormat": "MM/DD/YYYY HH:mm" (month first) or "DD/MM/YYYY HH:mm" (day first)`,
      values: { fix: 'dateFormat', formats: ['MM/DD/YYYY HH:mm', 'DD/MM/YYYY HH:mm'] },
    })
  })
  it('BAD_TIMESTAMP for a cell that does not match the stated dateFormat', async () => {
    const file = write('ETH-USD-us3.csv', 'Date,Close\n10/5/2020,350\n13/5/2020,351\n')
    await expect(readPriceFile(file, { dateFormat: 'MM/DD/YYYY' })).rejects.toMatchObject({
      code: 'BAD_TIMESTAMP',
      message: `${file}:3:1: timestamp "13/5/2020" does not match the date format "MM/DD/YYYY" (or is no real date); set "dateFormat": "DD/MM/YYYY"`,
    })
  })
  it('BAD_OPTION for a dateFormat without a year', async () => {
    const file = write('ETH-USD-us4.csv', 'Date,Close\n10/5,350\n')
    const read = readPriceFile(file, { dateFormat: 'MM/DD' })
    await expect(read).rejects.toBeInstanceOf(InputError)
    await expect(readPriceFile(file, { dateFormat: 'MM/DD' })).rejects.toMatchObject({
      code: 'BAD_OPTION',
      message: `${file}: date format "MM/DD" has no year (YYYY, MM, DD are required)`,
    })
  })
  it('UNKNOWN_SYMBOL when the file name gives none, after the rows were read', async () => {
    const file = write('kaushal.csv', 'timestamp,price\n2021-01-01,1\n')
    const read = readPriceFile(file)
    await expect(read).rejects.toBeInstanceOf(InputError)
    await expect(readPriceFile(file)).rejects.toMatchObject({
      code: 'UNKNOWN_SYMBOL',
      message: `${file}: the file name names no pair (such as ETHUSDT or ETH-USD) and no well-known coin; set "symbol" to the asset the file prices ("ETH", or a pair such as "ETH/USD")`,
      values: { fix: 'symbol' },
    })
    expect((await one(file, { symbol: 'ETH/USD' })).symbol).toBe('ETH/USD')
  })
  it('FILE_EMPTY after lenient skipped every time says why the first did not read', async () => {
    const file = write('ETH-USD-us5.csv', 'Date,Close\n13/5/2020,350\n14/5/2020,351\n')
    const read = readPriceFile(file, { lenient: true })
    await expect(read).rejects.toBeInstanceOf(InputError)
    await expect(readPriceFile(file, { lenient: true })).rejects.toMatchObject({
      code: 'FILE_EMPTY',
      message: `${file}: no usable ETH/USD prices in 2 rows (2 skipped); line 2: timestamp "13/5/2020" is not an ISO date or an epoch number (s, ms or us); set "dateFormat": "DD/MM/YYYY"`,
      values: { fix: 'dateFormat', formats: ['DD/MM/YYYY'] },
    })
  })
  it('TIME_ORDER and DUPLICATE_TIMESTAMP name the option that fixes them, in values too', async () => {
    const order = write(
      'ETHUSD-order.csv',
      'timestamp,price\n2021-01-02,1\n2021-01-03,2\n2021-01-01,3\n',
    )
    await expect(readPriceFile(order)).rejects.toMatchObject({
      code: 'TIME_ORDER',
      values: { fix: 'sort', hint: 'set "sort": true to sort the rows by time' },
    })
    const dup = write(
      'ETHUSD-dup.csv',
      'timestamp,price\n2021-01-02,1\n2021-01-01,2\n2021-01-02,3\n',
    )
    // with sort, the duplicate is found after sorting; the hint is the same
    await expect(readPriceFile(dup, { sort: true })).rejects.toMatchObject({
      code: 'DUPLICATE_TIMESTAMP',
      message: `${dup}:4:1: timestamp 2021-01-02T00:00:00Z repeats line 2; set "duplicates": "first" or "last" to keep one row per time`,
      values: { fix: 'duplicates' },
    })
  })
})

describe('readPriceFile lenient mode', () => {
  it('skips bad rows, counting and naming each', async () => {
    const file = write(
      'lenient.csv',
      'timestamp,price\n2021-01-01,1\n2021-01-02,abc\nnot-a-date,2\n2021-01-03,3\n2021-01-02,9\n2021-01-03,4\n2021-01-04,5\n',
    )
    const s = await one(file, { lenient: true, symbol: 'ETH' })
    expect([...s.prices]).toEqual([1, 3, 5])
    expect(s.source.rows).toBe(7)
    expect(s.source.skipped).toEqual([
      { line: 3, column: 2, code: 'BAD_PRICE', reason: 'price "abc" is not a positive number' },
      {
        line: 4,
        column: 1,
        code: 'BAD_TIMESTAMP',
        reason: 'timestamp "not-a-date" is not an ISO date or an epoch number (s, ms or us)',
      },
      {
        line: 6,
        column: 1,
        code: 'TIME_ORDER',
        reason:
          'timestamp 2021-01-02T00:00:00Z is out of order: line 5 has 2021-01-03T00:00:00Z in an ascending file',
      },
      {
        line: 7,
        column: 1,
        code: 'DUPLICATE_TIMESTAMP',
        reason: 'timestamp 2021-01-03T00:00:00Z repeats line 5',
      },
    ])
  })
  it('skips one bad cell of a wide row, keeping the others', async () => {
    const file = write(
      'wide-bad.csv',
      'timestamp,ETH,BTC\n1609459200,730,29000\n1609462800,x,29100\n',
    )
    const [eth, btc] = await readPriceFile(file, { lenient: true })
    expect([...eth!.prices]).toEqual([730])
    expect([...btc!.prices]).toEqual([29000, 29100])
    expect(eth!.source.skipped).toEqual([
      { line: 3, column: 2, code: 'BAD_PRICE', reason: 'price "x" is not a positive number' },
    ])
  })
  it('fails with FILE_EMPTY when every row was bad', async () => {
    const file = write('all-bad.csv', 'timestamp,price\n2021-01-01,x\n2021-01-02,y\n')
    await expect(readPriceFile(file, { lenient: true, symbol: 'ETH' })).rejects.toMatchObject({
      code: 'FILE_EMPTY',
      message: `${file}: no usable ETH prices in 2 rows (2 skipped)`,
    })
  })
})
