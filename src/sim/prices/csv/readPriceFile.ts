/**
 * Streams a price file through csv-parse into one {@link PriceSeries} per symbol: times in Unix
 * seconds, prices as written, rows checked one by one (bad rows are errors naming file, line and
 * column, or, with `lenient`, skipped and listed).
 */
import { createReadStream } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { parse } from 'csv-parse'
import { InputError, type InputErrorCode } from '../../../errors.js'
import {
  layoutFromHeadLine,
  readHeadLine,
  symbolFromFileName,
  type FileLayout,
  type PriceField,
  type PriceFileFormat,
} from './format.js'
import {
  compileDateFormat,
  guessDateFormats,
  isoTime,
  parseTimestamp,
  parseWithDateFormat,
  type DateFormat,
} from './timestamp.js'

/** A row left out of a series, and why. */
export interface SkippedRow {
  /** 1-based line in the file. */
  readonly line: number
  /** 1-based column of the offending cell, when one cell is at fault. */
  readonly column?: number
  /** The error code the row would have raised, or `NO_PRICE` for an empty row or cell. */
  readonly code: InputErrorCode | 'NO_PRICE'
  /** What was wrong, as in the error message without the location. */
  readonly reason: string
}

/** Where a series came from. One object per file, shared by every series read from it. */
export interface PriceSeriesSource {
  /** The path as passed in (messages name the file so). */
  readonly file: string
  /**
   * The file as the scenario wrote it, relative to the scenario's folder, when it was read for
   * one: results name it so, and hold no absolute path or working directory.
   */
  readonly name?: string
  readonly format: PriceFileFormat
  /** Data rows read (header excluded, skipped rows included). */
  readonly rows: number
  /** Rows (or wide-file cells) left out: empty rows always, bad rows in lenient mode, duplicates under `first`/`last`. */
  readonly skipped: readonly SkippedRow[]
}

/** One asset's prices from one file, ascending in time. */
export interface PriceSeries {
  /** `BASE/QUOTE` (`ETH/USDT`) or a bare `BASE` whose unit the file does not name. */
  readonly symbol: string
  /** Unix seconds, strictly increasing. */
  readonly times: Float64Array
  /** Price per unit of the base, in the quote (the file's unit for a bare symbol); all > 0. */
  readonly prices: Float64Array
  readonly source: PriceSeriesSource
}

/** How repeated timestamps are treated: an error, or keep the first or the last row in file order. */
export type DuplicatePolicy = 'error' | 'first' | 'last'

/** Options of {@link readPriceFile}. */
export interface ReadPriceFileOptions {
  /** A named format, or `'auto'` (the default) to detect it from the first line. */
  format?: PriceFileFormat | 'auto'
  /** Price of a bar to take where OHLC exists; default `close`. */
  price?: PriceField
  /**
   * Symbol of a single-series file (`ETH`, or a pair `ETH/USD`); default from the file name
   * ({@link symbolFromFileName}), and `UNKNOWN_SYMBOL` when the name gives none.
   */
  symbol?: string
  /** Skip bad rows (listing them in `source.skipped`) instead of failing on the first. */
  lenient?: boolean
  /** Repeated timestamps: `error` (default), or keep the `first` or `last` row. */
  duplicates?: DuplicatePolicy
  /** Sort rows by time before the order and duplicate checks (files made of several blocks). */
  sort?: boolean
  /**
   * Seconds east of UTC that the file's labels are written in (10_800 for UTC+3); subtracted
   * from every time. Default 0: naive labels are UTC.
   */
  utcOffset?: number
  /**
   * Layout of the time cells, such as `MM/DD/YYYY HH:mm` or `DD.MM.YYYY` (tokens in
   * `compileDateFormat`); default ISO-8601 dates and epoch numbers.
   */
  dateFormat?: string
}

/** The option an error suggests (`values.fix`): the CLI words it as its own flag. */
export type OptionFix = 'sort' | 'duplicates' | 'dateFormat' | 'symbol'

/**
 * `"MM/DD/YYYY" (month first) or "DD/MM/YYYY" (day first)`: date formats as a choice, each
 * labelled by what comes first when there are two. `quote` renders one format (with its option).
 */
function formatChoices(formats: readonly string[], quote: (f: string) => string): string {
  const label = (f: string): string =>
    f.startsWith('MM') ? ' (month first)' : f.startsWith('DD') ? ' (day first)' : ''
  if (formats.length < 2) return formats.map(quote).join('')
  return formats.map((f) => `${quote(f)}${label(f)}`).join(' or ')
}

