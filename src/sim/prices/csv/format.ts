/**
 * Price-file formats: which columns hold the time and the prices, found from the header row
 * (or, for header-less Binance klines, from the shape of the first row).
 */
import type { Stats } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { parse } from 'csv-parse/sync'
import { InputError } from '../../../errors.js'

/** The layouts {@link readPriceFile} understands. `ohlc` is any header with a time and a close. */
export type PriceFileFormat =
  'binance' | 'coingecko' | 'yahoo' | 'coinmarketcap' | 'wide' | 'long' | 'ohlc'

/** Every format, in the order `format: 'auto'` tries them. */
export const PRICE_FILE_FORMATS: readonly PriceFileFormat[] = [
  'binance',
  'coingecko',
  'coinmarketcap',
  'yahoo',
  'long',
  'ohlc',
  'wide',
]

/** Which price of a bar to take: `typical` is (high + low + close) / 3. */
export type PriceField = 'close' | 'open' | 'typical'

/** Column indices (0-based) of one file, resolved from its header or its format. */
export interface FileLayout {
  readonly format: PriceFileFormat
  readonly delimiter: ',' | ';'
  /** Whether the first record is a header (skipped when reading). */
  readonly hasHeader: boolean
  /** The header's cells as written (empty for a header-less file). */
  readonly header: readonly string[]
  readonly time: number
  readonly open: number | undefined
  readonly high: number | undefined
  readonly low: number | undefined
  /** The close (or the only price: CoinGecko's `price`, a two-column `time,price` file). */
  readonly close: number
  /** `long` only: the column holding the symbol. */
  readonly symbol: number | undefined
  /** `wide` only: one price column per symbol. */
  readonly columns: readonly { readonly symbol: string; readonly column: number }[]
}

/** Header names taken as the time column, best first (`unix` beats CryptoDataDownload's `date`). */
const TIME_NAMES = ['unix', 'open_time', 'timestamp', 'time', 'date', 'datetime', 'snapped_at']
/** Bytes read to see the header: enough for any header line, never the whole file. */
const HEAD_BYTES = 65_536

/**
 * What a file that is not a regular file is, in words, by `stat` (which never blocks, unlike
 * opening a FIFO with no writer).
 * @param stats - from `stat` / `statSync`
 * @returns `'a folder'`, `'a FIFO (named pipe)'`, `'a socket'`, `'a device'`, or undefined for a
 *   regular file
 * @example nonRegularKind(statSync('/tmp')) // 'a folder'
 */
export function nonRegularKind(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined
  if (stats.isDirectory()) return 'a folder'
  if (stats.isFIFO()) return 'a FIFO (named pipe)'
  if (stats.isSocket()) return 'a socket'
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device'
  return 'not a regular file'
}

/**
 * Refuses anything but a regular file before it is opened: a FIFO would block the open (and
 * every read) until a writer comes, a device may never end, and neither is a price history.
 * @param file - path of the file; messages name it as given
 * @throws {InputError} `FILE_NOT_FOUND` with `values.errno` the `stat` error (`ENOENT`, …), or
 *   `'EISDIR'` for a folder and `'ENOTREG'` with `values.kind` for a FIFO, socket or device
 * @example await checkRegularFile('/tmp/fifo') // throws: /tmp/fifo: a FIFO (named pipe), not a regular file
 */
