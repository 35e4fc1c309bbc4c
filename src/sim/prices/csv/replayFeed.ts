/**
 * A replay's price feed from files: any price file {@link readPriceFile} reads, or CoinGecko's
 * `market_chart` JSON (`[[time, price], …]` or `{ "prices": [[ms, price], …] }`), matched to the
 * pool's tokens by symbol.
 */
import { readFile } from 'node:fs/promises'
import { InputError } from '../../../errors.js'
import type { ReplayFeed } from '../../replay/economics.js'
import { symbolFromFileName } from './format.js'
import { readPriceFile, type PriceSeries } from './readPriceFile.js'
import { isoTime, parseTimestamp } from './timestamp.js'

/** Symbols taken as the same asset when matching a feed to pool tokens (wrapped = native). */
const SAME_ASSET: Readonly<Record<string, string>> = { WETH: 'ETH', WBTC: 'BTC' }
const canonical = (symbol: string) => {
  const upper = symbol.toUpperCase()
  return SAME_ASSET[upper] ?? upper
}

/**
 * Reads CoinGecko `market_chart` output saved as JSON: an array of `[time, price]` pairs (time
 * as ISO-8601 text or epoch seconds/milliseconds), or an object whose `prices` is one.
 * @param file - path of the `.json` file
 * @param symbol - `BASE/QUOTE` or `BASE`; default from the file name (`coingecko-WETHUSD.json` gives `WETH/USD`)
 * @returns one series, times in Unix seconds (strictly increasing), prices as written
 * @throws {InputError} `FILE_NOT_FOUND`; `BAD_PARAMETER` for JSON that is not such a list
 *   (naming the entry); `BAD_TIMESTAMP`, `BAD_PRICE`, `TIME_ORDER` naming the entry
 * @example const [eth] = await readCoinGeckoJson('coingecko-WETHUSD.json')
 */
export async function readCoinGeckoJson(file: string, symbol?: string): Promise<PriceSeries[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new InputError('FILE_NOT_FOUND', { file }, `cannot be read (${(error as Error).message})`)
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new InputError(
      'BAD_PARAMETER',
      { file },
      `expected JSON, found a syntax error (${(error as Error).message})`,
    )
  }
  const list: unknown =
    data !== null && typeof data === 'object' && !Array.isArray(data)
      ? (data as { prices?: unknown }).prices
      : data
  if (!Array.isArray(list))
    throw new InputError(
      'BAD_PARAMETER',
      { file },
      'expected a list of [time, price] pairs or an object with "prices", found neither',
    )
  const times = new Float64Array(list.length)
  const prices = new Float64Array(list.length)
  list.forEach((entry: unknown, i) => {
    const path = `[${i}]`
    if (!Array.isArray(entry) || entry.length < 2)
      throw new InputError(
        'BAD_PARAMETER',
        { file, path },
        `expected [time, price], found ${JSON.stringify(entry)}`,
      )
    const time = parseTimestamp(String(entry[0]))
    if (!Number.isFinite(time))
      throw new InputError(
        'BAD_TIMESTAMP',
        { file, path },
        `expected a time, found ${JSON.stringify(entry[0])}`,
      )
    const price = Number(entry[1])
    if (!(typeof entry[1] === 'number' && Number.isFinite(price) && price > 0))
      throw new InputError(
        'BAD_PRICE',
        { file, path },
        `expected a price > 0, found ${JSON.stringify(entry[1])}`,
      )
    if (i > 0 && !(time > times[i - 1]!))
      throw new InputError(
        'TIME_ORDER',
        { file, path },
        `expected times in increasing order, found ${isoTime(time)} after ${isoTime(times[i - 1]!)}`,
      )
    times[i] = time
    prices[i] = price
  })
  const name = symbol ?? symbolFromFileName(file)
  if (name === undefined)
    throw new InputError(
      'UNKNOWN_SYMBOL',
      { file },
      'the file name names no asset; name the file after its pair (coingecko-ETHUSD.json)',
    )
  return [
    {
      symbol: name,
      times,
      prices,
      source: { file, format: 'coingecko', rows: list.length, skipped: [] },
    },
  ]
}

/**
 * Reads price files and matches them to a pool's tokens: a series `BASE/QUOTE` prices the pool
 * token named `BASE` (case-insensitive; WETH = ETH, WBTC = BTC); every series must share one
 * quote, the feed's numeraire; a pool token with no series must be that numeraire (price 1).
 * `.json` files are read as CoinGecko JSON, others by {@link readPriceFile} (format detected).
 * @param files - price files (one or more series each)
 * @param tokens - the pool's token symbols, in pool order
 * @returns the feed for `analyseReplay`, series in pool order
 * @throws {InputError} `BAD_PARAMETER` for series of different quotes, a token without a series
 *   (naming the series found), or two series for one token; the readers' errors
 * @example const feed = await loadReplayFeed(['COINBASE_WETHUSD_5.csv', 'COINBASE_DAIUSD_5.csv'], ['WETH', 'DAI'])
 */
export async function loadReplayFeed(
  files: readonly string[],
  tokens: readonly string[],
): Promise<ReplayFeed> {
  const series: PriceSeries[] = []
  for (const file of files)
    series.push(
      ...(file.toLowerCase().endsWith('.json')
        ? await readCoinGeckoJson(file)
        : await readPriceFile(file)),
    )
  const quotes = new Set(series.map((s) => s.symbol.split('/')[1] ?? ''))
  if (quotes.size !== 1 || quotes.has(''))
    throw new InputError(
      'BAD_PARAMETER',
      { path: '--prices' },
      `expected every series quoted in one numeraire, found ${series.map((s) => `${s.symbol} (${s.source.file})`).join(', ')}`,
    )
  const numeraire = [...quotes][0]!
  const matched = tokens.map((token) => {
    const found = series.filter((s) => canonical(s.symbol.split('/')[0]!) === canonical(token))
    if (found.length > 1)
      throw new InputError(
        'BAD_PARAMETER',
        { path: '--prices' },
        `expected one series for ${token}, found ${found.map((s) => `${s.symbol} (${s.source.file})`).join(', ')}`,
      )
    if (found.length === 1) return found[0]!
    if (canonical(token) === canonical(numeraire)) return null
    throw new InputError(
      'BAD_PARAMETER',
      { path: '--prices' },
      `no price series for pool token ${token} (in ${numeraire}); found ${series.map((s) => `${s.symbol} (${s.source.file})`).join(', ')}; add a file for ${token}`,
    )
  })
  return { numeraire, series: matched }
}