/**
 * The end of a message that names the option fixing it, in the library's and the scenario's
 * key names (`set "sort": true …`); stored as `values.hint` so a CLI can word it as a flag.
 */
function keyHint(fix: OptionFix, formats: readonly string[]): string {
  switch (fix) {
    case 'sort':
      return 'set "sort": true to sort the rows by time'
    case 'duplicates':
      return 'set "duplicates": "first" or "last" to keep one row per time'
    case 'symbol':
      return 'set "symbol" to the asset the file prices ("ETH", or a pair such as "ETH/USD")'
    case 'dateFormat':
      return formats.length === 0
        ? 'set "dateFormat" to the layout of the time cells, such as "DD.MM.YYYY HH:mm"'
        : `set "dateFormat": ${formatChoices(formats, (f) => `"${f}"`)}`
  }
}

/** `values` of an error that an option fixes: the option, the formats guessed, the hint text. */
function fixValues(fix: OptionFix, formats: readonly string[] = []): Record<string, unknown> {
  return { fix, formats: [...formats], hint: keyHint(fix, formats) }
}

/** A growable column of one series under construction. */
interface Accumulator {
  symbol: string
  times: Float64Array
  prices: Float64Array
  lines: Float64Array
  length: number
  /** +1 ascending, -1 descending, 0 not known yet (fewer than two distinct times). */
  direction: number
}

const INITIAL_CAPACITY = 1024
const POSITIVE = /^\s*\+?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/

function createAccumulator(symbol: string): Accumulator {
  return {
    symbol,
    times: new Float64Array(INITIAL_CAPACITY),
    prices: new Float64Array(INITIAL_CAPACITY),
    lines: new Float64Array(INITIAL_CAPACITY),
    length: 0,
    direction: 0,
  }
}

function grow(acc: Accumulator): void {
  const capacity = acc.times.length * 2
  const times = new Float64Array(capacity)
  const prices = new Float64Array(capacity)
  const lines = new Float64Array(capacity)
  times.set(acc.times)
  prices.set(acc.prices)
  lines.set(acc.lines)
  acc.times = times
  acc.prices = prices
  acc.lines = lines
}

/** A bad row: thrown in strict mode, recorded in lenient mode. Never leaves this module. */
class RowProblem extends Error {
  constructor(
    readonly code: InputErrorCode,
    readonly column: number | undefined,
    readonly reason: string,
    readonly values: Record<string, unknown>,
    /** Appended to the message when thrown (not when the row is only skipped): the fix. */
    readonly hint?: string,
  ) {
    super(reason)
  }
}

function isBlank(cell: string | undefined): boolean {
  if (cell === undefined) return true
  const trimmed = cell.trim()
  return trimmed === '' || trimmed.toLowerCase() === 'null'
}

function readPrice(cells: readonly string[], column: number): number {
  const cell = cells[column]!
  const value = POSITIVE.test(cell) ? Number(cell) : NaN
  if (!(value > 0) || !Number.isFinite(value))
    throw new RowProblem('BAD_PRICE', column + 1, `price "${cell}" is not a positive number`, {
      cell,
    })
  return value
}

/** The columns a price choice needs, checked once against the layout. */
function priceColumns(file: string, layout: FileLayout, price: PriceField): number[] {
  if (price === 'close') return [layout.close]
  const needed = price === 'open' ? [layout.open] : [layout.high, layout.low, layout.close]
  if (needed.some((column) => column === undefined))
    throw new InputError(
      'BAD_OPTION',
      { file },
      `price "${price}" needs ${price === 'open' ? 'an open column' : 'high, low and close columns'}, which this ${layout.format} file does not have`,
      { price, format: layout.format },
    )
  return needed as number[]
}

/**
 * Reads a price file, streamed through csv-parse (memory grows with the rows kept, never with
 * the file as text).
 *
 * Rules: a row's time is its label as written (bar open time for OHLC files, CoinMarketCap's
 * `timeOpen`, CoinGecko's snapshot instant); a file may be ascending or descending throughout
 * (descending files are reversed); a row whose price cells are all empty or `null` means "no
 * price then" and is listed in `skipped` even in strict mode; a wide file's empty cell likewise.
 * @param file - path of the CSV file; messages name it as given
 * @param options - see {@link ReadPriceFileOptions}
 * @returns one series per symbol (one for single-asset formats; one per column or symbol for
 *   `wide` and `long`), times in Unix seconds ascending, prices > 0 in the file's quote
 * @throws {InputError} `FILE_NOT_FOUND`, `FILE_EMPTY`, `UNKNOWN_FORMAT`, `BAD_OPTION` (also a bad
 *   `dateFormat`), `UNKNOWN_SYMBOL` (a single-asset file whose name gives no symbol, without
 *   `symbol`), and per row `BAD_ROW`, `BAD_PRICE`, `BAD_TIMESTAMP`, `TIME_ORDER`,
 *   `DUPLICATE_TIMESTAMP`, each naming `file:line:column`; those an option fixes end with it
 *   (`set "sort": true …`) and carry it in `values.fix`, `values.hint`, `values.formats`
 * @example const [eth] = await readPriceFile('data/ETHUSDT.csv') // eth.symbol === 'ETH/USDT'
 */