export async function checkRegularFile(file: string): Promise<void> {
  let stats: Stats
  try {
    stats = await stat(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown'
    throw new InputError('FILE_NOT_FOUND', { file }, `cannot open the file (${code})`, {
      errno: code,
    })
  }
  const kind = nonRegularKind(stats)
  if (kind === undefined) return
  const errno = stats.isDirectory() ? 'EISDIR' : 'ENOTREG'
  throw new InputError('FILE_NOT_FOUND', { file }, `${kind}, not a regular file`, {
    errno,
    kind,
  })
}

/**
 * Reads the first line of a file (BOM and CR removed) without reading the rest.
 * @param file - path of the file
 * @returns the first non-blank line, for format detection
 * @throws {InputError} `FILE_NOT_FOUND` when it cannot be opened; `FILE_EMPTY` when it holds only blanks
 */
export async function readHeadLine(file: string): Promise<string> {
  await checkRegularFile(file)
  let handle
  try {
    handle = await open(file, 'r')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown'
    throw new InputError('FILE_NOT_FOUND', { file }, `cannot open the file (${code})`, {
      errno: code,
    })
  }
  try {
    const buffer = Buffer.alloc(HEAD_BYTES)
    let bytesRead: number
    try {
      ;({ bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0))
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown'
      throw new InputError('FILE_NOT_FOUND', { file }, `cannot read the file (${code})`, {
        errno: code,
      })
    }
    const text = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
    const line = text.split('\n').find((candidate) => candidate.trim() !== '')
    if (line === undefined) throw new InputError('FILE_EMPTY', { file }, 'the file is empty')
    return line.replace(/\r$/, '')
  } finally {
    await handle.close()
  }
}

/** `;` when the line has more semicolons than commas (CoinMarketCap, TradingView exports). */
function delimiterOf(line: string): ',' | ';' {
  let commas = 0
  let semicolons = 0
  for (const ch of line) {
    if (ch === ',') commas++
    else if (ch === ';') semicolons++
  }
  return semicolons > commas ? ';' : ','
}

/** The header's cells; a header csv-parse refuses (an unclosed quote) is the file's first error. */
function splitLine(file: string, line: string, delimiter: string): string[] {
  let rows: string[][]
  try {
    rows = parse(line, { delimiter, relax_quotes: true, relax_column_count: true })
  } catch (error) {
    throw new InputError(
      'BAD_ROW',
      { file, line: 1 },
      `the header cannot be parsed: ${(error as Error).message}`,
    )
  }
  return (rows[0] ?? []).map((cell) => cell.trim())
}

const NUMBER = /^\s*\d+(?:\.\d+)?\s*$/

/**
 * Resolves a file's layout: detects the format from the first line when `format` is `'auto'`,
 * else checks that the header fits the named format.
 * @param file - named in messages only
 * @param line - the file's first line, from {@link readHeadLine}
 * @param format - a named format, or `'auto'` to try {@link PRICE_FILE_FORMATS} in order
 * @returns 0-based column indices of the time and price fields, and the delimiter
 * @example layoutFromHeadLine('eth.csv', 'snapped_at,price,market_cap,total_volume', 'auto').close // 1
 * @throws {InputError} `UNKNOWN_FORMAT` naming the formats tried and the header found
 */
export function layoutFromHeadLine(
  file: string,
  line: string,
  format: PriceFileFormat | 'auto',
): FileLayout {
  const delimiter = delimiterOf(line)
  const cells = splitLine(file, line, delimiter)
  const names = cells.map((cell) => cell.toLowerCase())
  const tried = format === 'auto' ? PRICE_FILE_FORMATS : [format]
  for (const candidate of tried) {
    const layout = layoutFor(candidate, cells, names, delimiter)
    if (layout !== undefined) return layout
  }
  const shown = line.length > 120 ? `${line.slice(0, 117)}...` : line
  throw new InputError(
    'UNKNOWN_FORMAT',
    { file, line: 1 },
    `no ${format === 'auto' ? 'known format' : `${format} layout`} matches the first line "${shown}" (tried ${tried.join(', ')})`,
    { tried, header: cells },
  )
}

function layoutFor(
  format: PriceFileFormat,
  cells: readonly string[],
  names: readonly string[],
  delimiter: ',' | ';',
): FileLayout | undefined {
  const at = (name: string): number | undefined => {
    const index = names.indexOf(name)
    return index < 0 ? undefined : index
  }
  const base = { format, delimiter, hasHeader: true, header: cells, symbol: undefined, columns: [] }
  const timeColumn = TIME_NAMES.map(at).find((index) => index !== undefined)
  switch (format) {
    case 'binance': {
      // Kline layout by position: open time, open, high, low, close, volume, close time, ...
      const isHeaderless = NUMBER.test(cells[0] ?? '') && cells.length >= 5
      if (!isHeaderless && !(names[0] === 'open_time' && names[4] === 'close')) return undefined
      return {
        ...base,
        hasHeader: !isHeaderless,
        header: isHeaderless ? [] : cells,
        time: 0,
        open: 1,
        high: 2,
        low: 3,
        close: 4,
      }
    }
    case 'coingecko': {
      const time = at('snapped_at')
      const close = at('price')
      if (time === undefined || close === undefined) return undefined
      return { ...base, time, open: undefined, high: undefined, low: undefined, close }
    }
    case 'coinmarketcap': {
      // Rows are labelled by timeOpen, like Binance's open time; the close is the day's last price.
      const time = at('timeopen')
      const close = at('close')
      if (time === undefined || close === undefined) return undefined
      return { ...base, time, open: at('open'), high: at('high'), low: at('low'), close }
    }
    case 'yahoo': {
      // By name, so pandas' unnamed index column and alphabetical column orders also read.
      const time = at('date')
      const close = at('close')
      if (time === undefined || close === undefined || at('adj close') === undefined)
        return undefined
      return { ...base, time, open: at('open'), high: at('high'), low: at('low'), close }
    }
    case 'long': {
      const symbol = at('symbol')
      const close = at('price')
      if (cells.length !== 3 || timeColumn === undefined || symbol === undefined) return undefined
      if (close === undefined) return undefined
      return {
        ...base,
        time: timeColumn,
        open: undefined,
        high: undefined,
        low: undefined,
        close,
        symbol,
      }
    }
    case 'ohlc': {
      const close = at('close') ?? at('price')
      if (timeColumn === undefined || close === undefined) return undefined
      return {
        ...base,
        time: timeColumn,
        open: at('open'),
        high: at('high'),
        low: at('low'),
        close,
      }
    }
    case 'wide': {
      if (!TIME_NAMES.includes(names[0] ?? '') || cells.length < 2) return undefined
      if (cells.slice(1).some((cell) => cell === '')) return undefined
      return {
        ...base,
        time: 0,
        open: undefined,
        high: undefined,
        low: undefined,
        close: 1,
        columns: cells.slice(1).map((symbol, k) => ({ symbol, column: k + 1 })),
      }
    }
  }
}

/**
 * Detects the format of a price file from its first line, reading no more than 64 KiB.
 * @param file - path of the CSV file
 * @returns the first format in {@link PRICE_FILE_FORMATS} whose header (or, for header-less
 *   Binance klines, first row) fits
 * @throws {InputError} `FILE_NOT_FOUND`, `FILE_EMPTY`, or `UNKNOWN_FORMAT` (naming what was tried)
 * @example await detectFormat('data/ETHUSDT.csv') // 'binance'
 */
export async function detectFormat(file: string): Promise<PriceFileFormat> {
  const line = await readHeadLine(file)
  return layoutFromHeadLine(file, line, 'auto').format
}

/** Quote currencies recognised in a pair name such as `ETHUSDT`, `ETH-USD` or `USD-ETH`. */
export const QUOTES: readonly string[] = [
  'USDT',
  'USDC',
  'BUSD',
  'TUSD',
  'FDUSD',
  'USD',
  'EUR',
  'DAI',
]
/** File-name words that are never the asset (exchange and data-site prefixes, descriptions). */
const NOT_ASSETS = new Set(['BINANCE', 'COINBASE', 'COIN', 'KRAKEN', 'BITSTAMP', 'DATA', 'PRICE'])
/**
 * Coins a file name may name alone (`Bitcoin_2020.csv`, `coin_Aave.csv`, `wsteth.csv`): the
 * ticker, and the coin's name where it differs. Any other lone word is not taken as a symbol.
 */
export const WELL_KNOWN_COINS: Readonly<Record<string, string>> = {
  BTC: 'BTC',
  BITCOIN: 'BTC',
  WBTC: 'WBTC',
  ETH: 'ETH',
  ETHEREUM: 'ETH',
  WETH: 'WETH',
  STETH: 'STETH',
  WSTETH: 'WSTETH',
  USDC: 'USDC',
  USDT: 'USDT',
  TETHER: 'USDT',
  DAI: 'DAI',
  BAL: 'BAL',
  BALANCER: 'BAL',
  AAVE: 'AAVE',
  UNI: 'UNI',
  UNISWAP: 'UNI',
  LINK: 'LINK',
  CHAINLINK: 'LINK',
  MKR: 'MKR',
  MAKER: 'MKR',
  COMP: 'COMP',
  COMPOUND: 'COMP',
  SNX: 'SNX',
  SYNTHETIX: 'SNX',
  SOL: 'SOL',
  SOLANA: 'SOL',
}
/** A part that can be an asset: letters and digits, starting with a letter, not a known prefix. */
const ASSET = /^[A-Z][A-Z0-9]{0,11}$/

/**
 * The symbol a file name implies, or undefined when it names none. The name (extension
 * dropped, upper-cased) is split at `-`, `_`, `.` and spaces, and read from its end:
 * 1. a part glued to a known quote (`ETHUSDT`, `AAVEUSDT5` with a bar-size suffix) or a part
 *    followed by a quote (`ETH-USD`, `eth-usd-max`, `kaushal_USDC-USD`) gives `ETH/USDT`,
 *    `ETH/USD`, `USDC/USD`; the last such pair in the name wins, so a prefix word is never the asset;
 * 2. else a quote followed by a part (`USD-ETH`) gives that pair as written, `USD/ETH` (the
 *    aligner inverts it to ETH in USD where needed);
 * 3. else a part that is a well-known coin's ticker or name (`WELL_KNOWN_COINS`:
 *    `Bitcoin_2020` gives `BTC`, `coin_Aave` gives `AAVE`), bare.
 * Any other name gives undefined: the caller must be told the symbol. Quotes known: USDT,
 * USDC, BUSD, TUSD, FDUSD, USD, EUR, DAI.
 * @param file - a path; only its last segment is used
 * @returns `BASE/QUOTE`, a bare well-known `BASE`, or undefined
 * @example symbolFromFileName('data/ETHUSDT.csv') // 'ETH/USDT'
 * @example symbolFromFileName('kaushal_USDC-USD.csv') // 'USDC/USD'
 * @example symbolFromFileName('prices_2020.csv') // undefined
 */
export function symbolFromFileName(file: string): string | undefined {
  const stem = basename(file).replace(/\.[^.]*$/, '')
  const parts = stem
    .toUpperCase()
    .split(/[-_. ]+/)
    .filter((part) => part !== '')
  const isAsset = (part: string | undefined): part is string =>
    part !== undefined && ASSET.test(part) && !NOT_ASSETS.has(part)
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i]!
    const next = parts[i + 1]
    if (next !== undefined && QUOTES.includes(next) && isAsset(part)) return `${part}/${next}`
    // a quote is never glued to itself: BUSD is not B in USD
    if (QUOTES.includes(part)) continue
    for (const quote of QUOTES) {
      const glued = new RegExp(`^([A-Z][A-Z0-9]*?)${quote}\\d*$`).exec(part)
      if (isAsset(glued?.[1])) return `${glued[1]}/${quote}`
    }
  }
  for (let i = parts.length - 2; i >= 0; i--) {
    const next = parts[i + 1]
    if (QUOTES.includes(parts[i]!) && isAsset(next)) return `${parts[i]!}/${next}`
  }
  const coin = parts.find((part) => WELL_KNOWN_COINS[part] !== undefined)
  return coin === undefined ? undefined : WELL_KNOWN_COINS[coin]
}