export async function readPriceFile(
  file: string,
  options: ReadPriceFileOptions = {},
): Promise<PriceSeries[]> {
  const price = options.price ?? 'close'
  const duplicates = options.duplicates ?? 'error'
  const isLenient = options.lenient ?? false
  const isSorted = options.sort ?? false
  const utcOffset = options.utcOffset ?? 0
  if (!Number.isFinite(utcOffset))
    throw new InputError(
      'BAD_OPTION',
      { file },
      `utcOffset ${utcOffset} is not a number of seconds`,
    )
  let dateFormat: DateFormat | undefined
  if (options.dateFormat !== undefined) {
    const compiled = compileDateFormat(options.dateFormat)
    if (typeof compiled === 'string')
      throw new InputError('BAD_OPTION', { file }, `date format ${compiled}`, {
        dateFormat: options.dateFormat,
      })
    dateFormat = compiled
  }
  const headLine = await readHeadLine(file)
  const layout = layoutFromHeadLine(file, headLine, options.format ?? 'auto')
  const isWide = layout.format === 'wide'
  const isLong = layout.format === 'long'
  if ((isWide || isLong) && options.symbol !== undefined)
    throw new InputError(
      'BAD_OPTION',
      { file },
      `symbol "${options.symbol}" cannot be set for a ${layout.format} file: its symbols come from the ${isWide ? 'header' : 'symbol column'}`,
    )
  const columns = isWide || isLong ? [layout.close] : priceColumns(file, layout, price)
  const allPriceColumns = [layout.open, layout.high, layout.low, layout.close].filter(
    (column): column is number => column !== undefined,
  )
  const minCells = Math.max(layout.time, ...columns, layout.symbol ?? 0) + 1

  const skipped: SkippedRow[] = []
  const bySymbol = new Map<string, Accumulator>()
  // Read with a placeholder; a name that gives no symbol fails after the rows, so problems in
  // the content (which no symbol fixes) are reported first.
  const singleSymbol = options.symbol ?? (isWide || isLong ? undefined : symbolFromFileName(file))
  const single = createAccumulator(singleSymbol ?? '')
  const wideAccs = layout.columns.map((entry) => {
    if (bySymbol.has(entry.symbol))
      throw new InputError(
        'BAD_ROW',
        { file, line: 1, column: entry.column + 1 },
        `column "${entry.symbol}" appears twice in the header`,
      )
    const acc = createAccumulator(entry.symbol)
    bySymbol.set(entry.symbol, acc)
    return acc
  })
  if (!isWide && !isLong) bySymbol.set(single.symbol, single)
  let rows = 0
  let isFirstRecord = true

  /** The first row skipped for a time that does not read: its hint is the FILE_EMPTY's. */
  let firstBadTime: { line: number; problem: RowProblem } | undefined
  const skip = (line: number, problem: RowProblem): void => {
    skipped.push({ line, column: problem.column, code: problem.code, reason: problem.reason })
    if (problem.code === 'BAD_TIMESTAMP') firstBadTime ??= { line, problem }
  }
  const fail = (line: number, problem: RowProblem): never => {
    throw new InputError(
      problem.code,
      { file, line, column: problem.column },
      problem.hint === undefined ? problem.reason : `${problem.reason}; ${problem.hint}`,
      problem.values,
    )
  }

  /** Appends one observation, checking order and duplicates against the previous one kept. */
  const push = (acc: Accumulator, time: number, value: number, line: number): void => {
    const n = acc.length
    if (n > 0 && !isSorted) {
      const last = acc.times[n - 1]!
      if (time === last) {
        const earlier = acc.lines[n - 1]!
        const label = isWide || isLong ? `${acc.symbol} at ` : ''
        if (duplicates === 'first') {
          skipped.push({
            line,
            code: 'DUPLICATE_TIMESTAMP',
            reason: `${label}timestamp ${isoTime(time)} repeats line ${earlier}; the first is kept`,
          })
          return
        }
        if (duplicates === 'last') {
          skipped.push({
            line: earlier,
            code: 'DUPLICATE_TIMESTAMP',
            reason: `${label}timestamp ${isoTime(time)} repeats on line ${line}; the last is kept`,
          })
          acc.prices[n - 1] = value
          acc.lines[n - 1] = line
          return
        }
        const fix = fixValues('duplicates')
        throw new RowProblem(
          'DUPLICATE_TIMESTAMP',
          layout.time + 1,
          `${label}timestamp ${isoTime(time)} repeats line ${earlier}`,
          { time, earlierLine: earlier, ...fix },
          fix.hint as string,
        )
      }
      const step = time > last ? 1 : -1
      if (acc.direction === 0) acc.direction = step
      else if (step !== acc.direction) {
        const fix = fixValues('sort')
        throw new RowProblem(
          'TIME_ORDER',
          layout.time + 1,
          `${isWide || isLong ? `${acc.symbol} at ` : ''}timestamp ${isoTime(time)} is out of order: line ${acc.lines[n - 1]!} has ${isoTime(last)} in a${acc.direction > 0 ? 'n ascending' : ' descending'} file`,
          { time, previous: last, previousLine: acc.lines[n - 1]!, ...fix },
          fix.hint as string,
        )
      }
    }
    if (n === acc.times.length) grow(acc)
    acc.times[n] = time
    acc.prices[n] = value
    acc.lines[n] = line
    acc.length = n + 1
  }

  const onRecord = (cells: string[], line: number): void => {
    if (isFirstRecord) {
      isFirstRecord = false
      if (layout.hasHeader) return
    }
    rows++
    try {
      if (cells.length < minCells)
        throw new RowProblem(
          'BAD_ROW',
          undefined,
          `expected at least ${minCells} fields, found ${cells.length}`,
          { fields: cells.length },
        )
      if (!isWide && !isLong && allPriceColumns.every((column) => isBlank(cells[column]))) {
        skipped.push({ line, code: 'NO_PRICE', reason: 'no price (empty row)' })
        return
      }
      const timeCell = cells[layout.time]!
      const time =
        (dateFormat === undefined
          ? parseTimestamp(timeCell)
          : parseWithDateFormat(timeCell, dateFormat)) - utcOffset
      if (Number.isNaN(time)) throw badTimestamp(timeCell, layout.time + 1, dateFormat)
      if (isWide) {
        for (let k = 0; k < wideAccs.length; k++) {
          const column = k + 1
          const acc = wideAccs[k]!
          if (isBlank(cells[column])) {
            skipped.push({
              line,
              column: column + 1,
              code: 'NO_PRICE',
              reason: `no ${acc.symbol} price (empty cell)`,
            })
            continue
          }
          try {
            push(acc, time, readPrice(cells, column), line)
          } catch (problem) {
            // One bad cell of a wide row costs only that symbol's point in lenient mode.
            if (!(problem instanceof RowProblem) || !isLenient) throw problem
            skip(line, problem)
          }
        }
        return
      }
      let acc = single
      if (isLong) {
        const symbol = cells[layout.symbol!]!.trim()
        if (symbol === '')
          throw new RowProblem('BAD_ROW', layout.symbol! + 1, 'the symbol is empty', {})
        let found = bySymbol.get(symbol)
        if (found === undefined) {
          found = createAccumulator(symbol)
          bySymbol.set(symbol, found)
        }
        acc = found
      }
      let value: number
      if (columns.length === 1) value = readPrice(cells, columns[0]!)
      else {
        // Typical price (H + L + C) / 3: every cell is checked so a bad one is named.
        const high = readPrice(cells, columns[0]!)
        const low = readPrice(cells, columns[1]!)
        const close = readPrice(cells, columns[2]!)
        value = (high + low + close) / 3
      }
      push(acc, time, value, line)
    } catch (problem) {
      if (!(problem instanceof RowProblem)) throw problem
      if (isLenient) skip(line, problem)
      else fail(line, problem)
    }
  }

  const parser = parse({
    delimiter: layout.delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    // Rows are handled here, inside the parser, where `context.lines` is this record's last
    // line; returning nothing keeps csv-parse from buffering records we have already consumed.
    on_record: (record: string[], context) => {
      onRecord(record, context.lines)
      return undefined
    },
  })
  try {
    await pipeline(createReadStream(file), parser)
  } catch (error) {
    if (error instanceof InputError) throw error
    // csv-parse's own errors (an unclosed quote, say) carry the line they stopped at.
    const message = error instanceof Error ? error.message : String(error)
    const line = (error as { lines?: unknown }).lines
    throw new InputError(
      'BAD_ROW',
      { file, line: typeof line === 'number' ? line : undefined },
      `the CSV cannot be parsed: ${message}`,
    )
  }

  const source: PriceSeriesSource = { file, format: layout.format, rows, skipped }
  if (rows === 0) throw new InputError('FILE_EMPTY', { file }, 'the file has no data rows')
  if (!isWide && !isLong && singleSymbol === undefined) {
    const fix = fixValues('symbol')
    throw new InputError(
      'UNKNOWN_SYMBOL',
      { file },
      `the file name names no pair (such as ETHUSDT or ETH-USD) and no well-known coin; ${fix.hint as string}`,
      fix,
    )
  }
  const result: PriceSeries[] = []
  for (const acc of bySymbol.values()) {
    if (isSorted) sortAndDeduplicate(file, acc, duplicates, isLenient, skipped, layout.time + 1)
    if (acc.length === 0)
      throw new InputError(
        'FILE_EMPTY',
        { file },
        `no usable ${acc.symbol} prices in ${rows} rows (${skipped.length} skipped)${
          // lenient skipped every row: say why the first time did not read, and what fixes it
          firstBadTime === undefined
            ? ''
            : `; line ${firstBadTime.line}: ${firstBadTime.problem.reason}; ${firstBadTime.problem.hint!}`
        }`,
        {
          rows,
          skipped: skipped.length,
          ...(firstBadTime === undefined ? {} : firstBadTime.problem.values),
        },
      )
    const times = acc.times.slice(0, acc.length)
    const prices = acc.prices.slice(0, acc.length)
    if (acc.direction < 0) {
      times.reverse()
      prices.reverse()
    }
    result.push({ symbol: acc.symbol, times, prices, source })
  }
  skipped.sort((a, b) => a.line - b.line)
  return result
}

/**
 * A time cell that does not read: with a `dateFormat`, that it does not match it; without, that
 * it is neither ISO nor epoch. The hint offers the formats the text looks like (both orders for
 * `10/5/2020`).
 */
function badTimestamp(
  cell: string,
  column: number,
  dateFormat: DateFormat | undefined,
): RowProblem {
  const guesses = guessDateFormats(cell).filter((f) => f !== dateFormat?.text)
  const fix = fixValues('dateFormat', guesses)
  const reason =
    dateFormat === undefined
      ? `timestamp "${cell}" is not an ISO date or an epoch number (s, ms or us)`
      : `timestamp "${cell}" does not match the date format "${dateFormat.text}" (or is no real date)`
  return new RowProblem('BAD_TIMESTAMP', column, reason, { cell, ...fix }, fix.hint as string)
}

/** The `sort` option: stable sort by time (file order among equals), then the duplicate policy. */
function sortAndDeduplicate(
  file: string,
  acc: Accumulator,
  duplicates: DuplicatePolicy,
  isLenient: boolean,
  skipped: SkippedRow[],
  timeColumn: number,
): void {
  const n = acc.length
  const order = Array.from({ length: n }, (_, i) => i)
  order.sort((a, b) => acc.times[a]! - acc.times[b]! || a - b)
  const times = new Float64Array(n)
  const prices = new Float64Array(n)
  const lines = new Float64Array(n)
  let m = 0
  for (const i of order) {
    const time = acc.times[i]!
    const line = acc.lines[i]!
    if (m > 0 && times[m - 1] === time) {
      const earlier = lines[m - 1]!
      const where = `timestamp ${isoTime(time)}`
      if (duplicates === 'error' && !isLenient) {
        const fix = fixValues('duplicates')
        throw new InputError(
          'DUPLICATE_TIMESTAMP',
          { file, line, column: timeColumn },
          `${where} repeats line ${earlier}; ${fix.hint as string}`,
          { time, earlierLine: earlier, ...fix },
        )
      }
      if (duplicates === 'last') {
        skipped.push({
          line: earlier,
          code: 'DUPLICATE_TIMESTAMP',
          reason: `${where} repeats on line ${line}; the last is kept`,
        })
        prices[m - 1] = acc.prices[i]!
        lines[m - 1] = line
      } else {
        skipped.push({
          line,
          code: 'DUPLICATE_TIMESTAMP',
          reason: `${where} repeats line ${earlier}${duplicates === 'first' ? '; the first is kept' : ''}`,
        })
      }
      continue
    }
    times[m] = time
    prices[m] = acc.prices[i]!
    lines[m] = line
    m++
  }
  acc.times = times
  acc.prices = prices
  acc.lines = lines
  acc.length = m
  acc.direction = 1
}
